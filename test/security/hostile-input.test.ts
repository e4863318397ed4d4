/**
 * Issue 8, hostile input: property-based tests (fast-check) throw random bytes and
 * truncated or mutated CSV, JSON, NDJSON and XLSX at the whole ingest. Every case must
 * end with a receipt (F00x or row errors), never an exception, never a partial write.
 * The default budget keeps CI fast; `OUTTURN_FUZZ_RUNS=500` runs a longer campaign.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASETS, type DatasetContract, type Receipt } from '../../schemas';
import { StaticKeyProvider } from '../../functions/ingest/pseudonymise';
import { uploadFile } from '../../functions/ingest/upload';
import { FIXTURES, newWarehouse, type TempWarehouse } from '../helpers/ingest';
import { writeFile } from 'node:fs/promises';
import { expectCleanOutcome } from './outcome';

/** Cases per property: small in CI, larger behind OUTTURN_FUZZ_RUNS. */
const RUNS = Number(process.env.OUTTURN_FUZZ_RUNS ?? 12);
const PERIOD = { snapshot: '2024-09-30', month: '2024-09', year: '2024' } as const;

let warehouse: TempWarehouse;
let n = 0;
const figures = { cases: 0, bytes: 0, rejected: 0, accepted: 0 };
const valid = new Map<string, Buffer>();
let workbook: Buffer;

beforeAll(async () => {
  warehouse = await newWarehouse();
  for (const d of DATASETS) valid.set(d.name, await readFile(join(FIXTURES, 'valid', `${d.name}.csv`)));
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('children');
  const text = valid.get('children')!.toString('utf8').replace(/^\uFEFF/, '').trim().split('\n');
  for (const line of text) sheet.addRow(line.split(','));
  workbook = Buffer.from(await wb.xlsx.writeBuffer());
});
afterAll(async () => {
  if (warehouse) await rm(join(warehouse.store.root, '..'), { recursive: true, force: true });
  console.info(`hostile input: ${figures.cases} fuzz cases (${figures.bytes} bytes), ${figures.rejected} rejected, ${figures.accepted} accepted`);
});

/** Sends bytes through the whole ingest as `name` for the dataset and checks the outcome. */
async function ingest(contract: DatasetContract, name: string, bytes: Uint8Array): Promise<Receipt> {
  const file = join(warehouse.scratch, `fuzz-${++n}`);
  await writeFile(file, bytes);
  const key = `${contract.partner}/${contract.name}/${PERIOD[contract.cadence]}/${n}-${name}`;
  const receipt = await uploadFile({
    store: warehouse.store, keys: new StaticKeyProvider(Buffer.alloc(32, 9)), workDir: warehouse.scratch,
    memoryLimit: '128MB', threads: 1, file, key,
  });
  figures.cases++;
  figures.bytes += bytes.length;
  if (receipt.status === 'REJECTED') figures.rejected++;
  else figures.accepted++;
  await expectCleanOutcome(warehouse.store, receipt);
  await rm(file, { force: true });
  return receipt;
}

const dataset = fc.constantFrom(...DATASETS);
const extension = fc.constantFrom('csv', 'xlsx', 'json', 'ndjson');

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'insert'; at: number; text: string };

/** Byte-level damage: cut the file short, overwrite bytes, or splice in troublesome text. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant('insert' as const), at: fc.nat(),
    text: fc.constantFrom('"', '\0', '\r', '\n', ',', '""', '=HYPERLINK("http://x")', '\uFEFF', '\u202E', 'é', '\uD800', '\\', '{', ']', '\t@SUM(1)'),
  }),
);

function mutate(base: Buffer, mutations: readonly Mutation[]): Buffer {
  let out = Buffer.from(base);
  for (const m of mutations) {
    if (out.length === 0) break;
    const at = m.at % out.length;
    if (m.kind === 'truncate') out = out.subarray(0, at);
    else if (m.kind === 'flip') { out = Buffer.from(out); out[at] = m.value; }
    else out = Buffer.concat([out.subarray(0, at), Buffer.from(m.text, 'utf8'), out.subarray(at)]);
  }
  return out;
}

describe('hostile input never crashes the ingest', () => {
  it('turns random bytes under any dataset and extension into a receipt', async () => {
    await fc.assert(fc.asyncProperty(dataset, extension, fc.uint8Array({ maxLength: 4096 }), async (contract, ext, bytes) => {
      await ingest(contract, `random.${ext}`, bytes);
    }), { numRuns: RUNS });
  });

  it('turns truncated and mutated valid CSV files into receipts', async () => {
    await fc.assert(fc.asyncProperty(dataset, fc.array(mutation, { minLength: 1, maxLength: 4 }), async (contract, mutations) => {
      await ingest(contract, 'mutated.csv', mutate(valid.get(contract.name)!, mutations));
    }), { numRuns: RUNS });
  });

  it('turns arbitrary and mutated JSON and NDJSON into receipts', async () => {
    const children = DATASETS.find((d) => d.name === 'children')!;
    const row = fc.dictionary(
      fc.constantFrom('child_id', 'upn', 'date_of_birth', 'sex', 'postcode', 'Surname', '__proto__', 'constructor', ''),
      fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.object({ maxDepth: 2 })),
    );
    await fc.assert(fc.asyncProperty(
      fc.oneof(fc.array(row, { maxLength: 20 }).map((rows) => JSON.stringify(rows)), fc.json()),
      fc.constantFrom('json', 'ndjson'),
      fc.array(mutation, { maxLength: 2 }),
      async (text, ext, mutations) => {
        const body = ext === 'ndjson' && text.startsWith('[') ? (JSON.parse(text) as unknown[]).map((r) => JSON.stringify(r)).join('\n') : text;
        await ingest(children, `fuzz.${ext}`, mutate(Buffer.from(body), mutations));
      },
    ), { numRuns: RUNS });
  });

  it('turns truncated and mutated workbooks into receipts', async () => {
    const children = DATASETS.find((d) => d.name === 'children')!;
    await fc.assert(fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
      await ingest(children, 'mutated.xlsx', mutate(workbook, mutations));
    }), { numRuns: RUNS });
  });

  it('rejects JSON nested 100,000 deep with F003, without overflowing the stack', async () => {
    const children = DATASETS.find((d) => d.name === 'children')!;
    const deep = `[{"child_id":${'['.repeat(100_000)}${']'.repeat(100_000)}}]`;
    const ndeep = `{"child_id":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}\n`;
    for (const receipt of [await ingest(children, 'deep.json', Buffer.from(deep)), await ingest(children, 'deep.ndjson', Buffer.from(ndeep))]) {
      expect(receipt.status).toBe('REJECTED');
      expect(receipt.errors.map((e) => e.code)).toEqual(['F003']);
    }
  });
});
