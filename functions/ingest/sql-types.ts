/**
 * Column types of datasets.md §3 as DuckDB SQL: for each type, how a trimmed raw text
 * value `r` is parsed, and which rule code a failure carries. Used by the validation
 * compiler over the distinct values of each column, so an expensive check (a UPN check
 * letter, a time zone) runs once per distinct value, not once per row.
 */
import type { ColumnSpec, ColumnType } from '../../schemas';

/** Characters trimmed from every value: spaces, tabs, line breaks and no-break spaces. */
export const TRIM_CHARS = " \t\r\n\u00a0";

/** The letters of a UPN check character, A=0 … Z=22 (no I, O or S). */
const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** DuckDB macros the validation SQL uses; created once per connection. */
export const MACROS = String.raw`
CREATE OR REPLACE MACRO o_excel_serial(r) AS
  CAST(DATE '1899-12-30' + CAST(floor(TRY_CAST(r AS DOUBLE)) AS INTEGER) AS DATE);
CREATE OR REPLACE MACRO o_d20(r) AS CAST(try_strptime(regexp_replace(r, '/(\d{2})$', '/20\1'), '%d/%m/%Y') AS DATE);
CREATE OR REPLACE MACRO o_date(r, pend, xlsx) AS (
  CASE
    WHEN regexp_full_match(r, '\d{4}-\d{1,2}-\d{1,2}') THEN CAST(try_strptime(r, '%Y-%m-%d') AS DATE)
    -- The time is dropped, but it must be a time (no 25:00).
    WHEN regexp_full_match(r, '\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d{1,9})?)?') THEN
      CASE WHEN try_strptime(regexp_extract(r, '[T ](\d{1,2}:\d{2}(:\d{2})?)', 1), ['%H:%M:%S', '%H:%M']) IS NOT NULL
           THEN CAST(try_strptime(substr(r, 1, 10), '%Y-%m-%d') AS DATE) END
    WHEN regexp_full_match(r, '\d{1,2}/\d{1,2}/\d{4}') THEN CAST(try_strptime(r, '%d/%m/%Y') AS DATE)
    WHEN regexp_full_match(r, '\d{1,2}-\d{1,2}-\d{4}') THEN CAST(try_strptime(r, '%d-%m-%Y') AS DATE)
    WHEN regexp_full_match(r, '\d{1,2}/\d{1,2}/\d{2}') THEN
      CASE WHEN o_d20(r) > pend + INTERVAL 1 YEAR THEN CAST(o_d20(r) - INTERVAL 100 YEAR AS DATE) ELSE o_d20(r) END
    WHEN xlsx AND regexp_full_match(r, '\d{1,6}(\.\d+)?') THEN o_excel_serial(r)
  END);
CREATE OR REPLACE MACRO o_naive_ts(r, xlsx) AS (
  CASE
    WHEN regexp_full_match(r, '\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d{1,6})?)?')
      THEN try_strptime(replace(r, 'T', ' '), ['%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M'])
    WHEN regexp_full_match(r, '\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}(:\d{2})?')
      THEN try_strptime(r, ['%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M'])
    WHEN xlsx AND regexp_full_match(r, '\d{1,6}(\.\d+)?')
      THEN CAST(DATE '1899-12-30' AS TIMESTAMP) + to_seconds(TRY_CAST(round(TRY_CAST(r AS DOUBLE) * 86400) AS BIGINT))
  END);
-- Minutes east of UTC of a trailing Z or ±hh[:]mm.
CREATE OR REPLACE MACRO o_offset_minutes(zone) AS
  CASE WHEN zone = 'Z' THEN 0
       ELSE (CASE WHEN substr(zone, 1, 1) = '-' THEN -1 ELSE 1 END)
            * (TRY_CAST(substr(zone, 2, 2) AS INTEGER) * 60 + TRY_CAST(substr(zone, length(zone) - 1, 2) AS INTEGER)) END;
-- A UK local wall-clock time as UTC; NULL for a time in the hour skipped when clocks go
-- forward (the round trip does not come back). ICU reads a repeated hour as its second
-- occurrence (GMT); the spec wants the first, an hour earlier, when that reads back the same.
CREATE OR REPLACE MACRO o_uk_to_utc(naive) AS
  CASE WHEN timezone('Europe/London', timezone('Europe/London', naive)) = naive
       THEN timezone('UTC', CASE WHEN timezone('Europe/London', timezone('Europe/London', naive) - INTERVAL 1 HOUR) = naive
                                 THEN timezone('Europe/London', naive) - INTERVAL 1 HOUR
                                 ELSE timezone('Europe/London', naive) END) END;
-- A datetime as a UTC TIMESTAMP: with Z or an offset as given; without, UK local time.
CREATE OR REPLACE MACRO o_datetime(r, xlsx) AS (
  CASE
    WHEN regexp_full_match(r, '\d{4}-\d{2}-\d{2}T\d{1,2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})')
      THEN o_naive_ts(regexp_extract(r, '^(.*?)(Z|[+-]\d{2}:?\d{2})$', 1), false)
           - to_minutes(CAST(o_offset_minutes(regexp_extract(r, '(Z|[+-]\d{2}:?\d{2})$', 1)) AS BIGINT))
    ELSE o_uk_to_utc(o_naive_ts(r, xlsx))
  END);
CREATE OR REPLACE MACRO o_local_date(utc) AS CAST(timezone('Europe/London', timezone('UTC', utc)) AS DATE);
CREATE OR REPLACE MACRO o_digit(n, i) AS TRY_CAST(substr(n, i, 1) AS INTEGER);
CREATE OR REPLACE MACRO o_upn_ok(n) AS coalesce(
  regexp_full_match(n, '[A-Z][0-9]{11}[0-9ABCDEFGHJKLMNPQRTUVWXYZ]')
  AND substr('${UPN_LETTERS}', 1 + ((
        2 * o_digit(n, 2) + 3 * o_digit(n, 3) + 4 * o_digit(n, 4) + 5 * o_digit(n, 5) + 6 * o_digit(n, 6)
      + 7 * o_digit(n, 7) + 8 * o_digit(n, 8) + 9 * o_digit(n, 9) + 10 * o_digit(n, 10) + 11 * o_digit(n, 11)
      + 12 * o_digit(n, 12)
      + 13 * coalesce(o_digit(n, 13), strpos('${UPN_LETTERS}', substr(n, 13, 1)) - 1)
    ) % 23), 1) = substr(n, 1, 1), false);
CREATE OR REPLACE MACRO o_nhs_check(s) AS CASE 11 - s % 11 WHEN 11 THEN 0 WHEN 10 THEN -1 ELSE 11 - s % 11 END;
CREATE OR REPLACE MACRO o_nhs_ok(n) AS coalesce(
  regexp_full_match(n, '[0-9]{10}') AND o_nhs_check(
      10 * o_digit(n, 1) + 9 * o_digit(n, 2) + 8 * o_digit(n, 3) + 7 * o_digit(n, 4) + 6 * o_digit(n, 5)
    + 5 * o_digit(n, 6) + 4 * o_digit(n, 7) + 3 * o_digit(n, 8) + 2 * o_digit(n, 9)) = o_digit(n, 10), false);
CREATE OR REPLACE MACRO o_postcode_ok(n) AS regexp_full_match(n, '[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}|GIR0AA');
CREATE OR REPLACE MACRO o_code(c, allowed) AS CASE WHEN list_contains(allowed, c) THEN c END;
CREATE OR REPLACE MACRO o_within(x, lo, hi) AS CASE WHEN (lo IS NULL OR x >= lo) AND (hi IS NULL OR x <= hi) THEN x END;
`;

