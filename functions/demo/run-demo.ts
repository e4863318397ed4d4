/**
 * `outturn demo`: a synthetic borough sent by every partner, processed, computed and
 * reported, end to end on one machine, the way a month-end cycle would run it.
 *
 * Partners' files are uploaded in order; the files a partner sends late (a restated
 * month, an older extract, an accidental second copy) come after the first scorecard
 * is published, so the final scorecard shows what a restatement does (`REVISED`).
 */
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Receipt } from '../../schemas';
import { DuckDbEngine } from '../engine/duckdb-engine';
import { periodRange } from '../indicators/parameters';
import { createDuckDbIndicatorWriter, runIndicators } from '../indicators/run';
import { uploadFile } from '../ingest/upload';
import type { IngestOptions } from '../ingest/process';
import { writeReport, type WriteReportResult } from '../scorecard/report';
import type { LocalStore } from '../store/local-store';
import { explainMissing, type MissingValue, type UploadRow } from './explain-missing';
import { generateBorough, type BoroughFacts, type DemoFile } from './generate';

export interface DemoOptions {
  readonly store: LocalStore;
  readonly ingest: IngestOptions;
  /** @default 56_000 */
  readonly children?: number;
  /** @default 24 */
  readonly months?: number;
  /** @default 1 */
  readonly seed?: number;
  /** @default the last complete month before today */
  readonly endPeriod?: string;
  /** Progress lines (files, rows, months). */
  readonly progress?: (message: string) => void;
}

export interface PartnerTotals {
  files: number;
  accepted: number;
  acceptedWithErrors: number;
  rejected: number;
  duplicate: number;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  /**
   * Rows of the uploads that count (the current upload of each period, the latest
   * snapshot): what `select count(*)` over the partner's datasets returns. The rest of
   * `rowsAccepted` sits in superseded uploads (`<dataset>_all`).
   */
  rowsCurrent: number;
}

/** Seconds spent in each step of the run. */
export interface DemoTimings {
  generate: number;
  upload: number;
  indicators: number;
  reports: number;
}

export interface DemoSummary {
  readonly facts: BoroughFacts;
  readonly periods: readonly string[];
  readonly receipts: readonly Receipt[];
  readonly faulty: readonly { file: DemoFile; receipt: Receipt }[];
  readonly partners: Readonly<Record<string, PartnerTotals>>;
  readonly indicatorRows: number;
  /** Indicators with no value in the last period, and their status. */
  readonly noData: readonly { id: string; status: string }[];
  /** The same indicators grouped by why they have no value, in words worked out from the data. */
  readonly missing: readonly MissingValue[];
  /** The final scorecard's RAG counts (`none`: no target or no value). */
  readonly rag: WriteReportResult['internal']['summary'];
  readonly reportPaths: readonly string[];
  readonly seconds: number;
  readonly timings: DemoTimings;
}

/** Files a partner sends after the month's scorecard has gone out. */
const isLate = (file: DemoFile) => file.late === true;

const MARKER = '.outturn/demo';

/**
 * Refuses a store that holds anything but an earlier demo, which it clears: the demo
 * must never touch a real council's warehouse.
 */
export async function prepareDemoStore(store: LocalStore): Promise<void> {
  const entries = await readdir(store.root).catch(() => [] as string[]);
  const isDemo = await stat(join(store.root, MARKER)).then(() => true, () => false);
  if (entries.length && !isDemo) {
    throw new Error(`${store.root} is not empty and was not made by \`outturn demo\`; choose another --store for the demo.`);
  }
  for (const entry of entries) {
    if (entry !== '.outturn') await rm(join(store.root, entry), { recursive: true, force: true });
  }
  await rm(join(store.root, '.outturn', 'demo'), { force: true });
  await mkdir(join(store.root, '.outturn'), { recursive: true, mode: 0o700 });
  await writeFile(join(store.root, MARKER), 'made by outturn demo; `outturn demo` clears and rebuilds this store\n');
}

