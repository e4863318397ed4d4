/// <reference lib="dom" />
// The page.evaluate callbacks run in the browser: DOM types for them only.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../functions/indicators/catalogue';
import { buildScorecard } from '../../functions/scorecard/build';
import type { Edition, PublishedValues } from '../../functions/scorecard/model';
import { escapeHtml, renderHtml } from '../../functions/scorecard/render-html';
import { boroughValues, COUNCIL_BENCHMARKS, COUNCIL_TARGETS, PERIOD } from './fixtures';

const OUTPUT = resolve('test-output', 'scorecard');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** An earlier publication that differs for one value, so the page shows a revision. */
const EARLIER: PublishedValues = {
  period: '2016-12', published_at: '2017-01-05T08:00:00.000Z',
  values: { 'CSC-08': { '2016-12': { value: 31.25, numerator: 1400, denominator: 4480 } } },
};

function page(edition: Edition): string {
  const sc = buildScorecard({
    period: PERIOD, edition, catalogue: CATALOGUE, values: boroughValues(), targets: COUNCIL_TARGETS,
    benchmarks: [...COUNCIL_BENCHMARKS, { indicator_id: 'CSC-09', stat_neighbour_avg: null, best_stat_neighbour: null, national_avg: null,
      national_top_quartile: null, label: '<img src="http://127.0.0.1:9/x.png">', period: '2015' }],
    published: [EARLIER], generatedAt: new Date('2017-02-05T08:00:00Z'),
  });
  return renderHtml(sc);
}

let browser: Browser;

beforeAll(async () => {
  await mkdir(OUTPUT, { recursive: true });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
});

describe('escapeHtml', () => {
  it('escapes every character that could open markup or leave an attribute', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe.each(['internal', 'public'] as const)('the %s HTML scorecard in headless Chromium', (edition) => {
  it('renders self-contained: table, RAG cells with letters and colours, sparklines, definitions; prints on A4 landscape', async () => {
    const html = page(edition);
    const file = join(OUTPUT, `scorecard-${edition}.html`);
    await writeFile(file, html);
    const url = pathToFileURL(file).href;

    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const tab = await context.newPage();
    const requests: string[] = [];
    tab.on('request', (r) => requests.push(r.url()));
    await tab.goto(url, { waitUntil: 'load' });

    expect(requests).toEqual([url]);
    expect(await tab.locator('script').count()).toBe(0);
    expect(await tab.locator('img').count()).toBe(0); // the hostile label is text, not an image
    expect(await tab.getByText('<img src="http://127.0.0.1:9/x.png">').count()).toBe(1);

    expect(await tab.locator('table.scorecard').count()).toBe(7);
    expect(await tab.locator('table.scorecard tbody tr').count()).toBe(CATALOGUE.length);
    const tableBox = await tab.locator('table.scorecard').first().boundingBox();
    expect(tableBox!.width).toBeGreaterThan(1000);

    const rags = await tab.locator('td.rag-R, td.rag-A, td.rag-G').evaluateAll((cells) =>
      cells.map((c) => ({ cls: c.className, text: c.querySelector('.rag-letter')?.textContent, bg: getComputedStyle(c).backgroundColor,
        color: getComputedStyle(c).color, w: c.getBoundingClientRect().width, h: c.getBoundingClientRect().height })));
    expect(rags.length).toBeGreaterThanOrEqual(10);
    const colours = { R: 'rgb(179, 38, 30)', A: 'rgb(242, 176, 30)', G: 'rgb(30, 123, 52)' };
    for (const r of rags) {
      const letter = r.cls.match(/rag-([RAG])/)![1] as 'R' | 'A' | 'G';
      expect(r.text).toBe(letter);
      expect(r.bg).toBe(colours[letter]);
      expect(r.color).toBe(letter === 'A' ? 'rgb(27, 27, 27)' : 'rgb(255, 255, 255)');
      expect(r.w * r.h).toBeGreaterThan(0);
    }
    expect(new Set(rags.map((r) => r.text))).toEqual(new Set(['R', 'A', 'G']));
    expect(await tab.locator('td.rag-none').filter({ hasText: 'n/a' }).count()).toBeGreaterThan(10);

    const sparks = await tab.locator('svg.sparkline').evaluateAll((svgs) =>
      svgs.map((s) => ({ w: s.getBoundingClientRect().width, h: s.getBoundingClientRect().height, lines: s.querySelectorAll('polyline').length })));
    expect(sparks).toHaveLength(CATALOGUE.length);
    for (const s of sparks) expect(s.w * s.h).toBeGreaterThan(0);
    expect(sparks.filter((s) => s.lines > 0).length).toBeGreaterThan(edition === 'internal' ? CATALOGUE.length - 3 : CATALOGUE.length / 2);

    // Direction in words as well as arrows; definitions from the catalogue; notes.
    expect(await tab.locator('td.dot').count()).toBe(CATALOGUE.length);
    const dots = await tab.locator('.dot-v').allInnerTexts();
    expect(dots.length).toBeGreaterThan(CATALOGUE.length / 2);
    for (const d of dots) expect(d).toMatch(/^[▲▼▶↗↘] (Improving|Declining|Stable|Up|Down)$/);
    expect(await tab.locator('.definitions dt').count()).toBe(CATALOGUE.length);
    await expect(tab.locator('.notes').innerText()).resolves.toContain('Direction of travel compares');
    expect(await tab.locator('.chip-revised').count()).toBe(1);
    if (edition === 'internal') {
      expect(await tab.locator('.marking').count()).toBe(2);
      await expect(tab.locator('.marking').first().innerText()).resolves.toMatch(/OFFICIAL-SENSITIVE/i);
      expect(await tab.locator('td.cur .of').count()).toBeGreaterThan(20);
    } else {
      expect(await tab.locator('.marking').count()).toBe(0);
      expect(await tab.locator('.of').count()).toBe(0);
      await expect(tab.locator('.notes').innerText()).resolves.toContain('suppressed to protect confidentiality');
    }

    await tab.screenshot({ path: join(OUTPUT, `scorecard-${edition}.png`), fullPage: true });

    // Print: headers repeat, rows stay whole, A4 landscape pages.
    await tab.emulateMedia({ media: 'print' });
    const printStyle = await tab.evaluate(() => ({
      thead: getComputedStyle(document.querySelector('table.scorecard thead')!).display,
      row: getComputedStyle(document.querySelector('table.scorecard tbody tr')!).breakInside,
    }));
    expect(printStyle).toEqual({ thead: 'table-header-group', row: 'avoid' });
    const pdf = await tab.pdf({ preferCSSPageSize: true, printBackground: true });
    await writeFile(join(OUTPUT, `scorecard-${edition}.pdf`), pdf);
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(boxes.length).toBeGreaterThanOrEqual(3);
    for (const [w, h] of boxes) {
      expect(w).toBeCloseTo(841.9, 0); // A4 landscape in points
      expect(h).toBeCloseTo(595.3, 0);
    }
    expect(requests).toEqual([url]);
    await context.close();
  });
});
