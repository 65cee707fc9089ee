/**
 * The browser the suite drives: Debian's chromium (`apt-get install chromium`; .ci/run installs it)
 * through playwright-core, which downloads nothing. SRMAP_CHROMIUM names another binary. When none
 * is found the browser tests are skipped and say so plainly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';

const CANDIDATES = [process.env.SRMAP_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => typeof p === 'string' && p !== '');

export const CHROMIUM: string | undefined = CANDIDATES.find((p) => existsSync(p));

export const NO_BROWSER_MESSAGE = `Browser tests skipped: no chromium at ${CANDIDATES.join(' or ')}. Install it (apt-get install -y chromium) or set SRMAP_CHROMIUM.`;

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  if (!CHROMIUM) throw new Error(NO_BROWSER_MESSAGE);
  // As root (CI, containers) chromium needs --no-sandbox.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'], timeout: 120_000 });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * axe-core's WCAG 2.0/2.1 A and AA rules on the page as it is now. axe is evaluated through the
 * DevTools protocol (a page's CSP does not apply there), never added to the page as a script tag.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}
