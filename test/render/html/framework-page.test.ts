/**
 * The pack's HTML pages in a real browser (Debian's chromium through playwright-core), on the
 * sample pack of every shipped framework with one hostile annotation and an aggregator's stated
 * route limits: each framework's overview counts its requirements.csv and the front page lists it
 * with those counts; on PCI DSS the overview's route limits are gaps.csv's, the filters give the
 * CSV's counts and live in the URL, a requirement view lists evidence.csv's failing resources, AWS
 * markup is shown as text, the page makes no request and breaks no CSP rule, and axe-core finds no
 * serious WCAG 2.1 AA violation. Screenshots of each view go to out/html/.
 * One browser for the file; waits are generous (a busy machine), nothing is timed.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium, NO_BROWSER_MESSAGE, runAxe } from '../../helpers/browser.js';
import { AGGREGATOR_LIMITS } from '../../../src/collect/aws-config/route-limits.js';
import { rewriteSnapshot } from '../../helpers/rewrite-snapshot.js';
import { REPO_ROOT, runSrmap, timeoutFor } from '../../helpers/run-srmap.js';

const FRAMEWORK = 'pci-dss-4.0.1';
/** The pack holds every shipped framework; the detailed checks run on PCI DSS, the rest on each. */
const FRAMEWORKS = ['hipaa-security', 'pci-dss-4.0.1', 'soc2-2017', 'iso27001-2022', 'nist-csf-2.0'];
const INJECTED = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script></script><b id="injected">bold</b>';
const SCREENSHOTS = join(REPO_ROOT, 'out', 'html');
const WAIT = { timeout: 120_000 };

type CsvRow = Record<string, string>;
const readCsv = async (path: string): Promise<CsvRow[]> => parse(await readFile(path, 'utf8'), { columns: true, bom: true, skip_empty_lines: true }) as CsvRow[];
const countBy = (rows: CsvRow[], key: string) => {
  const out = new Map<string, number>();
  for (const r of rows) out.set(r[key] ?? '', (out.get(r[key] ?? '') ?? 0) + 1);
  return out;
};

if (!CHROMIUM) console.warn(NO_BROWSER_MESSAGE);