/** What a file's period and receipt say about dates (all `YYYY-MM-DD`). */
export interface DateContext {
  readonly periodStart: string;
  readonly periodEnd: string;
  /** The UK date the file was received: later dates are implausible (R006). */
  readonly receivedDate: string;
  /** Excel serial numbers are dates only in XLSX files. */
  readonly xlsx: boolean;
}

export interface ColumnSql {
  /** The parsed, normalised value (NULL when invalid or absent). */
  readonly value: string;
  /** The DuckDB type stored in curated/. */
  readonly sqlType: string;
  /** The rule code for a present value that fails to parse. */
  readonly failCode: 'R002' | 'R003' | 'R004';
  /** True for the date-like types that R006, R009 and R011 apply to. */
  readonly dateLike: 'date' | 'datetime' | undefined;
}

/** The DuckDB type each column type is stored as in curated/ (datetimes add a `<name>_local_date` DATE). */
export const SQL_TYPES: Readonly<Record<ColumnType, string>> = {
  id: 'VARCHAR', text: 'VARCHAR', code: 'VARCHAR', upn: 'VARCHAR', nhs: 'VARCHAR', postcode: 'VARCHAR',
  int: 'BIGINT', number: 'DOUBLE', bool: 'BOOLEAN', date: 'DATE', dob: 'DATE', datetime: 'TIMESTAMP',
};

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const dateLit = (iso: string) => `DATE ${quote(iso)}`;

