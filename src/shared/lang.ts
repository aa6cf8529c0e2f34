// The site's languages. Chinese is the default; every public URL starts with one of these codes.
// Adding a language takes: its code in LANGS with its name and tag below, a block in every message
// catalogue (test/i18n-catalogue.test.ts lists what is missing), its date formats in
// src/site/i18n.ts, and a rule in `otherLang`: the one place that says where the language switch
// of a page and a translation lookup go (today there are two languages, each the other's).
export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'zh';
export const isLang = (value: unknown): value is Lang => (LANGS as readonly unknown[]).includes(value);
export const otherLang = (lang: Lang): Lang => (lang === 'zh' ? 'en' : 'zh');

/** Each language in its own words (the language switch and the workspace's pickers). */
export const LANG_NAMES: Record<Lang, string> = { zh: '中文', en: 'English' };

const TAGS: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };
/** The BCP 47 tag of `lang="…"`, hreflang and feeds; also the locale of dates and numbers. */
export const langTag = (lang: Lang): string => TAGS[lang];

/** Picks zh or en from an Accept-Language header, honouring q-values; zh when nothing matches. */
export function langFromAcceptLanguage(header: string | undefined): Lang {
  if (!header) return DEFAULT_LANG;
  let best: { lang: Lang; q: number } | undefined;
  for (const part of header.split(',')) {
    const [tag = '', ...params] = part.trim().split(';');
    const qParam = params.find((p) => p.trim().startsWith('q='));
    const q = qParam ? Number(qParam.trim().slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const primary = tag.toLowerCase().split('-')[0];
    if (isLang(primary) && (!best || q > best.q)) best = { lang: primary, q };
  }
  return best?.lang ?? DEFAULT_LANG;
}