/**
 * Builds the borough, uploads every partner's files, computes every month, publishes the
 * scorecards, then sends the late files and publishes the last month again.
 */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const started = Date.now();
  const say = options.progress ?? (() => {});
  const timings: DemoTimings = { generate: 0, upload: 0, indicators: 0, reports: 0 };
  const timed = async <T>(step: keyof DemoTimings, work: () => Promise<T>): Promise<T> => {
    const from = Date.now();
    try {
      return await work();
    } finally {
      timings[step] += (Date.now() - from) / 1000;
    }
  };
  await prepareDemoStore(options.store);
  const input = await mkdtemp(join(tmpdir(), 'outturn-demo-'));
  try {
    say('generating the borough…');
    const borough = await timed('generate', () => generateBorough({
      outDir: input, children: options.children, months: options.months, seed: options.seed, endPeriod: options.endPeriod,
    }));
    const { facts } = borough;
    const periods = periodRange(facts.firstPeriod, facts.lastPeriod);
    const receipts: Receipt[] = [];
    const faulty: { file: DemoFile; receipt: Receipt }[] = [];
    const send = (files: readonly DemoFile[]) => timed('upload', async () => {
      for (const [i, file] of files.entries()) {
        say(`uploading ${i + 1}/${files.length}: ${file.key}`);
        const receipt = await uploadFile({ ...options.ingest, store: options.store, file: file.path, key: file.key });
        receipts.push(receipt);
        if (file.fault) faulty.push({ file, receipt });
      }
    });

    await send(borough.files.filter((f) => !isLate(f)));
    const engine = await DuckDbEngine.open({ store: options.store });
    try {
      const writer = createDuckDbIndicatorWriter();
      const compute = (list: readonly string[]) => timed('indicators', async () => {
        await engine.refresh();
        const rows = await runIndicators({
          store: options.store, engine, periods: list, writer,
          progress: (p) => say(`indicators for ${p} (${list.indexOf(p) + 1}/${list.length})`),
        });
        await engine.refresh();
        return rows;
      });
      const publish = (period: string) => timed('reports', () => {
        say(`scorecard for ${period}`);
        return writeReport({ store: options.store, engine, period });
      });

      // Month-end cycle: every month computed, the scorecard of the last three published.
      let values = await compute(periods);
      const last = periods[periods.length - 1];
      for (const p of periods.slice(-3)) await publish(p);

      // Then the late files arrive; the last three months are recomputed and the final
      // scorecard published again, flagging what changed.
      const late = borough.files.filter(isLate);
      if (late.length) {
        await send(late);
        const recomputed = await compute(periods.slice(-3));
        values = [...values.filter((v) => !periods.slice(-3).includes(v.period)), ...recomputed];
      }
      const report = await publish(last);
      const reportPaths = report.paths.filter((k) => k.startsWith('reports/')).map((k) => options.store.localPath(k));
      const lastRows = values.filter((v) => v.period === last);
      const uploads = (await engine.query('select dataset, partner, period, rows_accepted, is_current from uploads'))
        .map((u) => ({ ...u, rows_accepted: Number(u.rows_accepted) })) as (UploadRow & { partner: string })[];
      return {
        facts, periods, receipts, faulty,
        partners: totals(receipts, uploads),
        indicatorRows: values.length,
        noData: lastRows.filter((v) => v.value === null).map((v) => ({ id: v.indicator_id, status: v.status })),
        missing: explainMissing(lastRows, uploads),
        rag: report.internal.summary,
        reportPaths,
        seconds: (Date.now() - started) / 1000,
        timings,
      };
    } finally {
      await engine.close();
    }
  } finally {
    await rm(input, { recursive: true, force: true });
  }
}

function totals(receipts: readonly Receipt[], uploads: readonly (UploadRow & { partner: string })[]): Record<string, PartnerTotals> {
  const out: Record<string, PartnerTotals> = {};
  const of = (partner: string) => (out[partner] ??= {
    files: 0, accepted: 0, acceptedWithErrors: 0, rejected: 0, duplicate: 0, rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, rowsCurrent: 0,
  });
  for (const r of receipts) {
    const t = of(r.partner);
    t.files += 1;
    if (r.status === 'ACCEPTED') t.accepted += 1;
    if (r.status === 'ACCEPTED_WITH_ERRORS') t.acceptedWithErrors += 1;
    if (r.status === 'REJECTED') t.rejected += 1;
    if (r.status === 'DUPLICATE') t.duplicate += 1;
    t.rowsRead += r.rows_read;
    t.rowsAccepted += r.rows_accepted;
    t.rowsRejected += r.rows_rejected;
  }
  for (const u of uploads) if (u.is_current) of(u.partner).rowsCurrent += u.rows_accepted;
  return out;
}
