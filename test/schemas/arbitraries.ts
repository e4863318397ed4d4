/**
 * fast-check generators of cell texts for every column type: mostly valid values in the
 * many forms partners send, and near misses (bad check letters, 31/02, skipped-hour
 * times, codes in odd case, blanks, stray whitespace) that sit on the edge of each rule.
 */
import fc from 'fast-check';
import type { ColumnSpec, DatasetContract } from '../../schemas';
import { epochDay, formatDate, fromEpochDay, type CivilDate } from '../../schemas/types/calendar';
import { nhsCheckDigit, upnCheckLetter, UPN_LETTERS } from '../../schemas/types';
import type { RowContext } from '../../schemas/row-schema';

type Cell = fc.Arbitrary<string>;

const padding = fc.constantFrom('', '', '', '', ' ', '  ', '\t', '\u00a0');
const padded = (a: Cell): Cell => fc.tuple(padding, a, padding).map(([l, v, r]) => l + v + r);
const oddCase = (s: string): Cell =>
  fc.constantFrom(s, s.toLowerCase(), s.length > 1 ? s[0].toLowerCase() + s.slice(1) : s.toLowerCase());
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const two = (n: number) => String(n).padStart(2, '0');

/** Mostly `valid`, sometimes `nearMiss`, sometimes blank; always with the odd stray space. */
function mix(valid: Cell, nearMiss: Cell): Cell {
  return padded(fc.oneof({ weight: 1, arbitrary: fc.constantFrom('', ' ') }, { weight: 7, arbitrary: valid }, { weight: 3, arbitrary: nearMiss }));
}

const ID_POOL = ['C-1', 'c1', 'C1', 'A/7', 'b_2', 'X9', '000123', '123', 'k-9-9'];
const idCell = (pool: readonly string[] = ID_POOL): Cell =>
  mix(
    fc.oneof(fc.constantFrom(...pool), fc.stringMatching(/^[A-Za-z0-9_/-]{1,12}$/)),
    fc.constantFrom('C 1', 'é1', '#12', 'x'.repeat(37), 'a.b', '1,2'),
  );

/** A day within [from, to] (epoch days). */
const dayIn = (from: number, to: number) => fc.integer({ min: from, max: to }).map(fromEpochDay);

/** A civil date in one of the forms of datasets.md §3. */
function dateText(d: CivilDate): Cell {
  const yy = two(d.year % 100);
  return fc.constantFrom(
    formatDate(d),
    `${two(d.day)}/${two(d.month)}/${d.year}`,
    `${d.day}/${d.month}/${d.year}`,
    `${two(d.day)}-${two(d.month)}-${d.year}`,
    `${two(d.day)}/${two(d.month)}/${yy}`,
    `${formatDate(d)}T${two(d.day % 24)}:${two(d.month * 4)}`,
  );
}

/** The days a context makes interesting: mostly in or near the period, some far off, some after receipt. */
function days(context: RowContext): fc.Arbitrary<CivilDate> {
  const start = epochDay(parse(context.periodStart));
  const end = epochDay(parse(context.periodEnd));
  const received = epochDay(parse(context.receivedDate));
  return fc.oneof(
    { weight: 6, arbitrary: dayIn(start - 3, end + 3) },
    { weight: 3, arbitrary: dayIn(start - 400, received) },
    { weight: 1, arbitrary: dayIn(received - 2, received + 800) },
  );
}

const parse = (iso: string): CivilDate => ({ year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) });

const BAD_DATES = [
  '31/02/2024', '29/02/2023', '2024-13-01', '2024-02-30', '00/01/2024', '1899-12-31', '31/12/99', '01/01/00',
  '2024-10-05T25:00', '2024-10-05T23:60', '2024-10-05 10:00', '45000', '2024/10/05', '5.10.2024', '2024-1-5',
  '05/10/24', '05/10/26', '0000-01-01', '10/05/2024 10:00',
];

