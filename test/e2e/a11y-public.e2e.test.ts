// The public site for everyone, in Debian's Chromium: every page template in both languages and
// both displays passes axe-core's WCAG 2.2 A and AA rules; nothing is lost or scrolls sideways at
// 320 px or with the text twice as large; the elder display works with no script at all and is
// what it promises (type half as large again, spacing, underlined links, big targets, no motion);
// articles read themselves aloud where the browser can speak.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/index.js';
import { LANGS, type Lang } from '../../src/shared/lang.js';
import { siteRoutes } from '../../src/site/routes.js';
import { loadAccessibilitySite, RICH_ARTICLE, SECOND_CHANNEL } from '../fixtures/a11y-site.js';
import { chromiumPath, chromiumPresent, serveInChromium, type Served, tabTo, wcagViolations } from '../helpers/browser.js';
import { tempMedia } from '../helpers/media.js';
import { env, freshServices, TEST_POLICY } from '../helpers/store.js';
import { fixedClock } from '../../src/shared/clock.js';

if (!chromiumPresent()) process.stderr.write(`\n[browser] SKIPPED: no Chromium at ${chromiumPath()} (apt-get install chromium)\n\n`);

/** One address of each HTML template of the site's route table, and the error pages. */
const templates = (lang: Lang): Record<string, string> => ({
  home: `/${lang}/`,
  page: `/${lang}/about`,
  institutions: `/${lang}/institutions/`,
  institution: `/${lang}/institutions/beijing-planetarium`,
  'institution-news': `/${lang}/institutions/beijing-planetarium/news/`,
  'institution-news-page': `/${lang}/institutions/beijing-planetarium/news/page/2/`,
  'news-index': `/${lang}/news/`,
  'news-page': `/${lang}/news/page/2/`,
  channel: `/${lang}/news/channel/${SECOND_CHANNEL}/`,
  'channel-page': `/${lang}/news/channel/${SECOND_CHANNEL}/page/2/`,
  article: `/${lang}/news/${RICH_ARTICLE[lang]}`,
  search: `/${lang}/search`,
  'search results': `/${lang}/search?q=${lang === 'en' ? 'planetarium dome' : '天文馆'}`,
  'search, nothing found': `/${lang}/search?q=${lang === 'en' ? 'planetarim' : '无此词语'}`,
  'not found': `/${lang}/nowhere`,
});

const DISPLAYS = ['standard', 'elder'] as const;
type Display = (typeof DISPLAYS)[number];

