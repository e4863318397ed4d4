/** `outturn demo [--children N] [--months N] [--seed S]`: the whole system on a synthetic borough. */
import { relative } from 'node:path';
import { runDemo, type DemoSummary } from '../../functions/demo/run-demo';
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

export function summaryText(s: DemoSummary, root: string): string {
  const f = s.facts;
  const n = (x: number) => x.toLocaleString('en-GB');
  const lines = [
    '',
    `Outturn demo: a borough of ${n(f.children)} children, ${n(f.pupils)} pupils in ${f.schools} schools, ${s.periods[0]} to ${s.periods[s.periods.length - 1]}`,
    '',
    'Files and rows by partner',
    `  ${'partner'.padEnd(12)} ${'files'.padStart(6)} ${'accepted'.padStart(9)} ${'w/ errors'.padStart(9)} ${'rejected'.padStart(9)} ${'duplicate'.padStart(9)} ${'rows read'.padStart(12)} ${'accepted'.padStart(12)} ${'rejected'.padStart(9)}`,
    ...Object.entries(s.partners).map(([p, t]) =>
      `  ${p.padEnd(12)} ${String(t.files).padStart(6)} ${String(t.accepted).padStart(9)} ${String(t.acceptedWithErrors).padStart(9)} ${String(t.rejected).padStart(9)} ${String(t.duplicate).padStart(9)} ${n(t.rowsRead).padStart(12)} ${n(t.rowsAccepted).padStart(12)} ${n(t.rowsRejected).padStart(9)}`),
    '',
    'Faulty inputs, as partners send them, and their receipts',
    ...s.faulty.map(({ file, receipt }) => {
      const codes = [...receipt.errors, ...receipt.warnings].map((i) => `${i.code}${i.column ? ` ${i.column}` : ''}${i.rows.length ? ` (rows ${i.rows.slice(0, 3).join(', ')}${i.count > 3 ? ', …' : ''})` : ''}`);
      return `  ${receipt.status.padEnd(20)} ${file.key}\n      ${file.fault}${codes.length ? `\n      ${codes.join('; ')}` : ''}`;
    }),
    '',
    `Indicators: ${n(s.indicatorRows)} values computed over ${s.periods.length} months`,
    s.noData.length
      ? `  without a value in ${s.periods[s.periods.length - 1]}: ${s.noData.map((x) => `${x.id} (${x.status})`).join(', ')}`
      : `  every indicator has a value in ${s.periods[s.periods.length - 1]}`,
    `Scorecard: ${s.rag.R} red, ${s.rag.A} amber, ${s.rag.G} green, ${s.rag.none} without a target`,
    '',
    'Open the scorecard:',
    ...s.reportPaths.filter((p) => p.endsWith('.html') || p.endsWith('.xlsx')).map((p) => `  ${relative(process.cwd(), p) || p}`),
    '',
    `Query the warehouse: outturn --store ${relative(process.cwd(), root) || '.'} query "select indicator_id, period, value, status from indicator_values order by period desc limit 10"`,
    `Done in ${s.seconds.toFixed(0)} s.`,
    '',
  ];
  return lines.join('\n');
}