function dateCell(context: RowContext): Cell {
  return mix(days(context).chain(dateText), fc.constantFrom(...BAD_DATES));
}

/** Wall-clock times at and around both clock changes of 2024, and ordinary ones. */
const DST_TIMES = [
  '2024-03-31 00:59', '2024-03-31 01:00', '2024-03-31 01:30', '2024-03-31T01:59:59', '2024-03-31 02:00',
  '2024-10-27 00:59', '2024-10-27 01:00', '2024-10-27T01:30', '2024-10-27 01:59:59', '2024-10-27 02:00',
  '27/10/2024 01:15', '31/03/2024 01:15', '31/3/2024 1:15', '2024-10-27T01:30Z', '2024-10-27T01:30+01:00',
  '2024-10-27T00:30:00.5Z', '2024-03-31T01:30-0100',
];
const BAD_DATETIMES = ['2024-10-05 24:00', '2024-10-05T10:60', '2024-10-05 10:00:60', '31/02/2024 10:00', '2024-10-05', '2024-10-05 10:00Z', '2024-10-05T10:00+1:00', '10:00'];

function datetimeCell(context: RowContext): Cell {
  const ordinary = fc
    .tuple(days(context), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }))
    .chain(([d, h, m, s]) =>
      fc.constantFrom(
        `${formatDate(d)}T${two(h)}:${two(m)}`,
        `${formatDate(d)} ${two(h)}:${two(m)}:${two(s)}`,
        `${two(d.day)}/${two(d.month)}/${d.year} ${h}:${two(m)}`,
        `${formatDate(d)}T${two(h)}:${two(m)}:${two(s)}Z`,
        `${formatDate(d)}T${two(h)}:${two(m)}+01:00`,
        `${formatDate(d)}T${two(h)}:${two(m)}:${two(s)}.25-05:30`,
      ),
    );
  return mix(fc.oneof(ordinary, fc.constantFrom(...DST_TIMES)), fc.constantFrom(...BAD_DATETIMES));
}

function codeCell(column: ColumnSpec): Cell {
  const codes = column.codes ?? [];
  const aliases = Object.keys(column.codeAliases ?? {});
  const valid = fc.oneof(fc.constantFrom(...codes).chain(oddCase), ...(aliases.length ? [fc.constantFrom(...aliases)] : []));
  const nearMiss = fc.oneof(fc.constantFrom(...codes).map((c) => `${c}X`), fc.constantFrom('?', 'N/A', '3', 'x y'));
  return mix(valid, nearMiss);
}

/** A valid UPN: check letter, 11 digits, then a digit or (temporary) a letter. */
const validUpn = fc
  .tuple(digits(11), fc.oneof({ weight: 4, arbitrary: digits(1) }, { weight: 1, arbitrary: fc.constantFrom(...UPN_LETTERS) }))
  .map(([d, last]) => {
    const body = `?${d}${last}`;
    return upnCheckLetter(body) + body.slice(1);
  });
const UPN_POOL = ['A123456789012', 'P000000000001'];

function upnCell(): Cell {
  const valid = fc.oneof(fc.constantFrom(...UPN_POOL), validUpn).chain((u) =>
    fc.constantFrom(u, u.toLowerCase(), `${u.slice(0, 4)} ${u.slice(4, 8)} ${u.slice(8)}`, `${u.slice(0, 6)}-${u.slice(6)}`),
  );
  const nearMiss = validUpn.chain((u) =>
    fc.constantFrom(
      UPN_LETTERS[(UPN_LETTERS.indexOf(u[0]) + 1) % 23] + u.slice(1),
      u.slice(0, 12),
      `${u}0`,
      `${u.slice(0, 12)}I`,
      `${u.slice(0, 12)}O`,
      `I${u.slice(1)}`,
    ),
  );
  return mix(valid, nearMiss);
}

const validNhs = digits(9)
  .map((d) => ({ d, check: nhsCheckDigit(d) }))
  .filter(({ check }) => check !== undefined)
  .map(({ d, check }) => `${d}${check}`);