describe.skipIf(!CHROMIUM)('the framework page in chromium', () => {
  let work: string;
  let pack: string;
  let browser: Browser;
  let page: Page;
  let pageUrl: string;
  let requirements: CsvRow[];
  let evidence: CsvRow[];
  const requests: string[] = [];
  /** Console errors (a CSP refusal is one) and uncaught errors, over every view. */
  const errors: string[] = [];
  let hostileRule = '';

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'srmap-html-'));
    let first = true;
    const snap = await rewriteSnapshot(join(REPO_ROOT, 'evidence', 'sample'), work, 'sample-injected', {
      evaluations: (r) => {
        if (!first || r.complianceType !== 'NON_COMPLIANT') return r;
        first = false;
        hostileRule = r.sourceIdentifier;
        return { ...r, annotation: INJECTED };
      },
    }, (m) => ({ ...m, limits: [...AGGREGATOR_LIMITS] }));
    pack = join(work, 'pack');
    // The pages and the CSVs they are checked against: --format html (the CSVs are always written).
    const run = await runSrmap(['report', '--snapshot', snap, '--framework', ...FRAMEWORKS, '--format', 'html', '--out', pack, '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    requirements = await readCsv(join(pack, FRAMEWORK, 'requirements.csv'));
    evidence = await readCsv(join(pack, FRAMEWORK, 'evidence.csv'));
    await mkdir(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.setDefaultTimeout(WAIT.timeout);
    pageUrl = pathToFileURL(join(pack, FRAMEWORK, 'index.html')).href;
    // Every request but the page's own file, and every CSP violation the page reports.
    const own = new Set([join(pack, 'index.html'), ...FRAMEWORKS.map((f) => join(pack, f, 'index.html'))].map((p) => pathToFileURL(p).href));
    page.on('request', (r) => {
      if (!own.has(r.url().split('#')[0] ?? '')) requests.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.addInitScript(() => {
      const w = window as unknown as { __violations: string[] };
      w.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
  }, timeoutFor(15));

  afterAll(async () => {
    await browser?.close();
    await rm(work, { recursive: true, force: true });
  });

  const open = async (fragment: string) => {
    await page.goto(`${pageUrl}#/${fragment}`);
    await page.waitForSelector('#app[data-ready="true"]', WAIT);
  };
  const show = async (fragment: string) => {
    await page.evaluate((f) => {
      location.hash = `#/${f}`;
    }, fragment);
    await page.waitForFunction((f) => location.hash.startsWith(`#/${f.split('?')[0] ?? ''}`), fragment, WAIT);
  };
  const seriousAxe = async () => (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');

  it('the overview counts requirements by status and responsibility as requirements.csv does', async () => {
    await open('overview');
    const byStatus = countBy(requirements, 'status');
    for (const [status, n] of byStatus) expect(await page.textContent(`[data-testid="by-status"] tr[data-key="${status}"] [data-testid="count"]`), status).toBe(n.toLocaleString('en-US'));
    const shown = await page.$$eval('[data-testid="by-status"] [data-testid="count"]', (cells) => cells.reduce((n, c) => n + Number((c.textContent ?? '').replace(/,/g, '')), 0));
    expect(shown).toBe(requirements.length);
    for (const [resp, n] of countBy(requirements, 'responsibility')) expect(await page.textContent(`[data-testid="by-responsibility"] tr[data-key="${resp}"] [data-testid="count"]`), resp).toBe(n.toLocaleString('en-US'));
    // Each chart table is named by the heading above it, once: no caption repeating it.
    for (const [testId, name] of [['by-status', 'Requirements by status'], ['by-responsibility', 'Requirements by responsibility']] as const) {
      expect(await page.locator(`[data-testid="${testId}"] caption`).count(), testId).toBe(0);
      expect(await page.getByText(name, { exact: true }).count(), name).toBe(1);
      expect(await page.getByRole('table', { name, exact: true }).getAttribute('data-testid')).toBe(testId);
    }
    // The stated limits of the collection route are gaps.csv's limit rows.
    const limits = (await readCsv(join(pack, FRAMEWORK, 'gaps.csv'))).filter((r) => r.gap_type === 'limit').map((r) => r.error_code);
    expect(limits.length).toBe(AGGREGATOR_LIMITS.length);
    expect(await page.$$eval('[data-testid="limits"] [data-testid="limit-code"]', (cells) => cells.map((c) => c.textContent))).toEqual(limits);
    expect(await seriousAxe()).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'overview.png'), fullPage: true });
  });

  it('filtering by status and responsibility gives the CSV counts, and the filter is kept in the URL', async () => {
    await open('requirements');
    expect(await page.getAttribute('#match-count', 'data-count')).toBe(String(requirements.length));
    const status = 'not-met';
    await page.selectOption('#filter-status', status);
    expect(await page.getAttribute('#match-count', 'data-count')).toBe(String(requirements.filter((r) => r.status === status).length));
    await page.selectOption('#filter-responsibility', 'customer');
    const both = requirements.filter((r) => r.status === status && r.responsibility === 'customer').length;
    expect(await page.getAttribute('#match-count', 'data-count')).toBe(String(both));
    // Each responsibility option counts the requirements the status filter leaves.
    for (const [resp, n] of countBy(requirements.filter((r) => r.status === status), 'responsibility')) {
      expect(await page.getAttribute(`#filter-responsibility option[value="${resp}"]`, 'data-count'), resp).toBe(String(n));
    }
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toContain('status=not-met');
    expect(hash).toContain('responsibility=customer');
    await page.screenshot({ path: join(SCREENSHOTS, 'requirements.png'), fullPage: true });
    await page.reload();
    await page.waitForSelector('#app[data-ready="true"]', WAIT);
    expect(await page.getAttribute('#match-count', 'data-count')).toBe(String(both));
    expect(await page.inputValue('#filter-status')).toBe(status);
    expect(await seriousAxe()).toEqual([]);
  });

  it('a requirement view lists the failing resources evidence.csv gives its deciding rules', async () => {
    const failing = evidence.filter((r) => r.compliance_type === 'NON_COMPLIANT' && r.in_scope === 'true');
    const byRequirement = new Map<string, CsvRow[]>();
    for (const r of failing) for (const id of (r.requirement_ids ?? '').split(';').filter((x) => x !== '')) byRequirement.set(id, [...(byRequirement.get(id) ?? []), r]);
    // The not-met requirement with the most failing results; every page of them is read.
    const notMet = new Set(requirements.filter((r) => r.status === 'not-met').map((r) => r.requirement_id));
    const [id, rows] = [...byRequirement].filter(([k]) => notMet.has(k)).sort((a, b) => b[1].length - a[1].length)[0] ?? ['', []];
    expect(rows.length).toBeGreaterThan(0);
    await open(`requirement/${encodeURIComponent(id)}`);
    expect(await page.textContent('h1')).toContain(id);
    expect(await page.getAttribute('[data-testid="failing-count"]', 'data-count')).toBe(String(rows.length));
    await page.screenshot({ path: join(SCREENSHOTS, 'requirement.png'), fullPage: true });
    const seen: string[] = [];
    for (;;) {
      seen.push(...(await page.$$eval('[data-testid="failing"] [data-testid="resource-id"]', (cells) => cells.map((c) => c.textContent ?? ''))));
      const next = page.locator('[data-testid="failing"] button', { hasText: 'Next page' });
      if ((await next.count()) === 0 || (await next.isDisabled())) break;
      await next.click();
    }
    expect(seen.sort()).toEqual(rows.map((r) => r.resource_id ?? '').sort());
    const deciding = await page.$$eval('[data-testid="deciding"] tbody tr', (trs) => trs.length);
    expect(deciding).toBe((requirements.find((r) => r.requirement_id === id)?.config_rules ?? '').split(';').filter((x) => x !== '').length + (requirements.find((r) => r.requirement_id === id)?.manual_evidence ?? '').split(';').filter((x) => x !== '').length + (requirements.find((r) => r.requirement_id === id)?.attestations ?? '').split(';').filter((x) => x !== '').length);
    expect(await seriousAxe()).toEqual([]);
  });

  it('markup in an AWS annotation is shown as text and never runs', async () => {
    expect(hostileRule).not.toBe('');
    await open(`rule/${encodeURIComponent(hostileRule)}`);
    let found = false;
    for (;;) {
      const notes = await page.$$eval('[data-testid="failing"] [data-testid="annotation"]', (cells) => cells.map((c) => c.textContent ?? ''));
      if (notes.includes(INJECTED)) {
        found = true;
        break;
      }
      const next = page.locator('[data-testid="failing"] button', { hasText: 'Next page' });
      if ((await next.count()) === 0 || (await next.isDisabled())) break;
      await next.click();
    }
    expect(found).toBe(true);
    expect(await page.$('#injected')).toBeNull();
    expect(await page.$$eval('main img, main script', (n) => n.length)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.screenshot({ path: join(SCREENSHOTS, 'rule.png'), fullPage: true });
    expect(await seriousAxe()).toEqual([]);
  });

  it('every framework\'s page counts its requirements.csv by status, passes axe, and the front page links it with those counts', async () => {
    for (const id of FRAMEWORKS) {
      const rows = await readCsv(join(pack, id, 'requirements.csv'));
      await page.goto(`${pathToFileURL(join(pack, id, 'index.html')).href}#/overview`);
      await page.waitForSelector('#app[data-ready="true"]', WAIT);
      for (const [status, n] of countBy(rows, 'status')) expect(await page.textContent(`[data-testid="by-status"] tr[data-key="${status}"] [data-testid="count"]`), `${id} ${status}`).toBe(n.toLocaleString('en-US'));
      expect(await seriousAxe(), id).toEqual([]);
    }
    await page.goto(pathToFileURL(join(pack, 'index.html')).href);
    for (const id of FRAMEWORKS) {
      const rows = await readCsv(join(pack, id, 'requirements.csv'));
      const cells = await page.$$eval(`tr:has(a[href="${id}/index.html"]) td.num`, (tds) => tds.map((td) => Number(td.textContent)));
      expect(cells[0], id).toBe(rows.length);
      expect(cells.slice(1).reduce((a, b) => a + b, 0), id).toBe(rows.length);
    }
  });

  it('the evidence view and the pack front page pass axe; no view made a request or broke the CSP', async () => {
    await open('evidence');
    await show('evidence');
    expect(await page.$$eval('[data-testid="rules"] tbody tr', (trs) => trs.length)).toBeGreaterThan(0);
    expect(await seriousAxe()).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'evidence.png'), fullPage: true });
    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
    await page.goto(pathToFileURL(join(pack, 'index.html')).href);
    expect(await page.getAttribute(`a[href="${FRAMEWORK}/index.html"]`, 'href')).toBe(`${FRAMEWORK}/index.html`);
    expect(await seriousAxe()).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'index.png'), fullPage: true });
    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
  });
});