describe.skipIf(!chromiumPresent() && !env.isCi)('the public site for everyone, in Chromium', () => {
  let store: Store;
  let served: Served | undefined;
  let browser: Browser;
  let base: string;
  let media: Awaited<ReturnType<typeof tempMedia>>;

  beforeAll(async () => {
    const clock = fixedClock('2025-06-01T02:00:00.000Z');
    media = await tempMedia();
    const fresh = await freshServices('sqlite', clock, TEST_POLICY, media.settings);
    store = fresh.store;
    await loadAccessibilitySite(store, fresh.services, clock);
    served = await serveInChromium(store, fresh.services);
    ({ browser, base } = served);
  });
  afterAll(async () => {
    await served?.close();
    await store?.close();
    await media?.remove();
  });

  /** A browsing context in a display; axe needs its script past our CSP. */
  async function visitor(display: Display, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
    const ctx = await browser.newContext({ bypassCSP: true, ...options });
    if (display === 'elder') await ctx.addCookies([{ name: 'bg_display', value: 'elder', url: base }]);
    return ctx;
  }

  async function open(page: Page, path: string) {
    const res = await page.goto(`${base}${path}`);
    expect([200, 404], path).toContain(res!.status());
  }

  it('covers every HTML template of the route table', () => {
    const html = siteRoutes.filter((r) => !r.type).map((r) => r.id);
    expect(Object.keys(templates('en'))).toEqual(expect.arrayContaining(html));
  });

  for (const display of DISPLAYS) {
    for (const lang of LANGS) {
      it(`has no WCAG 2.2 A or AA violation on any template (${lang}, ${display} display)`, { timeout: 180_000 }, async () => {
        const ctx = await visitor(display, { viewport: { width: 1280, height: 900 } });
        const page = await ctx.newPage();
        const found: string[] = [];
        for (const [name, path] of Object.entries(templates(lang))) {
          await open(page, path);
          expect(await page.locator('html').getAttribute('class'), path).toBe(display === 'elder' ? 'elder' : null);
          found.push(...(await wcagViolations(page)).map((v) => `${name} (${path}): ${v}`));
        }
        expect(found).toEqual([]);
        await ctx.close();
      });
    }
  }

  /**
   * What a page would hide from a reader: sideways scrolling of the page, and text cut off by a box
   * that hides its overflow (boxes that scroll, like wide tables, keep everything reachable).
   */
  const lostContent = (page: Page) =>
    page.evaluate(() => {
      const problems: string[] = [];
      const root = document.documentElement;
      if (root.scrollWidth > root.clientWidth) problems.push(`the page scrolls sideways (${root.scrollWidth} > ${root.clientWidth} px)`);
      for (const el of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
        if (el.closest('.visually-hidden, .skip-link, [hidden]') || !el.textContent?.trim()) continue;
        const style = getComputedStyle(el);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        const clipsX = style.overflowX === 'hidden' || style.overflowX === 'clip';
        const clipsY = style.overflowY === 'hidden' || style.overflowY === 'clip';
        if ((clipsX && el.scrollWidth > el.clientWidth + 1) || (clipsY && el.scrollHeight > el.clientHeight + 1)) problems.push(`text cut off in ${el.tagName.toLowerCase()}.${el.className}`);
        // A box that scrolls sideways must take focus, or a keyboard cannot scroll it (WCAG 2.1.1).
        if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1 && el.tabIndex < 0 && !el.querySelector('a, button, input, select, textarea'))
          problems.push(`${el.tagName.toLowerCase()}.${el.className} scrolls sideways but cannot be focused`);
        const box = el.getBoundingClientRect();
        const scroller = el.parentElement?.closest('.table-wrap, .checklist-items');
        if (!scroller && box.width > 0 && box.right > root.clientWidth + 1) problems.push(`${el.tagName.toLowerCase()}.${el.className} reaches ${Math.round(box.right)} px`);
      }
      return [...new Set(problems)];
    });

  for (const display of DISPLAYS) {
    it(`loses nothing on a 320 px screen or with text at 200% (${display} display)`, { timeout: 180_000 }, async () => {
      const found: string[] = [];
      // A phone 320 px wide; a desktop whose reader set the browser's text twice as large.
      for (const [what, viewport, textScale] of [
        ['320 px', { width: 320, height: 640 }, 1],
        ['text 200%', { width: 1280, height: 900 }, 2],
      ] as const) {
        const ctx = await visitor(display, { viewport });
        const page = await ctx.newPage();
        if (textScale !== 1) {
          const cdp = await ctx.newCDPSession(page);
          await cdp.send('Page.setFontSizes', { fontSizes: { standard: 16 * textScale, fixed: 13 * textScale } });
        }
        for (const lang of LANGS) {
          for (const [name, path] of Object.entries(templates(lang))) {
            await open(page, path);
            // At least twice the 16 px browsers start from (a narrow layout may take a little less than its 112.5%).
            if (textScale !== 1) expect(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize)), path).toBeGreaterThanOrEqual(32);
            found.push(...(await lostContent(page)).map((p) => `${what}, ${lang} ${name}: ${p}`));
          }
        }
        await ctx.close();
      }
      expect(found).toEqual([]);
    });
  }

  it('turns the elder display on and off with no script, remembers it, and keeps its promises', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const article = `/en/news/${RICH_ARTICLE.en}`;
    await page.goto(`${base}${article}`);
    const measure = () =>
      page.evaluate(() => {
        const p = document.querySelector<HTMLElement>('article .prose p')!;
        const s = getComputedStyle(p);
        return { font: parseFloat(s.fontSize), line: parseFloat(s.lineHeight) };
      });
    const standard = await measure();
    expect(await page.getByRole('link', { name: 'Normal text' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Large text' }).click();
    await page.waitForURL(`${base}${article}`);
    expect(await page.locator('html').getAttribute('class')).toBe('elder');
    const elder = await measure();
    expect(elder.font / standard.font).toBeGreaterThanOrEqual(1.5);
    expect(elder.line / elder.font).toBeGreaterThanOrEqual(1.5);

    const facts = await page.evaluate(() => {
      const links = Array.from(document.querySelectorAll<HTMLElement>('a')).filter((a) => a.offsetParent !== null && !a.classList.contains('brand'));
      const notUnderlined = links.filter((a) => !getComputedStyle(a).textDecorationLine.includes('underline')).map((a) => a.textContent);
      // Targets a finger or an unsteady hand can hit: every control outside running text.
      const controls = Array.from(document.querySelectorAll<HTMLElement>('header a, nav a, .article-nav a, button, input, select')).filter((c) => c.offsetParent !== null);
      const small = controls.filter((c) => c.getBoundingClientRect().height < 44 || c.getBoundingClientRect().width < 44).map((c) => `${c.textContent?.trim()} ${Math.round(c.getBoundingClientRect().height)}px`);
      const moving = Array.from(document.querySelectorAll('*')).filter((e) => {
        const s = getComputedStyle(e);
        return s.animationName !== 'none' || (s.transitionDuration !== '0s' && s.transitionProperty !== 'none' && s.transitionDuration.split(',').some((d) => parseFloat(d) > 0));
      }).length;
      const text = getComputedStyle(document.body);
      return { notUnderlined, small, moving, color: text.color, background: text.backgroundColor };
    });
    expect(facts.notUnderlined).toEqual([]);
    expect(facts.small).toEqual([]);
    expect(facts.moving).toBe(0);
    expect(facts.color).toBe('rgb(0, 0, 0)');
    expect(facts.background).toBe('rgb(255, 255, 255)');
    // The reading view: the text, the menu and the way back; the crumb that repeats the title and the footer's links left out.
    const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
    expect(await crumbs.getByRole('link', { name: 'News' }).isVisible()).toBe(true);
    expect(await crumbs.getByText('The planetarium opens its new dome theatre').isVisible()).toBe(false);
    expect(await page.locator('.footer-nav').isVisible()).toBe(false);
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);

    // Remembered on the next page, in the other language too.
    await page.getByRole('link', { name: '中文' }).click();
    expect(await page.locator('html').getAttribute('class')).toBe('elder');
    await page.getByRole('link', { name: '标准模式' }).click();
    expect(await page.locator('html').getAttribute('class')).toBeNull();
    expect(await page.getByRole('link', { name: '长者模式' }).isVisible()).toBe(true);
    await ctx.close();
  });

  it('gives every control outside running text a target of at least 44 × 44 px in the elder display', { timeout: 180_000 }, async () => {
    const found: string[] = [];
    for (const width of [360, 1280]) {
      const ctx = await visitor('elder', { viewport: { width, height: 800 } });
      const page = await ctx.newPage();
      for (const lang of LANGS) {
        for (const [name, path] of Object.entries(templates(lang))) {
          await open(page, path);
          const small = await page.evaluate(() =>
            Array.from(document.querySelectorAll<HTMLElement>('a, button, input, select, summary'))
              // Links inside sentences are exempt (WCAG 2.5.8); everything else is a control to aim at.
              .filter((c) => c.offsetParent !== null && !c.closest('.prose p, .prose li, .prose td, .prose th, .news-excerpt, .search-list p, .footer-note, .skip-link'))
              .map((c) => ({ label: (c.textContent || c.getAttribute('aria-label') || c.tagName).trim().slice(0, 40), box: c.getBoundingClientRect() }))
              .filter((c) => c.box.height < 44 || c.box.width < 44)
              .map((c) => `${c.label} ${Math.round(c.box.width)}×${Math.round(c.box.height)}`),
          );
          found.push(...small.map((s) => `${width} px, ${lang} ${name}: ${s}`));
        }
      }
      await ctx.close();
    }
    expect(found).toEqual([]);
  });

  for (const display of DISPLAYS) {
    it(`takes a keyboard user from home to an article, through search, to the other language and the other display, focus visible at every stop (${display} display)`, { timeout: 120_000 }, async () => {
      const ctx = await visitor(display, { viewport: { width: 1280, height: 800 } });
      const page = await ctx.newPage();
      await page.goto(`${base}/en/`);
      const h1 = () => page.locator('h1').textContent();

      // The first stop skips to the content; the next one is in it.
      const [skip] = await tabTo(page, (s) => s.name === 'Skip to main content', { max: 1 });
      expect(skip!.href).toBe('#main');
      await page.keyboard.press('Enter');
      const [first] = await tabTo(page, () => true, { max: 1 });
      expect(await page.evaluate(() => document.querySelector('main')!.contains(document.activeElement))).toBe(true);
      expect(first!.tag).toBe('a');

      // Home → an article from the latest news.
      await tabTo(page, page.locator('.news-title a').first());
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/en\/news\/.+/);
      const title = await h1();
      expect(title).toBeTruthy();
      // On to the next article by its link at the foot of the page.
      await tabTo(page, page.locator('.article-nav a[rel="prev"], .article-nav a[rel="next"]').first(), { max: 80 });
      await page.keyboard.press('Enter');
      await expect.poll(h1).not.toBe(title);

      // Search: the menu's link, the field, the results, a result.
      await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }));
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/en/search`);
      await tabTo(page, page.getByRole('combobox', { name: 'Search for' }));
      await page.keyboard.type('dome theatre');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/en\/search\?q=dome/);
      await tabTo(page, page.locator('.search-list a').first(), { max: 80 });
      await page.keyboard.press('Enter');
      await expect.poll(h1).toBe('The planetarium opens its new dome theatre');

      // The other language: its version of the same article.
      await tabTo(page, (s) => s.name === '中文', { back: true });
      await page.keyboard.press('Enter');
      await expect.poll(h1).toBe('北京天文馆新球幕影院开放');
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');

      // The other display, and back to this one, by keyboard alone.
      const [to, back] = display === 'elder' ? ['标准模式', '长者模式'] : ['长者模式', '标准模式'];
      await tabTo(page, (s) => s.name === to);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('html').getAttribute('class')).toBe(display === 'elder' ? null : 'elder');
      await tabTo(page, (s) => s.name === back);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('html').getAttribute('class')).toBe(display === 'elder' ? 'elder' : null);
      await ctx.close();
    });
  }

  it('gives the elder display’s colours and underlined links to a reader whose system asks for more contrast', async () => {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-contrast', value: 'more' }] });
    await page.goto(`${base}/en/news/`);
    const look = await page.evaluate(() => ({
      text: getComputedStyle(document.querySelector('.news-excerpt')!).color,
      title: getComputedStyle(document.querySelector('.news-title a')!).textDecorationLine,
    }));
    expect(look).toEqual({ text: 'rgb(0, 0, 0)', title: 'underline' });
    await page.close();
  });

  it('shows nothing on hover only: no rule of the stylesheet reveals content when the pointer is over it', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/en/`);
    const revealing = await page.evaluate(() => {
      const out: string[] = [];
      for (const sheet of Array.from(document.styleSheets)) {
        const walk = (rules: CSSRuleList) => {
          for (const rule of Array.from(rules)) {
            if ('cssRules' in rule && !(rule instanceof CSSStyleRule)) walk((rule as CSSGroupingRule).cssRules);
            if (!(rule instanceof CSSStyleRule) || !rule.selectorText.includes(':hover')) continue;
            for (const prop of ['display', 'visibility', 'opacity', 'max-height', 'height', 'clip', 'clip-path', 'overflow']) if (rule.style.getPropertyValue(prop)) out.push(`${rule.selectorText} { ${prop} }`);
          }
        };
        walk(sheet.cssRules);
      }
      return out;
    });
    expect(revealing).toEqual([]);
    await page.close();
  });

  it('reads an article aloud through the browser’s speech synthesis, in the page’s language', async () => {
    const ctx = await browser.newContext();
    // The test listens to what the page asks the browser to say (headless Chromium has no voices).
    await ctx.addInitScript(() => {
      const said: { text: string; lang: string }[] = [];
      (window as unknown as { said: typeof said }).said = said;
      window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
        said.push({ text: u.text, lang: u.lang });
        setTimeout(() => u.onend?.(new Event('end') as SpeechSynthesisEvent), 0);
      };
    });
    const page = await ctx.newPage();
    await page.goto(`${base}/zh/news/${RICH_ARTICLE.zh}`);
    const play = page.locator('[data-action="play"]');
    expect(await play.textContent()).toBe('朗读全文');
    await play.click();
    const said = () => page.evaluate(() => (window as unknown as { said: { text: string; lang: string }[] }).said);
    await expect.poll(async () => (await said()).length).toBeGreaterThan(8);
    const all = await said();
    expect(all[0]).toEqual({ text: '北京天文馆新球幕影院开放', lang: 'zh-CN' });
    const spoken = all.map((s) => s.text).join('\n');
    expect(spoken).toContain('北京天文馆新建的球幕影院正式开放');
    expect(spoken).toContain('首场演出前的新球幕影院');
    expect(spoken.indexOf('观众将看到什么')).toBeLessThan(spoken.indexOf('面向学校的节目'));
    // A list inside a list, a paragraph inside a quotation: each read once.
    expect(spoken.split('需提前一周预约').length - 1).toBe(1);
    expect(spoken.split('这样大的球幕').length - 1).toBe(1);
    // Done: the button offers to read again.
    await expect.poll(() => play.getAttribute('aria-pressed')).toBe('false');
    // Pages and profiles read themselves too, in their language.
    for (const path of ['/en/about', '/en/institutions/beijing-planetarium']) {
      await page.goto(`${base}${path}`);
      await page.locator('[data-action="play"]').click();
      await expect.poll(async () => (await said()).length, { message: path }).toBeGreaterThan(1);
      expect((await said())[0], path).toEqual({ text: await page.locator('h1').textContent(), lang: 'en' });
    }
    await ctx.close();
  });
});
