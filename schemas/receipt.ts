/**
 * The receipt (datasets.md §6): exactly one per landing object, at
 * `receipts/<partner>/<upload_id>.json`. The type is inferred from the schema.
 */
import { z } from 'zod';

export const RECEIPT_STATUSES = ['ACCEPTED', 'ACCEPTED_WITH_ERRORS', 'REJECTED', 'DUPLICATE'] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

const issue = z.object({
  code: z.string().regex(/^(F00[1-8]|R0(0[1-9]|1[01])|W00[12])$/),
  column: z.string().nullable(),
  message: z.string(),
  count: z.number().int().nonnegative(),
  /** The partner's row numbers, at most the first 100. */
  rows: z.array(z.number().int().nonnegative()).max(100),
});

export const receiptSchema = z
  .object({
    upload_id: z.string().min(1),
    key: z.string(),
    partner: z.string(),
    dataset: z.string().nullable(),
    period: z.string().nullable(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: z.number().int().nonnegative(),
    received_at: z.iso.datetime(),
    processed_at: z.iso.datetime(),
    status: z.enum(RECEIPT_STATUSES),
    rows_read: z.number().int().nonnegative(),
    rows_accepted: z.number().int().nonnegative(),
    rows_rejected: z.number().int().nonnegative(),
    errors: z.array(issue),
    warnings: z.array(issue),
    supersedes: z.string().nullable(),
    /** For DUPLICATE: the accepted upload with the same bytes. */
    duplicate_of: z.string().optional(),
  })
  .refine((r) => r.rows_read === r.rows_accepted + r.rows_rejected, { message: 'rows_read must equal rows_accepted + rows_rejected' })
  .refine((r) => r.status !== 'REJECTED' || r.rows_accepted === 0, { message: 'a REJECTED receipt accepts no rows' });

export type Receipt = z.infer<typeof receiptSchema>;
export type ReceiptIssue = z.infer<typeof issue>;