function nhsCell(): Cell {
  const valid = fc.oneof(fc.constant('9434765919'), validNhs).chain((n) =>
    fc.constantFrom(n, `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`, `${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`),
  );
  const nearMiss = fc.oneof(
    validNhs.map((n) => `${n.slice(0, 9)}${(Number(n[9]) + 1) % 10}`),
    validNhs.map((n) => n.slice(0, 9)),
    fc.constantFrom('1234567890', '943476591X'),
  );
  return mix(valid, nearMiss);
}

const POSTCODES = ['S60 2TH', 's602th', 'SW1A 1AA', 'M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'GIR 0AA', 'gir0aa'];
const postcodeCell = (): Cell => mix(fc.constantFrom(...POSTCODES), fc.constantFrom('S60 2T', '12345', 'GIR 1AB', 'S6O 2TH', 'SW1A-1AA'));

function numberCell(column: ColumnSpec, whole: boolean): Cell {
  const lo = column.min ?? -5000;
  const hi = column.max ?? 5_000_000;
  const n = fc.integer({ min: Math.max(lo - 2, -10_000), max: Math.min(hi + 2, 5_000_000) });
  const valid = whole
    ? n.chain((x) => fc.constantFrom(String(x), x.toLocaleString('en-GB'), x >= 0 ? `+${x}` : String(x)))
    : fc.oneof(n.map(String), n.map((x) => x.toLocaleString('en-GB')), fc.double({ min: -1000, max: 1000, noNaN: true }).map((x) => x.toFixed(3)), fc.constantFrom('.5', '-.25'));
  return mix(valid, fc.constantFrom('1,23', '1e3', '12.', 'ten', '1 000', '--1', '12.5'));
}

const boolCell = (): Cell => mix(fc.constantFrom('Y', 'N', 'yes', 'No', 'TRUE', 'false', '1', '0'), fc.constantFrom('maybe', '2', 'T', 'F', 'yes please'));
const textCell = (): Cell => mix(fc.string({ maxLength: 12 }), fc.constantFrom('=SUM(A1)', 'a, "b"', '2015/16'));

/** The generator of one column's cell texts under a file's context. */
export function cellArbitrary(column: ColumnSpec, context: RowContext, pools: { ids?: readonly string[] } = {}): Cell {
  switch (column.type) {
    case 'id': return idCell(pools.ids);
    case 'text': return textCell();
    case 'int': return numberCell(column, true);
    case 'number': return numberCell(column, false);
    case 'bool': return boolCell();
    case 'code': return codeCell(column);
    case 'date': case 'dob': return dateCell(context);
    case 'datetime': return datetimeCell(context);
    case 'upn': return upnCell();
    case 'nhs': return nhsCell();
    case 'postcode': return postcodeCell();
  }
}

/**
 * Rows of a dataset: every column of the contract, as the text a partner might send.
 * Some rows come again later in the file with the same key cells (the rest regenerated),
 * as a system sending a record twice does, so that R007 is tried on every dataset and not
 * only where random keys happen to meet.
 */
export function rowsArbitrary(contract: DatasetContract, context: RowContext, maxRows = 24): fc.Arbitrary<Record<string, string>[]> {
  const row = fc.record(Object.fromEntries(contract.columns.map((c) => [c.name, cellArbitrary(c, context)])));
  const again = fc.record({ of: fc.nat(), at: fc.nat(), rest: row });
  return fc.tuple(fc.array(row, { minLength: 1, maxLength: maxRows }), fc.array(again, { maxLength: 3 })).map(([rows, copies]) => {
    const out = [...rows];
    for (const { of, at, rest } of copies) {
      const original = rows[of % rows.length];
      const copy = { ...rest, ...Object.fromEntries(contract.key.map((k) => [k, original[k]])) };
      out.splice(1 + (at % out.length), 0, copy);
    }
    return out;
  });
}
