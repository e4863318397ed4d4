/** `outturn demo [--children N] [--months N] [--seed S]`: the whole system on a synthetic borough. */
import { join, relative } from 'node:path';
import { idList } from '../../functions/demo/explain-missing';
import { runDemo, type DemoSummary, type PartnerTotals } from '../../functions/demo/run-demo';
import { intOption, progress, stringOption, type Context } from './context';
import { localIngestOptions } from './ingest-options';

export async function demo(context: Context): Promise<number> {
  const say = progress(context);
  const summary = await runDemo({
    store: context.store,
    ingest: localIngestOptions(context.store),
    children: intOption(context, 'children'),
    months: intOption(context, 'months'),
    seed: intOption(context, 'seed'),
    endPeriod: stringOption(context, 'end'),
    progress: say,
  });
  say('');
  context.out.write(summaryText(summary, context.store.root));
  return 0;
}

/** The summary printed at the end of `outturn demo`: what was sent, what the receipts say, what came out. */
export function summaryText(s: DemoSummary, root: string): string {
  const f = s.facts;
  const last = s.periods[s.periods.length - 1];
  const n = (x: number) => x.toLocaleString('en-GB');
  const here = (p: string) => relative(process.cwd(), p) || '.';
  const partners = Object.entries(s.partners);
  const sum = (pick: (t: PartnerTotals) => number) => partners.reduce((a, [, t]) => a + pick(t), 0);
  const row = (name: string, t: PartnerTotals) =>
    `  ${name.padEnd(10)} ${String(t.files).padStart(5)} ${String(t.accepted).padStart(8)} ${String(t.acceptedWithErrors).padStart(9)} ${String(t.rejected).padStart(8)} ${String(t.duplicate).padStart(9)} ${n(t.rowsRead).padStart(12)} ${n(t.rowsAccepted).padStart(12)} ${n(t.rowsRejected).padStart(8)} ${n(t.rowsCurrent).padStart(12)}`;
  const total: PartnerTotals = {
    files: sum((t) => t.files), accepted: sum((t) => t.accepted), acceptedWithErrors: sum((t) => t.acceptedWithErrors),
    rejected: sum((t) => t.rejected), duplicate: sum((t) => t.duplicate), rowsRead: sum((t) => t.rowsRead),
    rowsAccepted: sum((t) => t.rowsAccepted), rowsRejected: sum((t) => t.rowsRejected), rowsCurrent: sum((t) => t.rowsCurrent),
  };
  const t = s.timings;
  const lines = [
    '',
    `Outturn demo: a borough of ${n(f.children)} children, ${n(f.pupils)} pupils in ${f.schools} schools, ${s.periods[0]} to ${last}`,
    '',
    'Files and rows by partner',
    `  ${'partner'.padEnd(10)} ${'files'.padStart(5)} ${'accepted'.padStart(8)} ${'w/ errors'.padStart(9)} ${'rejected'.padStart(8)} ${'duplicate'.padStart(9)} ${'rows read'.padStart(12)} ${'accepted'.padStart(12)} ${'rejected'.padStart(8)} ${'in warehouse'.padStart(12)}`,
    ...partners.map(([p, totals]) => row(p, totals)),
    row('total', total),
    `  Rows accepted = rows in the warehouse (the uploads that count) + ${n(total.rowsAccepted - total.rowsCurrent)} rows of uploads a later one superseded.`,
    '',
    'Faulty inputs, as partners send them, and their receipts',
    ...faultLines(s.faulty),
    '',
    `Indicators: ${n(s.indicatorRows)} values computed over ${s.periods.length} months`,
    ...(s.missing.length
      ? [`  without a value in ${last}:`, ...s.missing.map((m) => `    ${idList(m.ids)}: ${m.reason}`)]
      : [`  every indicator has a value in ${last}`]),
    `Scorecard for ${last}: ${s.rag.R} red, ${s.rag.A} amber, ${s.rag.G} green, ${s.rag.none} without a target or a value`,
    '',
    `Reports (internal and public editions) in ${here(join(root, 'reports', last))}:`,
    ...s.reportPaths.filter((p) => p.endsWith('.html') || p.endsWith('.xlsx')).map((p) => `  ${here(p)}`),
    '',
    'Look around:',
    `  outturn --store ${here(root)} receipts --status ACCEPTED_WITH_ERRORS`,
    `  outturn --store ${here(root)} query "select dataset, sum(rows_accepted) as rows from uploads where is_current group by dataset order by dataset"`,
    `  outturn --store ${here(root)} query "select indicator_id, period, value, status from indicator_values where period = '${last}'"`,
    '',
    `Done in ${s.seconds.toFixed(0)} s (generating ${t.generate.toFixed(0)} s, uploading ${t.upload.toFixed(0)} s, indicators ${t.indicators.toFixed(0)} s, reports ${t.reports.toFixed(0)} s).`,
    '',
  ];
  return lines.join('\n');
}

/** One entry per fault: files with the same fault and status share a line listing their datasets. */
function faultLines(faulty: DemoSummary['faulty']): string[] {
  const groups = new Map<string, DemoSummary['faulty'][number][]>();
  for (const item of faulty) {
    const key = `${item.receipt.status}\u0000${item.file.fault}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()].flatMap((items) => {
    const [{ file, receipt }] = items;
    if (items.length > 1) {
      const mixed = new Set(items.map((i) => i.receipt.partner)).size > 1;
      const datasets = items.map((i) => {
        const [partner, dataset] = i.file.key.split('/');
        return mixed ? `${partner}/${dataset}` : dataset;
      });
      return [`  ${receipt.status.padEnd(20)} ${items.length} files: ${file.fault}`, `      ${datasets.join(', ')}`];
    }
    const codes = [...receipt.errors, ...receipt.warnings].map((i) =>
      `${i.code}${i.column ? ` ${i.column}` : ''}${i.rows.length ? ` (rows ${i.rows.slice(0, 3).join(', ')}${i.count > 3 ? ', …' : ''})` : ''}`);
    return [`  ${receipt.status.padEnd(20)} ${file.key}`, `      ${file.fault}`, ...(codes.length ? [`      ${codes.join('; ')}`] : [])];
  });
}
