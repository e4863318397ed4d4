/**
 * The data-contract model. A dataset contract is data: the ingest compiles it to
 * vectorised SQL, the zod row schema is derived from it, the catalogue (Glue tables,
 * DuckDB views) reads its columns. Adding next year's column is a one-line change in
 * the dataset's file under `schemas/<partner>/`.
 */

export const PARTNERS = ['council', 'schools', 'health', 'police', 'performance'] as const;
export type Partner = (typeof PARTNERS)[number];

/** Column types of datasets.md §3. */
export const COLUMN_TYPES = [
  'id', 'date', 'datetime', 'int', 'text', 'number', 'bool', 'code', 'upn', 'nhs', 'dob', 'postcode',
] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** Kinds of pseudonym (datasets.md §3): the prefix of the HMAC input. */
export const PSEUDONYM_KINDS = ['child', 'upn', 'nhs', 'police', 'family'] as const;
export type PseudonymKind = (typeof PSEUDONYM_KINDS)[number];

/**
 * How a dataset's files relate to time (datasets.md §1).
 * - `snapshot`: a full extract; period is the extract date `YYYY-MM-DD`.
 * - `month`: one month of events; period `YYYY-MM`.
 * - `year`: reference data for a year; period `YYYY`.
 */
export const CADENCES = ['snapshot', 'month', 'year'] as const;
export type Cadence = (typeof CADENCES)[number];

/** Rule codes of datasets.md §5. */
export const FILE_CODES = ['F001', 'F002', 'F003', 'F004', 'F005', 'F006', 'F007', 'F008'] as const;
export const ROW_CODES = ['R001', 'R002', 'R003', 'R004', 'R005', 'R006', 'R007', 'R008', 'R009', 'R010'] as const;
export const WARNING_CODES = ['W001', 'W002', 'R011'] as const;
export type FileCode = (typeof FILE_CODES)[number];
export type RowCode = (typeof ROW_CODES)[number];
export type WarningCode = (typeof WARNING_CODES)[number];
export type RuleCode = FileCode | RowCode | WarningCode;

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  /** Bold in the spec: a missing column is F004, a missing value R001. */
  readonly required: boolean;
  /** Accepted alternative headers (matched like the name: case, spaces, `_ - .` ignored). */
  readonly aliases: readonly string[];
  /** For `code` columns: the allowed codes, upper case. */
  readonly codes?: readonly string[];
  /** For `code` columns: other accepted inputs and the code they mean (e.g. sex `1` → `M`). */
  readonly codeAliases?: Readonly<Record<string, string>>;
  /** For `id` columns that never reach curated/ in clear. */
  readonly pseudonym?: PseudonymKind;
  /** The dataset's period date: R009 when outside the file's period. */
  readonly periodDate?: boolean;
  /** R011 (warning) when the date is a Saturday or Sunday. */
  readonly weekdayExpected?: boolean;
  /** Inclusive bounds for `int` and `number` columns (R002 outside). */
  readonly min?: number;
  readonly max?: number;
  /** Analyst-facing note, shown in the catalogue. */
  readonly note?: string;
}

/** Row rules, each tagged with its code. */
export type RowRule =
  /** R005: when both are present, `later` may not be before `earlier`. */
  | { readonly code: 'R005'; readonly kind: 'order'; readonly earlier: string; readonly later: string }
  /** R008: `column` is required when `when` has a value. */
  | { readonly code: 'R008'; readonly kind: 'requires'; readonly column: string; readonly when: string }
  /** R008: both present or both absent. */
  | { readonly code: 'R008'; readonly kind: 'together'; readonly columns: readonly [string, string] }
  /** R008: `column` is required when `when` equals `equals`. */
  | { readonly code: 'R008'; readonly kind: 'requiredWhenEquals'; readonly column: string; readonly when: string; readonly equals: string };

/** Cross-row rules (R007 comes from the key). */
export type CrossRowRule =
  /** R010: [start, end) intervals of rows with the same `by` may not overlap; all overlapping rows are rejected. */
  { readonly code: 'R010'; readonly kind: 'noOverlap'; readonly by: string; readonly start: string; readonly end: string };

export interface DatasetContract {
  readonly name: string;
  readonly partner: Partner;
  readonly cadence: Cadence;
  readonly description: string;
  /** Unique within a file (R007); compared in normalised form. */
  readonly key: readonly string[];
  readonly columns: readonly ColumnSpec[];
  readonly rules: readonly RowRule[];
  readonly crossRowRules: readonly CrossRowRule[];
  /** F008 threshold: rejected ÷ read above this rejects the file. @default 0.10 */
  readonly rejectThreshold: number;
  /** `year` datasets whose year is a financial year starting 1 April (targets), which may be sent a year ahead. */
  readonly financialYear?: boolean;
}

/** The partition column of curated/ for a cadence. */
export function partitionColumn(contract: Pick<DatasetContract, 'cadence'>): 'snapshot_date' | 'period' {
  return contract.cadence === 'snapshot' ? 'snapshot_date' : 'period';
}

