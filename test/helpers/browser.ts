// Debian's Chromium, driven by playwright-core (no browser download).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Locator, type Page } from 'playwright-core';
import type { Services } from '../../src/app/services.js';
import type { Store } from '../../src/db/index.js';
import { LiveSite } from '../../src/site/live.js';
import { buildApp } from '../../src/http/server.js';
import { testEnv } from '../../src/config/index.js';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const chromiumPath = () => testEnv().chromium;
export const chromiumPresent = () => fs.existsSync(chromiumPath());

/** The app on a free local port, and Debian's Chromium to visit it; close() stops both. */
export async function serveInChromium(store: Store, services: Services) {
  const app = await buildApp({ store, services, baseUrl: 'http://127.0.0.1', live: new LiveSite(services, store.db, { pollMs: 0 }) });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  return {
    base,
    browser,
    async close() {
      await browser.close();
      await app.close();
    },
  };
}
export type Served = Awaited<ReturnType<typeof serveInChromium>>;

const axeSource: string = createRequire(import.meta.url)('axe-core').source;

/**
 * axe-core's serious and critical violations on the page as it stands, one line each (rule: the
 * elements). The page's context must bypass our CSP, which refuses axe's inline script.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  });
}

/** The WCAG 2.0, 2.1 and 2.2 A and AA rules: what the Academy's sites must pass. */
export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/**
 * Every violation of the WCAG A and AA rules on the page as it stands, whatever its impact, one
 * line each: the rule, its impact, and for each element its selector and what axe says to fix.
 * The page's context must bypass our CSP, which refuses axe's inline script.
 */
export async function wcagViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (tags) => {
    const result = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
    return result.violations.map(
      (v: any) => `${v.id} (${v.impact}): ${v.nodes.map((n: any) => `${n.target.join(' ')} — ${oneLine(n.failureSummary ?? '')}`).join(' | ')}`,
    );
  }, WCAG_AA_TAGS);
}

/** The focused element as a test reads it: what it is, what it says, and whether its focus shows. */
export interface FocusStop {
  tag: string;
  /** Its accessible name as far as the page gives it (aria-label, label, text, alt, value). */
  name: string;
  href?: string;
  /** Why its focus cannot be seen, if it cannot. */
  problem?: string;
}

/**
 * Presses Tab (Shift+Tab with `back`) until the focused element is `target` (a locator, or a test of
 * the stop), at most `max` times, checking every stop as pressKey does. Returns the stops passed;
 * throws on a stop whose focus cannot be seen, or when `target` is not met.
 */
export async function tabTo(page: Page, target: Locator | ((stop: FocusStop) => boolean), { max = 60, back = false } = {}): Promise<FocusStop[]> {
  const stops: FocusStop[] = [];
  const list = () => stops.map((s, n) => `${n + 1}. <${s.tag}> ${s.name}${s.href ? ` (${s.href})` : ''}`).join('\n');
  for (let i = 0; i < max; i++) {
    const stop = await pressKey(page, back ? 'Shift+Tab' : 'Tab', list);
    stops.push(stop);
    const reached = typeof target === 'function' ? target(stop) : await target.evaluateAll((els) => els.some((e) => e === document.activeElement));
    if (reached) return stops;
  }
  throw new Error(`not reached in ${max} Tab stops:\n${list()}`);
}

/**
 * Presses `key` and checks that focus can be seen where it lands: the element is in the viewport,
 * not hidden under anything else there (WCAG 2.4.11), and shows an outline or a shadow it does not
 * have unfocused (on itself or, for :focus-within, on one of its two parents). `before` tells, in
 * the error, how focus got there.
 */
export async function pressKey(page: Page, key: string, before = () => ''): Promise<FocusStop> {
  await page.evaluate(snapshotFocusables, FOCUS_STYLES);
  await page.keyboard.press(key);
  const stop = await page.evaluate(readFocus, FOCUS_STYLES);
  if (stop.problem) throw new Error(`after ${key}, focus cannot be seen on <${stop.tag}> "${stop.name}": ${stop.problem}${before() ? `\nstops before:\n${before()}` : ''}`);
  return stop;
}

