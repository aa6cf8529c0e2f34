// The site's languages. Chinese is the default; every public URL starts with one of these codes.
export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'zh';
export const isLang = (value: unknown): value is Lang => value === 'zh' || value === 'en';
export const otherLang = (lang: Lang): Lang => (lang === 'zh' ? 'en' : 'zh');

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