/** Column options accepted by the builders below. */
export type ColumnOptions = Partial<Omit<ColumnSpec, 'name' | 'type' | 'codes'>>;

/** A column before it knows its name (the key of the `columns` object gives it). */
export type ColumnDraft = Omit<ColumnSpec, 'name'>;

function draft(type: ColumnType, options: ColumnOptions & { codes?: readonly string[] } = {}): ColumnDraft {
  return {
    type,
    required: options.required ?? false,
    aliases: options.aliases ?? [],
    ...(options.codes ? { codes: options.codes.map((c) => c.toUpperCase()) } : {}),
    ...(options.codeAliases ? { codeAliases: options.codeAliases } : {}),
    ...(options.pseudonym ? { pseudonym: options.pseudonym } : {}),
    ...(options.periodDate ? { periodDate: true } : {}),
    ...(options.weekdayExpected ? { weekdayExpected: true } : {}),
    ...(options.min !== undefined ? { min: options.min } : {}),
    ...(options.max !== undefined ? { max: options.max } : {}),
    ...(options.note ? { note: options.note } : {}),
  };
}

/** Column builders, one per type of datasets.md §3. */
export const col = {
  id: (o?: ColumnOptions) => draft('id', o),
  date: (o?: ColumnOptions) => draft('date', o),
  datetime: (o?: ColumnOptions) => draft('datetime', o),
  int: (o?: ColumnOptions) => draft('int', o),
  text: (o?: ColumnOptions) => draft('text', o),
  number: (o?: ColumnOptions) => draft('number', o),
  bool: (o?: ColumnOptions) => draft('bool', o),
  code: (codes: readonly string[], o?: ColumnOptions) => draft('code', { ...o, codes }),
  upn: (o?: ColumnOptions) => draft('upn', { pseudonym: 'upn', ...o }),
  nhs: (o?: ColumnOptions) => draft('nhs', { pseudonym: 'nhs', ...o }),
  dob: (o?: ColumnOptions) => draft('dob', o),
  postcode: (o?: ColumnOptions) => draft('postcode', o),
} as const;

/** Marks a draft column as required (bold in the spec). */
export function required(column: ColumnDraft): ColumnDraft {
  return { ...column, required: true };
}

/** Row-rule builders. */
export const rule = {
  order: (earlier: string, later: string): RowRule => ({ code: 'R005', kind: 'order', earlier, later }),
  requires: (column: string, when: string): RowRule => ({ code: 'R008', kind: 'requires', column, when }),
  together: (a: string, b: string): RowRule => ({ code: 'R008', kind: 'together', columns: [a, b] }),
  requiredWhenEquals: (column: string, when: string, equals: string): RowRule => ({
    code: 'R008', kind: 'requiredWhenEquals', column, when, equals,
  }),
  noOverlap: (by: string, start: string, end: string): CrossRowRule => ({ code: 'R010', kind: 'noOverlap', by, start, end }),
} as const;

export interface DatasetDefinition {
  name: string;
  partner: Partner;
  cadence: Cadence;
  description: string;
  key: readonly string[];
  columns: Readonly<Record<string, ColumnDraft>>;
  rules?: readonly RowRule[];
  crossRowRules?: readonly CrossRowRule[];
  /** @default 0.10 */
  rejectThreshold?: number;
  financialYear?: boolean;
}

/**
 * Builds a dataset contract and checks that every name it refers to is one of its
 * columns, so that a typo in a contract fails at load time, not on a partner's file.
 */
export function defineDataset(definition: DatasetDefinition): DatasetContract {
  const columns: ColumnSpec[] = Object.entries(definition.columns).map(([name, c]) => ({ name, ...c }));
  const names = new Set(columns.map((c) => c.name));
  const mustExist = (name: string, where: string) => {
    if (!names.has(name)) {
      throw new Error(`Contract ${definition.name}: ${where} names column '${name}', which is not one of ${[...names].join(', ')}`);
    }
  };
  definition.key.forEach((k) => mustExist(k, 'key'));
  for (const r of definition.rules ?? []) {
    if (r.kind === 'order') { mustExist(r.earlier, r.code); mustExist(r.later, r.code); }
    else if (r.kind === 'together') r.columns.forEach((c) => mustExist(c, r.code));
    else { mustExist(r.column, r.code); mustExist(r.when, r.code); }
  }
  for (const r of definition.crossRowRules ?? []) [r.by, r.start, r.end].forEach((c) => mustExist(c, r.code));
  for (const c of columns) {
    if (c.type === 'code' && !c.codes?.length) throw new Error(`Contract ${definition.name}: code column ${c.name} lists no codes`);
  }
  return {
    name: definition.name,
    partner: definition.partner,
    cadence: definition.cadence,
    description: definition.description,
    key: definition.key,
    columns,
    rules: definition.rules ?? [],
    crossRowRules: definition.crossRowRules ?? [],
    rejectThreshold: definition.rejectThreshold ?? 0.1,
    ...(definition.financialYear ? { financialYear: true } : {}),
  };
}
