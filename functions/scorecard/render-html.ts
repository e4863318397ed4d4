/**
 * The scorecard as one self-contained HTML page (scorecard.md §6): inline CSS, inline
 * SVG sparklines, no scripts, no fonts, images or links that fetch anything. Prints on
 * A4 landscape with table headers repeated and rows kept whole. Every data string
 * passes through `escapeHtml`.
 */
import type { IndicatorWindow, Unit } from '../indicators/catalogue';
import { WINDOWS } from '../indicators/catalogue';
import type { Scorecard, ScorecardRow, ScorecardTheme, SparkPoint } from './build';
import { DOT_TEXT } from './direction';
import { formatBenchmark, formatEarlier, formatValue } from './format';
import { type Rag, SYMBOL } from './model';
import { financialYearLabel, longPeriodLabel, shortPeriodLabel } from './periods';
import { SMALL_COUNT_MAX, SMALL_DENOMINATOR_MAX, SMALL_NUMERATOR_MAX, type Cell } from './suppression';
import { bandReferenceText } from './thresholds';

/** Options of the HTML renderer. */
export interface HtmlOptions {
  /**
   * The organisation named in the title.
   * @default "Children's services"
   */
  readonly organisation?: string;
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch as keyof typeof HTML_ENTITIES]);
}