/** What draws focus: an element's look in these is compared focused and unfocused. */
const FOCUS_STYLES = ['outline-style', 'outline-width', 'outline-color', 'box-shadow'];

/** Runs in the page: remembers how each focusable element and its two parents look unfocused. */
function snapshotFocusables(styles: string[]) {
  const seen = new WeakMap<Element, string>();
  const look = (el: Element) => {
    const cs = getComputedStyle(el);
    return styles.map((p) => cs.getPropertyValue(p)).join(' ');
  };
  const focusable = 'a[href], button, input, select, textarea, summary, [tabindex], [contenteditable="true"], iframe';
  for (const el of Array.from(document.querySelectorAll(focusable))) {
    if (el === document.activeElement) continue;
    for (let e: Element | null = el, up = 0; e && up < 3; e = e.parentElement, up++) if (!seen.has(e) && !e.contains(document.activeElement)) seen.set(e, look(e));
  }
  (window as any).__unfocused = seen;
}

/** Runs in the page: the focused element, and why its focus could not be seen, if so. */
function readFocus(styles: string[]): FocusStop {
  const el = document.activeElement as HTMLElement | null;
  if (!el || el === document.body) return { tag: 'body', name: '', problem: 'no element has focus (past the last one of the page?)' };
  const text = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  const labelled = el.getAttribute('aria-labelledby');
  const name =
    text(el.getAttribute('aria-label')) ||
    (labelled ? text(labelled.split(/\s+/).map((id) => document.getElementById(id)?.textContent).join(' ')) : '') ||
    text((el as HTMLInputElement).labels?.[0]?.textContent) ||
    text(el.textContent) ||
    text(el.getAttribute('alt') ?? el.querySelector('img')?.getAttribute('alt')) ||
    text((el as HTMLInputElement).value) ||
    text(el.getAttribute('title'));
  const stop: FocusStop = { tag: el.tagName.toLowerCase(), name: name.slice(0, 80), ...(el.getAttribute('href') ? { href: el.getAttribute('href')! } : {}) };
  const r = el.getBoundingClientRect();
  const [left, top] = [Math.max(r.left, 0), Math.max(r.top, 0)];
  const [right, bottom] = [Math.min(r.right, innerWidth), Math.min(r.bottom, innerHeight)];
  if (r.width === 0 || r.height === 0 || right <= left || bottom <= top) return { ...stop, problem: `outside the viewport (${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)})` };
  // 2.4.11: not entirely hidden by something else (a sticky bar, a dialog): some of it is on top.
  const points = [0.1, 0.5, 0.9].flatMap((fx) => [0.1, 0.5, 0.9].map((fy) => [left + (right - left) * fx, top + (bottom - top) * fy] as const));
  const onTop = points.some(([x, y]) => {
    const hit = document.elementFromPoint(x, y);
    return hit !== null && el.contains(hit);
  });
  if (!onTop) return { ...stop, problem: `covered by ${document.elementFromPoint((left + right) / 2, (top + bottom) / 2)?.outerHTML.slice(0, 120)}` };
  const unfocused: WeakMap<Element, string> | undefined = (window as any).__unfocused;
  const shows = (e: Element) => {
    const cs = getComputedStyle(e);
    const indicator = (cs.outlineStyle !== 'none' && Number.parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none';
    const now = styles.map((p) => cs.getPropertyValue(p)).join(' ');
    return indicator && (unfocused?.get(e) ?? '') !== now;
  };
  for (let e: Element | null = el, up = 0; e && up < 3; e = e.parentElement, up++) if (shows(e)) return stop;
  return { ...stop, problem: 'no outline or shadow that differs from its unfocused look' };
}