/** SQL for one column over the raw text `r`. */
export function columnSql(column: ColumnSpec, ctx: DateContext): ColumnSql {
  const xlsx = ctx.xlsx ? 'true' : 'false';
  const stripped = `upper(regexp_replace(r, '[\\s-]', '', 'g'))`;
  const compact = `upper(regexp_replace(r, '\\s', '', 'g'))`;
  const byType: Record<ColumnType, () => ColumnSql> = {
    id: () => ({
      value: `CASE WHEN regexp_full_match(r, '[A-Za-z0-9_/-]{1,36}') THEN upper(replace(r, '-', '')) END`,
      sqlType: SQL_TYPES[column.type], failCode: 'R002', dateLike: undefined,
    }),
    text: () => ({ value: 'r', sqlType: SQL_TYPES[column.type], failCode: 'R002', dateLike: undefined }),
    int: () => ({
      value: bounded(column, `CASE WHEN regexp_full_match(r, '[+-]?(\\d{1,3}(,\\d{3})+|\\d+)') THEN TRY_CAST(replace(r, ',', '') AS BIGINT) END`),
      sqlType: SQL_TYPES[column.type], failCode: 'R002', dateLike: undefined,
    }),
    number: () => ({
      value: bounded(column, `CASE WHEN regexp_full_match(r, '[+-]?((\\d{1,3}(,\\d{3})+|\\d+)(\\.\\d+)?|\\.\\d+)') THEN TRY_CAST(replace(r, ',', '') AS DOUBLE) END`),
      sqlType: SQL_TYPES[column.type], failCode: 'R002', dateLike: undefined,
    }),
    bool: () => ({
      value: `CASE WHEN upper(r) IN ('Y', 'YES', 'TRUE', '1') THEN true WHEN upper(r) IN ('N', 'NO', 'FALSE', '0') THEN false END`,
      sqlType: SQL_TYPES[column.type], failCode: 'R002', dateLike: undefined,
    }),
    code: () => {
      const aliases = Object.entries(column.codeAliases ?? {});
      const mapped = aliases.length
        ? `CASE upper(r) ${aliases.map(([from, to]) => `WHEN ${quote(from.toUpperCase())} THEN ${quote(to)}`).join(' ')} ELSE upper(r) END`
        : 'upper(r)';
      const list = (column.codes ?? []).map(quote).join(', ');
      return { value: `o_code(${mapped}, [${list}])`, sqlType: SQL_TYPES[column.type], failCode: 'R003', dateLike: undefined };
    },
    date: () => ({ value: `o_date(r, ${dateLit(ctx.periodEnd)}, ${xlsx})`, sqlType: SQL_TYPES[column.type], failCode: 'R002', dateLike: 'date' }),
    dob: () => ({ value: `o_date(r, ${dateLit(ctx.periodEnd)}, ${xlsx})`, sqlType: SQL_TYPES[column.type], failCode: 'R002', dateLike: 'date' }),
    datetime: () => ({ value: `o_datetime(r, ${xlsx})`, sqlType: SQL_TYPES[column.type], failCode: 'R002', dateLike: 'datetime' }),
    upn: () => ({ value: `CASE WHEN o_upn_ok(${stripped}) THEN ${stripped} END`, sqlType: SQL_TYPES[column.type], failCode: 'R004', dateLike: undefined }),
    nhs: () => ({ value: `CASE WHEN o_nhs_ok(${stripped}) THEN ${stripped} END`, sqlType: SQL_TYPES[column.type], failCode: 'R004', dateLike: undefined }),
    postcode: () => ({
      value: `CASE WHEN o_postcode_ok(${compact}) THEN substr(${compact}, 1, length(${compact}) - 3) || ' ' || substr(${compact}, length(${compact}) - 2, 1) END`,
      sqlType: SQL_TYPES[column.type], failCode: 'R004', dateLike: undefined,
    }),
  };
  return byType[column.type]();
}

function bounded(column: ColumnSpec, parsed: string): string {
  if (column.min === undefined && column.max === undefined) return parsed;
  return `o_within(${parsed}, ${column.min ?? 'NULL'}, ${column.max ?? 'NULL'})`;
}

/**
 * The dictionary of one column: one row per distinct value as staged, `raw` (NULL read
 * as ''), with its trimmed text `r`, its parsed value `v`, its error code `e` (R001,
 * R002–R004, R006, R009 in that order of precedence), its warning `w` (R011) and, for
 * datetimes, its UK date `ld`. `distinctRaw` is a SELECT of the distinct `raw` values.
 * Trimming and parsing here costs one call per distinct value, not one per row.
 */
export function dictionarySql(column: ColumnSpec, distinctRaw: string, ctx: DateContext): string {
  const c = columnSql(column, ctx);
  const day = c.dateLike === 'datetime' ? 'o_local_date(p)' : 'p';
  const plausible = c.dateLike ? `WHEN ${day} < DATE '1900-01-01' OR ${day} > ${dateLit(ctx.receivedDate)} THEN 'R006'` : '';
  const inPeriod = column.periodDate ? `WHEN ${day} < ${dateLit(ctx.periodStart)} OR ${day} > ${dateLit(ctx.periodEnd)} THEN 'R009'` : '';
  const weekend = column.weekdayExpected && c.dateLike ? `isodow(${day}) IN (6, 7)` : 'false';
  const stored = column.type === 'dob' ? `CAST(date_trunc('month', p) AS DATE)` : 'p';
  return `
    SELECT raw, r, CASE WHEN e IS NULL THEN ${stored} END AS v, e, (e IS NULL AND ${weekend}) AS w
           ${c.dateLike === 'datetime' ? ', CASE WHEN e IS NULL THEN o_local_date(p) END AS ld' : ''}
    FROM (
      SELECT raw, r, p, CASE
          WHEN r IS NULL THEN ${column.required ? "'R001'" : 'NULL'}
          WHEN p IS NULL THEN '${c.failCode}'
          ${plausible}
          ${inPeriod}
        END AS e
      FROM (SELECT raw, r, ${c.value} AS p FROM (
        SELECT raw, nullif(trim(raw, ${quote(TRIM_CHARS)}), '') AS r FROM (${distinctRaw})))
    )`;
}
