/**
 * How fast a pack's HTML page opens in chromium, and how it behaves once open. Not a test: run it
 * by hand on a written pack.
 *   npx tsx src/tools/bench-html.ts OUT/<framework>/index.html [--runs 5]
 * Per view (overview, requirements, evidence): time to first render, from navigation start to the
 * client's `srmap-first-render` mark (HTML and JSON parsed, the first view in the document), and
 * first contentful paint; the fastest of --runs, each in a fresh browser context, with every run
 * printed (a shared machine makes single figures noisy). Then, on the open page: opening the
 * requirement and the rule with the most failing results, and changing the status filter (fastest
 * of 3), and the elements in the document.
 */
import { readFile, stat } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import type { PageData } from '../render/html/page-data.js';
import { launchChromium } from '../../test/helpers/browser.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '5' } } });
const file = positionals[0];
if (!file) throw new Error('usage: tsx src/tools/bench-html.ts OUT/<framework>/index.html [--runs N]');
const runs = Math.max(1, Number(values.runs));
const url = pathToFileURL(file).href;
const WAIT = { timeout: 300_000 };
const min = (xs: number[]) => xs.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);

const html = await readFile(file, 'utf8');
const data = JSON.parse(/<script type="application\/json" id="srmap-data">([^<]*)<\/script>/.exec(html)?.[1] ?? 'null') as PageData;
const perRule = new Map<string, number>();
for (const f of data.failing) perRule.set(f[0], (perRule.get(f[0]) ?? 0) + 1);
let bigRule: [string, number] = ['', 0];
for (const r of perRule) if (r[1] > bigRule[1]) bigRule = r;
let bigRequirement: [string, number] = ['', 0];
for (const r of data.requirements) {
  const n = r.deciding.filter((p) => p.kind === 'rule').reduce((s, p) => s + (perRule.get(p.id) ?? 0), 0);
  if (n > bigRequirement[1]) bigRequirement = [r.id, n];
}
console.log(`${file}: ${(await stat(file)).size.toLocaleString('en-US')} bytes, ${data.requirements.length} requirements, ${data.rules.length} rules, ${data.failing.length.toLocaleString('en-US')} failing results; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

const browser = await launchChromium();
try {
  for (const view of ['overview', 'requirements', 'evidence']) {
    const ready: number[] = [];
    const paint: number[] = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${url}#/${view}`, WAIT);
      await page.waitForSelector('#app[data-ready="true"]', WAIT);
      await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, undefined, WAIT);
      const t = await page.evaluate(() => ({ ready: performance.getEntriesByName('srmap-first-render')[0]?.startTime ?? -1, paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1 }));
      ready.push(t.ready);
      paint.push(t.paint);
      await context.close();
    }
    console.log(`${view}: first render ${min(ready).toFixed(0)} ms (runs: ${ready.map((x) => x.toFixed(0)).join(', ')}), first contentful paint ${min(paint).toFixed(0)} ms`);
  }
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.goto(`${url}#/overview`, WAIT);
  await page.waitForSelector('#app[data-ready="true"]', WAIT);
  const show = async (page: Page, hash: string): Promise<number> => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      await page.evaluate(() => history.replaceState(null, '', '#/overview'));
      times.push(await page.evaluate((h) => {
        const t = performance.now();
        history.replaceState(null, '', h);
        window.dispatchEvent(new HashChangeEvent('hashchange'));
        return performance.now() - t;
      }, hash));
    }
    return min(times);
  };
  if (bigRequirement[0]) console.log(`requirement ${bigRequirement[0]} (${bigRequirement[1].toLocaleString('en-US')} failing results): shown in ${(await show(page, `#/requirement/${encodeURIComponent(bigRequirement[0])}`)).toFixed(0)} ms, ${await page.evaluate(() => document.getElementsByTagName('*').length)} elements`);
  if (bigRule[0]) console.log(`rule ${bigRule[0]} (${bigRule[1].toLocaleString('en-US')} failing results): shown in ${(await show(page, `#/rule/${encodeURIComponent(bigRule[0])}`)).toFixed(0)} ms, ${await page.evaluate(() => document.getElementsByTagName('*').length)} elements`);
  await show(page, '#/requirements');
  const filter: number[] = [];
  for (const s of ['not-met', 'met', 'partial']) {
    filter.push(await page.evaluate((v) => {
      const select = document.querySelector<HTMLSelectElement>('#filter-status');
      if (!select) return -1;
      const t = performance.now();
      select.value = v;
      select.dispatchEvent(new Event('change'));
      return performance.now() - t;
    }, s));
  }
  console.log(`status filter changed in ${min(filter).toFixed(0)} ms; ${await page.evaluate(() => document.getElementsByTagName('*').length)} elements in the document`);
} finally {
  await browser.close();
}