const HTML_ENTITIES = Object.freeze({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' } as const);
const e = escapeHtml;

/** What each window means, for the definitions section. */
export const WINDOW_TEXT: Readonly<Record<IndicatorWindow, string>> = Object.freeze({
  month: 'events dated in the month; the YTD column applies the same definition from 1 April to the month end',
  rolling12: 'events in the 12 months ending at the month end',
  rolling36: 'events in the 36 months ending at the month end',
  fy: 'the financial year to date, from 1 April to the month end',
  ay: 'the academic year to date, from 1 September to the month end',
  snapshot: 'the position at the end of the month',
});

const WINDOW_LABEL: Readonly<Record<IndicatorWindow, string>> = Object.freeze({
  month: 'Month',
  rolling12: 'Rolling 12 months',
  rolling36: 'Rolling 36 months',
  fy: 'Financial year to date',
  ay: 'Academic year to date',
  snapshot: 'Snapshot at month end',
});

const UNIT_LABEL: Readonly<Record<Unit, string>> = Object.freeze({
  count: 'No.',
  '%': '%',
  'per 10k': 'per 10k',
  'per 100k': 'per 100k',
  'per 100': 'per 100',
  days: 'days',
});

const RAG_WORD: Readonly<Record<Rag, string>> = Object.freeze({ R: 'Red', A: 'Amber', G: 'Green' });

const SYMBOL_TITLE = Object.freeze({
  [SYMBOL.CONFIDENTIAL]: 'c: suppressed to protect confidentiality (small numbers)',
  [SYMBOL.NOT_AVAILABLE]: 'x: not available (no data for the period)',
  [SYMBOL.NOT_APPLICABLE]: 'z: not applicable',
});

/** Renders one edition of the scorecard as a complete HTML document. */
export function renderHtml(scorecard: Scorecard, options: HtmlOptions = {}): string {
  const organisation = options.organisation ?? "Children's services";
  const isPublic = scorecard.edition === 'public';
  const month = longPeriodLabel(scorecard.period);
  const title = `${organisation} monthly performance scorecard, ${month}${isPublic ? '' : ' (internal)'}`;
  const marking = scorecard.marking;
  const generated = new Date(scorecard.generatedAt);

  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(title)}</title>
<style>${css(marking)}</style>
</head>
<body class="${isPublic ? 'edition-public' : 'edition-internal'}">
${marking ? `<div class="marking marking-top" role="note">${e(marking)}</div>` : ''}
<header class="masthead">
  <div class="masthead-text">
    <p class="kicker">${e(organisation)} · Monthly performance scorecard</p>
    <h1>${e(month)}</h1>
    <p class="meta">Financial year ${e(financialYearLabel(scorecard.financialYear))} · ${isPublic ? 'Public edition' : 'Internal edition'} · Produced ${e(formatDate(generated))}</p>
  </div>
  ${summaryBlock(scorecard)}
</header>
${keyBlock(isPublic)}
<main>
${scorecard.themes.map((t) => themeSection(scorecard, t)).join('\n')}
</main>
${definitionsSection(scorecard)}
${notesSection(scorecard)}
<footer class="page-footer">
  ${marking ? `<div class="marking marking-bottom" role="note">${e(marking)}</div>` : ''}
  <p>Outturn performance-indicator warehouse · scorecard for ${e(month)} · produced ${e(formatDate(generated))}</p>
</footer>
</body>
</html>
`;
}

function summaryBlock(scorecard: Scorecard): string {
  const s = scorecard.summary;
  const item = (cls: string, n: number, label: string) =>
    `<li class="sum sum-${cls}"><span class="sum-n">${n}</span><span class="sum-l">${e(label)}</span></li>`;
  return `<ul class="summary" aria-label="RAG summary">
    ${item('R', s.R, 'Red')}${item('A', s.A, 'Amber')}${item('G', s.G, 'Green')}${item('none', s.none, 'No RAG')}
  </ul>`;
}

function keyBlock(isPublic: boolean): string {
  const dots = Object.values(DOT_TEXT)
    .map((d) => `<span class="key-item"><span class="arrow" aria-hidden="true">${e(d.arrow)}</span> ${e(d.words)}</span>`)
    .join('');
  const symbols = isPublic
    ? `<span class="key-group"><span class="key-title">Symbols</span>
        <span class="key-item"><b class="sym">c</b> suppressed (small numbers)</span>
        <span class="key-item"><b class="sym">x</b> not available</span>
        <span class="key-item"><b class="sym">z</b> not applicable</span></span>`
    : `<span class="key-group"><span class="key-title">Notes</span>
        <span class="key-item"><span class="chip chip-small">Small</span> small numbers, suppressed when published</span></span>`;
  return `<section class="key" aria-label="Key">
    <span class="key-group"><span class="key-title">RAG</span>
      <span class="key-item"><span class="rag-swatch rag-R">R</span> Red</span>
      <span class="key-item"><span class="rag-swatch rag-A">A</span> Amber</span>
      <span class="key-item"><span class="rag-swatch rag-G">G</span> Green</span>
      <span class="key-item"><span class="na">n/a</span> no target or no value</span></span>
    <span class="key-group"><span class="key-title">Direction of travel</span>${dots}</span>
    ${symbols}
  </section>`;
}

function themeSection(scorecard: Scorecard, theme: ScorecardTheme): string {
  const { p2, p1, p, previousYear } = scorecard.periods;
  const isPublic = scorecard.edition === 'public';
  const id = `theme-${theme.theme.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return `<section class="theme" aria-labelledby="${id}">
<h2 id="${id}">${e(theme.theme)}</h2>
<table class="scorecard">
<colgroup>
  <col class="c-no"><col class="c-ind"><col class="c-good"><col class="c-unit">
  <col class="c-val"><col class="c-val"><col class="c-val c-cur"><col class="c-val">
  <col class="c-spark"><col class="c-dot"><col class="c-rag">
  <col class="c-thr"><col class="c-thr"><col class="c-thr">
  <col class="c-val"><col class="c-bm"><col class="c-bm"><col class="c-bm"><col class="c-bm"><col class="c-year"><col class="c-note">
</colgroup>
<thead>
<tr class="groups">
  <th colspan="4" class="blank"></th>
  <th colspan="3" class="group">Last three months</th>
  <th class="blank"></th><th colspan="3" class="group">Trend and performance</th>
  <th colspan="3" class="group">Thresholds</th>
  <th class="blank"></th>
  <th colspan="5" class="group">Benchmarks</th>
  <th class="blank"></th>
</tr>
<tr>
  <th scope="col" class="num-h">No</th>
  <th scope="col" class="left">Indicator</th>
  <th scope="col">Good perf. is</th>
  <th scope="col">Unit</th>
  <th scope="col" class="num-h">${e(shortPeriodLabel(p2))}</th>
  <th scope="col" class="num-h">${e(shortPeriodLabel(p1))}</th>
  <th scope="col" class="num-h cur">${e(shortPeriodLabel(p))}</th>
  <th scope="col" class="num-h">YTD</th>
  <th scope="col">13 months</th>
  <th scope="col">DOT</th>
  <th scope="col">RAG</th>
  <th scope="col">Red</th>
  <th scope="col">Amber</th>
  <th scope="col">Green / target</th>
  <th scope="col" class="num-h">Prev. year<br><span class="sub">${e(shortPeriodLabel(previousYear))}</span></th>
  <th scope="col" class="num-h">Stat. neighbour avg</th>
  <th scope="col" class="num-h">Best stat. neighbour</th>
  <th scope="col" class="num-h">National avg</th>
  <th scope="col" class="num-h">National top quartile</th>
  <th scope="col">Year</th>
  <th scope="col" class="left">Note</th>
</tr>
</thead>
<tbody>
${theme.rows.map((r) => indicatorRow(scorecard, r, isPublic)).join('\n')}
</tbody>
</table>
</section>`;
}

function indicatorRow(scorecard: Scorecard, row: ScorecardRow, isPublic: boolean): string {
  const unit = row.indicator.unit;
  const t = row.thresholds;
  const b = row.benchmarks;
  const reference = bandReferenceText(row.target ?? undefined);
  const counts = !isPublic && unit !== 'count' && row.numerator.kind === 'value' && row.denominator.kind === 'value'
    ? `<span class="of">${e(formatValue('count', row.numerator.value))} of ${e(formatValue('count', row.denominator.value))}</span>`
    : '';
  const bm = (v: number | null | undefined) => (v === null || v === undefined ? '<span class="none">–</span>' : e(formatBenchmark(unit, v)));
  return `<tr class="ind status-${e(row.status.toLowerCase())}">
  <td class="num no">${row.number}</td>
  <th scope="row" class="left indicator"><span class="ind-title">${e(row.indicator.title)}</span><span class="ind-id">${e(row.indicator.id)} · ${e(WINDOW_LABEL[row.indicator.window])}</span></th>
  <td class="good">${e(row.goodPerformanceIs)}</td>
  <td class="unit">${e(UNIT_LABEL[unit])}</td>
  <td class="num">${cellHtml(unit, row.valueP2)}</td>
  <td class="num">${cellHtml(unit, row.valueP1)}</td>
  <td class="num cur">${cellHtml(unit, row.value)}${counts}</td>
  <td class="num${row.ragBasis === 'YTD' ? ' basis' : ''}">${cellHtml(unit, row.ytd)}</td>
  <td class="spark">${sparkline(row.sparkline, unit, row.indicator.title)}</td>
  <td class="dot">${dotHtml(row.dot)}</td>
  ${ragHtml(row.rag, row.ragBasis)}
  <td class="thr">${t ? e(t.red) : '<span class="none">–</span>'}</td>
  <td class="thr">${t?.amber ? e(t.amber) : '<span class="none">–</span>'}</td>
  <td class="thr">${t ? e(t.green) : '<span class="none">–</span>'}${reference ? `<span class="ref">of ${e(reference)}</span>` : ''}</td>
  <td class="num">${cellHtml(unit, row.previousYear)}</td>
  <td class="num">${bm(b?.statNeighbourAvg)}</td>
  <td class="num">${bm(b?.bestStatNeighbour)}</td>
  <td class="num">${bm(b?.nationalAvg)}</td>
  <td class="num">${bm(b?.nationalTopQuartile)}</td>
  <td class="bm-year">${b?.label ? e(b.label) : ''}</td>
  <td class="note">${notesHtml(scorecard, row)}</td>
</tr>`;
}

function cellHtml(unit: Unit, cell: Cell): string {
  if (cell.kind === 'value') return `<span class="v">${e(formatValue(unit, cell.value))}</span>`;
  if (cell.kind === 'symbol') return `<abbr class="sym" title="${e(SYMBOL_TITLE[cell.symbol])}">${e(cell.symbol)}</abbr>`;
  return '<span class="none" title="no value">–</span>';
}

function dotHtml(dot: ScorecardRow['dot']): string {
  if (dot === null) return '<span class="none" title="no previous value">–</span>';
  if (dot === SYMBOL.CONFIDENTIAL) return `<abbr class="sym" title="${e(SYMBOL_TITLE.c)}">c</abbr>`;
  const d = DOT_TEXT[dot];
  return `<span class="dot-v dot-${dot.toLowerCase()}"><span class="arrow" aria-hidden="true">${e(d.arrow)}</span> ${e(d.words)}</span>`;
}

function ragHtml(rag: ScorecardRow['rag'], basis: ScorecardRow['ragBasis']): string {
  const basisNote = basis === 'YTD' ? '<span class="rag-basis">YTD</span>' : '';
  if (rag === null) return '<td class="rag rag-none"><span class="na">n/a</span></td>';
  if (rag === SYMBOL.CONFIDENTIAL) return `<td class="rag rag-none"><abbr class="sym" title="${e(SYMBOL_TITLE.c)}">c</abbr></td>`;
  return `<td class="rag rag-${rag}" title="${RAG_WORD[rag]}${basis === 'YTD' ? ', judged on the year to date' : ''}"><span class="rag-letter">${rag}</span>${basisNote}</td>`;
}

function notesHtml(scorecard: Scorecard, row: ScorecardRow): string {
  const unit = row.indicator.unit;
  return row.notes
    .map((code) => {
      switch (code) {
        case 'NO_DATA':
          return '<span class="chip chip-nodata">No data</span>';
        case 'PARTIAL':
          return '<span class="chip chip-partial" title="some months the definition reads are missing">Partial</span>';
        case 'SMALL':
          return '<span class="chip chip-small" title="small numbers: suppressed in the public edition">Small</span>';
        case 'REVISED':
          return row.revisions
            .map((r) => {
              const current = r.current.kind === 'value' ? r.current.value : null;
              const earlier = r.earlier.kind === 'value' ? formatEarlier(unit, r.earlier.value, current) : r.earlier.kind === 'symbol' ? r.earlier.symbol : '–';
              return `<span class="chip chip-revised">Revised</span> <span class="rev">${e(shortPeriodLabel(r.period))} was ${e(earlier)}</span>`;
            })
            .join('<br>');
      }
    })
    .join(' ');
}

/** A 13-month line with gaps where there is no value; the last point marked. */
function sparkline(points: readonly SparkPoint[], unit: Unit, title: string): string {
  const W = 84;
  const H = 24;
  const PAD = 3;
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  const first = points[0]?.period;
  const last = points[points.length - 1];
  const label = values.length === 0
    ? `${title}: no values in the last 13 months`
    : `${title}: 13-month trend${last?.value !== null && last ? `, latest ${formatValue(unit, last.value as number)}` : ''}`;
  if (values.length === 0) {
    return `<svg class="sparkline" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${e(label)}"><title>${e(label)}</title><line x1="${PAD}" y1="${H / 2}" x2="${W - PAD}" y2="${H / 2}" class="sl-empty"/></svg>`;
  }
  const min = Math.min(...values);
  const max = Math.max(...values);
  const step = (W - 2 * PAD) / Math.max(1, points.length - 1);
  const y = (v: number) => (max === min ? H / 2 : PAD + (H - 2 * PAD) * (1 - (v - min) / (max - min)));
  const coords = points.map((p, i) => (p.value === null ? null : [PAD + i * step, y(p.value)] as const));
  const segments: string[] = [];
  let current: string[] = [];
  for (const c of coords) {
    if (c === null) {
      if (current.length) segments.push(current.join(' '));
      current = [];
    } else current.push(`${c[0].toFixed(1)},${c[1].toFixed(1)}`);
  }
  if (current.length) segments.push(current.join(' '));
  const lines = segments
    .map((s) => (s.includes(' ') ? `<polyline points="${s}" class="sl-line"/>` : `<circle cx="${s.split(',')[0]}" cy="${s.split(',')[1]}" r="1.2" class="sl-pt"/>`))
    .join('');
  const end = coords[coords.length - 1];
  const endDot = end ? `<circle cx="${end[0].toFixed(1)}" cy="${end[1].toFixed(1)}" r="2.2" class="sl-end"/>` : '';
  const caption = `${label}${first ? ` (from ${shortPeriodLabel(first)})` : ''}`;
  return `<svg class="sparkline" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${e(caption)}"><title>${e(caption)}</title>${lines}${endDot}</svg>`;
}

function definitionsSection(scorecard: Scorecard): string {
  const themes = scorecard.themes
    .map(
      (t) => `<div class="def-theme"><h3>${e(t.theme)}</h3><dl>${t.rows
        .map(
          (r) => `<div class="def"><dt><span class="def-id">${e(r.indicator.id)}</span> ${e(r.indicator.title)}</dt>
<dd>${e(r.indicator.definition)} <span class="def-meta">Window: ${e(WINDOW_LABEL[r.indicator.window].toLowerCase())}. Unit: ${e(r.indicator.unit)}. Good performance is ${e(r.goodPerformanceIs.toLowerCase())}.</span></dd></div>`,
        )
        .join('')}</dl></div>`,
    )
    .join('');
  const windows = WINDOWS.map((w) => `<li><b>${e(WINDOW_LABEL[w])}</b>: ${e(WINDOW_TEXT[w])}.</li>`).join('');
  return `<section class="definitions" aria-labelledby="definitions">
<h2 id="definitions">Definitions</h2>
<div class="windows"><h3>Windows</h3><ul>${windows}</ul></div>
<div class="def-columns">${themes}</div>
</section>`;
}

function notesSection(scorecard: Scorecard): string {
  const isPublic = scorecard.edition === 'public';
  const { p2, p, previousYear } = scorecard.periods;
  const items = [
    `Figures for ${e(shortPeriodLabel(p2))} to ${e(shortPeriodLabel(p))} are recomputed in every run, because partners restate their data. A value that differs from the one an earlier scorecard published is marked <b>Revised</b>, with the earlier value.`,
    'Values are stored unrounded and shown rounded (halves away from zero): percentages and rates to one decimal place, counts and days to whole numbers.',
    'RAG compares the month’s value (or the year to date, where the target says so, marked YTD) with the target for the financial year: Green at or beyond the green threshold, Amber at or beyond the amber one, otherwise Red; without an amber threshold there is no Amber. For “within band” indicators the distance from the band reference is compared. No target or no value: n/a.',
    'Direction of travel compares this month with last month, both rounded to one decimal place: Improving or Declining according to which way is good, Stable when equal; Up or Down for indicators without a preferred direction; for “within band” indicators, closer to the reference is Improving.',
    `The previous year column is the value at the end of the previous financial year (${e(shortPeriodLabel(previousYear))}). Benchmarks are the latest published for each indicator, for the year shown in the Year column.`,
    '<b>No data</b>: a source did not cover the month. <b>Partial</b>: the month is covered but another month the definition reads is not; the value is computed from what there is.',
    isPublic
      ? `Statistical symbols: <b>c</b> suppressed to protect confidentiality (a count of 1 to ${SMALL_COUNT_MAX}, or a percentage or rate whose numerator is 1 to ${SMALL_NUMERATOR_MAX} or whose denominator is 1 to ${SMALL_DENOMINATOR_MAX}); <b>x</b> not available; <b>z</b> not applicable. Numerators and denominators are not published.`
      : `<b>Small</b>: a count of 1 to ${SMALL_COUNT_MAX}, or a percentage or rate whose numerator is 1 to ${SMALL_NUMERATOR_MAX} or whose denominator is 1 to ${SMALL_DENOMINATOR_MAX}, somewhere in the figures shown. These are suppressed in the public edition. This edition is ${e(scorecard.marking ?? '')}.`,
  ];
  return `<section class="notes" aria-labelledby="notes">
<h2 id="notes">Data notes</h2>
<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>
</section>`;
}

function formatDate(d: Date): string {
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
}

function css(marking: string | null): string {
  const pageMarking = marking
    ? `@top-center { content: "${marking.replace(/["\\]/g, '')}"; font: 700 8pt/1 ${FONT}; color: #9b1c1c; letter-spacing: .06em; }
  @bottom-left { content: "${marking.replace(/["\\]/g, '')}"; font: 700 7pt/1 ${FONT}; color: #9b1c1c; }`
    : '';
  return `
:root { --ink: #1d2433; --muted: #5b6577; --rule: #d5dae3; --band: #f3f5f9; --accent: #1f3a5f;
  --red: #b3261e; --amber: #f2b01e; --green: #1e7b34; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; padding: 24px 28px 32px; font: 400 12px/1.35 ${FONT}; color: var(--ink); background: #fff;
  font-variant-numeric: tabular-nums; }
.marking { background: #9b1c1c; color: #fff; text-align: center; font-weight: 700; letter-spacing: .08em;
  text-transform: uppercase; font-size: 11px; padding: 6px 10px; border-radius: 3px; }
.marking-top { margin-bottom: 16px; }
.marking-bottom { margin: 18px 0 8px; }
.masthead { display: flex; justify-content: space-between; align-items: flex-end; gap: 24px;
  border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 12px; }
.kicker { margin: 0; text-transform: uppercase; letter-spacing: .08em; font-size: 11px; color: var(--muted); font-weight: 600; }
h1 { margin: 2px 0 4px; font-size: 28px; line-height: 1.1; color: var(--accent); font-weight: 700; letter-spacing: -.01em; }
.meta { margin: 0; color: var(--muted); font-size: 11.5px; }
.summary { list-style: none; display: flex; gap: 8px; margin: 0; padding: 0; }
.sum { min-width: 64px; padding: 6px 10px; border-radius: 4px; text-align: center; border: 1px solid var(--rule); }
.sum-n { display: block; font-size: 20px; font-weight: 700; line-height: 1.1; }
.sum-l { display: block; font-size: 10px; text-transform: uppercase; letter-spacing: .06em; }
.sum-R { background: var(--red); color: #fff; border-color: var(--red); }
.sum-A { background: var(--amber); color: #1b1b1b; border-color: #d99a0b; }
.sum-G { background: var(--green); color: #fff; border-color: var(--green); }
.sum-none { background: var(--band); color: var(--ink); }
.key { display: flex; flex-wrap: wrap; gap: 6px 22px; font-size: 10.5px; color: var(--muted); margin: 0 0 8px; }
.key-group { display: inline-flex; flex-wrap: wrap; gap: 4px 10px; align-items: center; }
.key-title { font-weight: 700; color: var(--ink); text-transform: uppercase; letter-spacing: .05em; font-size: 10px; }
.key-item { white-space: nowrap; }
.rag-swatch { display: inline-block; width: 16px; height: 16px; line-height: 16px; text-align: center; border-radius: 2px; font-weight: 700; font-size: 10px; }
h2 { font-size: 15px; color: var(--accent); margin: 18px 0 6px; padding-bottom: 3px; border-bottom: 1px solid var(--rule);
  break-after: avoid; page-break-after: avoid; }
h3 { font-size: 12px; margin: 10px 0 4px; color: var(--accent); }
table.scorecard { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 10.5px; }
.scorecard thead { display: table-header-group; }
.scorecard th, .scorecard td { padding: 4px 4px; border-bottom: 1px solid var(--rule); vertical-align: middle; text-align: center; }
.scorecard thead th { background: var(--accent); color: #fff; font-weight: 600; font-size: 9.5px; line-height: 1.2; border-bottom: 0; }
.scorecard thead tr.groups th { background: #fff; color: var(--accent); font-size: 9px; text-transform: uppercase;
  letter-spacing: .06em; padding: 2px 4px 3px; }
.scorecard thead tr.groups th.group { border-bottom: 2px solid var(--accent); }
.scorecard thead th.cur { background: #16304f; }
.scorecard .sub { font-weight: 400; opacity: .85; }
.scorecard tbody tr { break-inside: avoid; page-break-inside: avoid; }
.scorecard tbody tr:nth-child(even) { background: var(--band); }
.scorecard .left { text-align: left; }
.scorecard .num, .scorecard .num-h { text-align: right; }
.scorecard td.num { white-space: nowrap; }
.scorecard td.cur { font-weight: 700; background: rgba(31,58,95,.06); }
.scorecard td.basis { font-weight: 700; }
col.c-no { width: 26px; } col.c-ind { width: auto; } col.c-good { width: 50px; } col.c-unit { width: 44px; }
col.c-val { width: 48px; } col.c-spark { width: 92px; } col.c-dot { width: 70px; } col.c-rag { width: 36px; }
col.c-thr { width: 58px; } col.c-bm { width: 50px; } col.c-year { width: 42px; } col.c-note { width: 104px; }
.bm-year { font-size: 8.5px; color: var(--muted); white-space: nowrap; }
.no { color: var(--muted); }
.indicator { font-weight: 400; }
.ind-title { display: block; font-weight: 600; color: var(--ink); }
.ind-id { display: block; font-size: 9px; color: var(--muted); margin-top: 1px; }
.good, .unit { color: var(--muted); font-size: 9.5px; }
.of { display: block; font-weight: 400; font-size: 8.5px; color: var(--muted); white-space: normal; }
.ref, .bm-label { display: block; font-size: 8.5px; color: var(--muted); }
.thr { font-size: 9.5px; white-space: nowrap; }
.none { color: #a3abb8; }
.na { color: var(--muted); font-size: 9.5px; }
abbr.sym, b.sym { font-style: italic; font-weight: 600; text-decoration: none; color: var(--ink); }
td.rag { padding: 0; font-weight: 700; font-size: 13px; }
.rag-R { background: var(--red); color: #fff; }
.rag-A { background: var(--amber); color: #1b1b1b; }
.rag-G { background: var(--green); color: #fff; }
.scorecard tbody tr td.rag-R { background: var(--red); }
.scorecard tbody tr td.rag-A { background: var(--amber); }
.scorecard tbody tr td.rag-G { background: var(--green); }
.rag-letter { display: block; }
.rag-basis { display: block; font-size: 7.5px; font-weight: 600; letter-spacing: .05em; }
.dot-v { white-space: nowrap; font-size: 10px; }
.arrow { font-size: 9px; }
.dot-improving .arrow { color: var(--green); } .dot-declining .arrow { color: var(--red); }
.dot-stable .arrow, .dot-up .arrow, .dot-down .arrow { color: var(--muted); }
.sparkline { display: block; margin: 0 auto; overflow: visible; }
.sl-line { fill: none; stroke: var(--accent); stroke-width: 1.4; stroke-linejoin: round; stroke-linecap: round; }
.sl-pt { fill: var(--accent); }
.sl-end { fill: #fff; stroke: var(--accent); stroke-width: 1.4; }
.sl-empty { stroke: var(--rule); stroke-dasharray: 2 2; }
.note { text-align: left; font-size: 9px; line-height: 1.5; }
.chip { display: inline-block; padding: 0 5px; border-radius: 8px; font-size: 8.5px; font-weight: 700; letter-spacing: .02em;
  border: 1px solid currentColor; white-space: nowrap; }
.chip-nodata { color: #5b6577; } .chip-partial { color: #8a5a00; } .chip-small { color: #6b3fa0; } .chip-revised { color: #1f5fa8; }
.rev { color: var(--muted); white-space: nowrap; }
.definitions, .notes { break-before: page; page-break-before: always; font-size: 10.5px; }
.definitions .windows { margin-bottom: 10px; padding-bottom: 8px; border-bottom: 1px solid var(--rule); }
.definitions .windows ul { columns: 2; column-gap: 28px; margin: 0; padding-left: 16px; }
.def-columns { columns: 2; column-gap: 28px; }
.def-theme { break-inside: avoid-column; }
.def-theme h3 { break-after: avoid; }
.def { break-inside: avoid; margin: 0 0 5px; }
.def dt { font-weight: 600; }
.def-id { display: inline-block; width: 50px; color: var(--accent); font-weight: 700; }
.def dd { margin: 1px 0 0 50px; color: #333c4d; }
.def-meta { color: var(--muted); }
.notes { break-before: auto; page-break-before: auto; }
.notes ul { padding-left: 18px; margin: 4px 0; }
.notes li { margin: 3px 0; }
.page-footer { margin-top: 18px; font-size: 9.5px; color: var(--muted); border-top: 1px solid var(--rule); padding-top: 6px; }
.page-footer p { margin: 0; }
@page { size: A4 landscape; margin: 12mm 9mm 12mm 9mm;
  ${pageMarking}
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 400 7pt/1 ${FONT}; color: #5b6577; } }
@media print {
  body { padding: 0; font-size: 10px; }
  h1 { font-size: 22px; }
  table.scorecard { font-size: 8.5px; }
  .scorecard thead th { font-size: 8px; }
  .scorecard th, .scorecard td { padding: 3px 2px; }
  col.c-no { width: 18px; } col.c-good { width: 36px; } col.c-unit { width: 32px; } col.c-val { width: 39px; }
  col.c-spark { width: 66px; } col.c-dot { width: 58px; } col.c-rag { width: 26px; } col.c-thr { width: 47px; }
  col.c-bm { width: 38px; } col.c-year { width: 32px; } col.c-note { width: 74px; }
  .sparkline { width: 62px; height: 20px; }
  .good, .unit, .thr, .dot-v { font-size: 7.5px; }
  .ind-id, .of, .ref, .bm-year, .note { font-size: 7px; }
  .chip { font-size: 6.5px; padding: 0 3px; }
  td.rag { font-size: 11px; }
  .summary .sum { min-width: 54px; padding: 4px 8px; }
  .sum-n { font-size: 16px; }
  .theme { break-inside: auto; }
}
`;
}

const FONT = `"Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif`;
