import { describe, expect, it } from 'vitest';
import { CATALOGUE, getIndicator } from '../../functions/indicators/catalogue';
import { buildScorecard, type ScorecardInput } from '../../functions/scorecard/build';
import type { PublishedValues } from '../../functions/scorecard/model';
import { boroughValues, COUNCIL_BENCHMARKS, COUNCIL_TARGETS, PERIOD, target, valueRow } from './fixtures';

const pick = (...ids: string[]) => ids.map(getIndicator);

const base = (over: Partial<ScorecardInput>): ScorecardInput => ({
  period: PERIOD, edition: 'internal', catalogue: pick('CSC-01', 'CSC-02'), values: [], targets: [], benchmarks: [], published: [], ...over,
});

const published = (period: string, publishedAt: string, values: PublishedValues['values']): PublishedValues =>
  ({ period, published_at: publishedAt, values });

describe('buildScorecard', () => {
  it('fills every column of §1 from values, targets, benchmarks and the catalogue', () => {
    const sc = buildScorecard({
      period: PERIOD, edition: 'internal', catalogue: CATALOGUE, values: boroughValues(), targets: COUNCIL_TARGETS,
      benchmarks: COUNCIL_BENCHMARKS, published: [],
    });
    expect(sc.rows).toHaveLength(CATALOGUE.length);
    expect(sc.periods).toEqual({ p2: '2016-11', p1: '2016-12', p: '2017-01', previousYear: '2016-03' });
    expect(sc.marking).toBe('OFFICIAL-SENSITIVE — not for publication');
    expect(sc.themes.map((t) => t.theme)[0]).toBe('Front door');
    const csc10 = sc.rows.find((r) => r.indicator.id === 'CSC-10')!;
    expect(csc10.goodPerformanceIs).toBe('High');
    expect(csc10.ragBasis).toBe('YTD');
    expect(csc10.thresholds).toEqual({ red: '<83%', amber: '83%+', green: '86%+' });
    expect(csc10.benchmarks).toMatchObject({ statNeighbourAvg: 79.8, nationalTopQuartile: 91.2, label: '2014/15' });
    expect(csc10.sparkline.map((p) => p.period)).toEqual(['2016-01', '2016-02', '2016-03', '2016-04', '2016-05', '2016-06', '2016-07',
      '2016-08', '2016-09', '2016-10', '2016-11', '2016-12', '2017-01']);
    expect(csc10.sparkline.every((p) => p.value !== null)).toBe(true);
    expect(sc.rows.find((r) => r.indicator.id === 'CSC-13')!.goodPerformanceIs).toBe('Within band');
    expect(sc.rows.find((r) => r.indicator.id === 'HLT-02')!.notes).toContain('PARTIAL');
    expect(sc.rows.find((r) => r.indicator.id === 'HLT-04')!.notes).toContain('NO_DATA');
    expect(sc.summary.R + sc.summary.A + sc.summary.G + sc.summary.none).toBe(CATALOGUE.length);
    expect(sc.rows.map((r) => r.number)).toEqual(CATALOGUE.map((_, i) => i + 1));
  });

  it('takes the previous year from March of the previous financial year, and the latest benchmarks', () => {
    const sc = buildScorecard(base({
      catalogue: pick('CSC-02'),
      values: [valueRow('CSC-02', '2016-03', { numerator: 90, denominator: 100 }), valueRow('CSC-02', '2017-03', { numerator: 1, denominator: 100 })],
      benchmarks: [
        { indicator_id: 'csc-02', stat_neighbour_avg: 1, best_stat_neighbour: null, national_avg: null, national_top_quartile: null, label: '2014/15', period: '2014' },
        { indicator_id: 'CSC-02', stat_neighbour_avg: 2, best_stat_neighbour: null, national_avg: null, national_top_quartile: null, label: '2015/16', period: '2015' },
      ],
    }));
    expect(sc.rows[0].previousYear).toEqual({ kind: 'value', value: 90 });
    expect(sc.rows[0].benchmarks).toMatchObject({ statNeighbourAvg: 2, label: '2015/16' });
  });

  it('uses the target band reference for DOT and RAG, matching ids in any case', () => {
    const sc = buildScorecard(base({
      catalogue: pick('CSC-13'),
      values: [valueRow('CSC-13', '2016-12', { numerator: 1400, denominator: 56400, value: 250 }), valueRow('CSC-13', PERIOD, { numerator: 1376, denominator: 56400, value: 244.0 })],
      targets: [target({ indicator_id: 'csc-13', rule: 'BAND', green: 5, amber: 15, band_reference: 158.8 })],
    }));
    expect(sc.rows[0]).toMatchObject({ rag: 'R', dot: 'IMPROVING', ragBasis: 'MONTH' });
  });

  it('flags SMALL in the internal edition: a count 1–4, a numerator 1–4 or a denominator 1–9', () => {
    const sc = buildScorecard(base({
      catalogue: pick('CSC-01', 'CSC-02', 'CSC-03', 'CSC-05', 'CSC-09'),
      values: [
        valueRow('CSC-01', PERIOD, { numerator: 3, value: 3 }),
        valueRow('CSC-02', PERIOD, { numerator: 30, denominator: 40 }),
        valueRow('CSC-03', PERIOD, { numerator: 6, denominator: 8 }),
        valueRow('CSC-05', PERIOD, { numerator: 0, denominator: 8, ytd_numerator: 12, ytd_denominator: 50 }),
        valueRow('CSC-09', PERIOD, { numerator: 0, value: 0 }),
      ],
    }));
    expect(sc.rows.map((r) => [r.indicator.id, r.notes.includes('SMALL')])).toEqual([
      ['CSC-01', true], ['CSC-02', false], ['CSC-03', true], ['CSC-05', true], ['CSC-09', false],
    ]);
    // The internal edition shows every figure.
    expect(sc.rows[0].value).toEqual({ kind: 'value', value: 3 });
    expect(sc.rows[2].numerator).toEqual({ kind: 'value', value: 6 });
  });

  it('suppresses with c, x and z in the public edition', () => {
    const sc = buildScorecard(base({
      edition: 'public',
      catalogue: pick('CSC-01', 'CSC-02', 'CSC-03', 'CSC-09'),
      targets: [target({ indicator_id: 'CSC-02', rule: 'HIGH', green: 95, amber: 92 })],
      values: [
        valueRow('CSC-01', '2016-11', { status: 'NO_DATA' }),
        valueRow('CSC-01', '2016-12', { numerator: 4, value: 4 }),
        valueRow('CSC-01', PERIOD, { numerator: 1032, value: 1032 }),
        valueRow('CSC-02', '2016-12', { numerator: 40, denominator: 50 }),
        valueRow('CSC-02', PERIOD, { numerator: 3, denominator: 7, ytd_numerator: 300, ytd_denominator: 350 }),
        valueRow('CSC-03', PERIOD, { numerator: 0, denominator: 0, value: null }),
      ],
    }));
    const [c01, c02, c03, c09] = sc.rows;
    expect(sc.marking).toBeNull();
    expect([c01.valueP2, c01.valueP1, c01.value]).toEqual([
      { kind: 'symbol', symbol: 'x' }, { kind: 'symbol', symbol: 'c' }, { kind: 'value', value: 1032 },
    ]);
    expect(c01.denominator).toEqual({ kind: 'symbol', symbol: 'z' });
    expect(c01.numerator).toEqual({ kind: 'symbol', symbol: 'c' });
    expect(c01.dot).toBe('c');
    expect(c02.value).toEqual({ kind: 'symbol', symbol: 'c' });
    expect(c02.ytd).toEqual({ kind: 'value', value: (300 / 350) * 100 });
    expect([c02.numerator, c02.denominator]).toEqual([{ kind: 'symbol', symbol: 'c' }, { kind: 'symbol', symbol: 'c' }]);
    expect(c02.rag).toBe('c');
    expect(c02.sparkline.at(-1)).toEqual({ period: PERIOD, value: null });
    expect(c03.value).toEqual({ kind: 'symbol', symbol: 'z' });
    // No row at all for CSC-09: not available.
    expect([c09.value, c09.ytd, c09.numerator, c09.status]).toEqual([
      { kind: 'symbol', symbol: 'x' }, { kind: 'symbol', symbol: 'x' }, { kind: 'symbol', symbol: 'x' }, 'NO_DATA',
    ]);
    expect(sc.rows.flatMap((r) => r.notes)).not.toContain('SMALL');
  });

  it('flags REVISED against the last scorecard that published the value, showing the earlier value', () => {
    const values = [
      valueRow('CSC-02', '2016-11', { numerator: 80, denominator: 100 }),
      valueRow('CSC-02', '2016-12', { numerator: 85, denominator: 100 }),
      valueRow('CSC-02', PERIOD, { numerator: 90, denominator: 100 }),
    ];
    const publications = [
      published('2016-11', '2016-12-05T08:00:00.000Z', { 'CSC-02': { '2016-11': { value: 70, numerator: 70, denominator: 100 } } }),
      published('2016-12', '2017-01-05T08:00:00.000Z', {
        'CSC-02': { '2016-11': { value: 80.00000000000001, numerator: 80, denominator: 100 }, '2016-12': { value: 50, numerator: 2, denominator: 4 } },
      }),
    ];
    const internal = buildScorecard(base({ catalogue: pick('CSC-02'), values, published: publications }));
    const row = internal.rows[0];
    expect(row.notes).toContain('REVISED');
    // 2016-11 matches the later publication (floating noise is not a revision); 2016-12 changed.
    expect(row.revisions).toEqual([{ period: '2016-12', earlier: { kind: 'value', value: 50 }, current: { kind: 'value', value: 85 } }]);
    const pub = buildScorecard(base({ edition: 'public', catalogue: pick('CSC-02'), values, published: publications }));
    // The earlier value was small: the public edition shows c for it.
    expect(pub.rows[0].revisions).toEqual([{ period: '2016-12', earlier: { kind: 'symbol', symbol: 'c' }, current: { kind: 'value', value: 85 } }]);
  });

  it('does not flag late data (no value published before) as a revision', () => {
    const sc = buildScorecard(base({
      catalogue: pick('CSC-02'),
      values: [valueRow('CSC-02', '2016-12', { numerator: 85, denominator: 100 })],
      published: [published('2016-12', '2017-01-05T08:00:00.000Z', { 'CSC-02': { '2016-12': { value: null, numerator: null, denominator: null } } })],
    }));
    expect(sc.rows[0].notes).toEqual(['NO_DATA']);
  });

  it('rejects a period that is not YYYY-MM', () => {
    expect(() => buildScorecard(base({ period: '2017-13' }))).toThrow(/expected YYYY-MM/);
  });
});
