// A public page as a whole document: the frame (layout.tsx) around a view, with the head metadata
// that says what the page is, in which languages, and where its feeds are.
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { otherLang, type Lang } from '../shared/lang.js';
import { urls } from '../shared/urls.js';
import type { Translator } from './i18n.js';
import { feedLinks, feedTitle, headMeta, recordLinks, type ArticleFacts, type FeedLink } from './meta.js';
import type { SiteContext } from './routes.js';
import type { SiteState } from './state.js';
import { Layout, type LayoutProps } from './views/layout.js';

export type PageMeta = Pick<LayoutProps, 'title' | 'section' | 'crumbs'> & {
  path: string;
  description?: string;
  /** Path of this page in each language that has it. */
  paths: Partial<Record<Lang, string>>;
  /**
   * Where the language switch goes when there is no translation but the page has a counterpart
   * (a list); otherwise the other language's home page, which says so.
   */
  fallbackSwitch?: string;
  /** Error pages are not the canonical anything. */
  noCanonical?: boolean;
  /** The column (channel) of the page, for the government-site metadata. */
  column?: string;
  /** An article's dates, image and source, for its structured data. */
  article?: ArticleFacts;
  /** Feeds of this page's own list, announced before the language's. */
  feeds?: FeedLink[];
  /** The site's state the page is rendered for (it knows whether there is an About page). */
  state?: SiteState;
  /** Where the display switch comes back to, when not `path` (search results keep their query). */
  back?: string;
  /** Scripts of this page (progressive enhancements). */
  scripts?: string[];
  /** An article's page (a reading view in the elder display). */
  reading?: boolean;
};

const DOCTYPE = '<!doctype html>';

export async function renderDocument(ctx: SiteContext, t: Translator, meta: PageMeta, body: VNode): Promise<string> {
  // The menu links to About only where there is one (an imported site may not have it yet).
  const hasAbout = meta.state ? meta.state.hasAbout(t.lang) : await ctx.services.pages.isPublished(t.lang, 'about');
  const abs = (p: string) => `${ctx.baseUrl}${p}`;
  const other = otherLang(t.lang);
  const alternates: Partial<Record<Lang, string>> = {};
  for (const [lang, p] of Object.entries(meta.paths) as [Lang, string][]) alternates[lang] = abs(p);
  const canonical = meta.noCanonical ? null : abs(meta.path);
  const description = meta.description ?? t.m.siteDescription;
  const head = headMeta({
    t,
    baseUrl: ctx.baseUrl,
    title: meta.title,
    description,
    canonical,
    langs: Object.keys(meta.paths) as Lang[],
    section: meta.section,
    column: meta.column,
    crumbs: meta.crumbs,
    article: meta.article,
    publishing: ctx.publishing,
  });
  const page = (
    <Layout
      t={t}
      title={meta.title}
      description={description}
      canonical={canonical}
      alternates={Object.keys(alternates).length > 1 ? alternates : {}}
      switchHref={meta.paths[other] ?? meta.fallbackSwitch ?? urls.homeUntranslated(other)}
      displayBack={meta.back ?? meta.path}
      scripts={meta.scripts}
      reading={meta.reading}
      section={meta.section}
      hasAbout={hasAbout}
      crumbs={meta.crumbs}
      assets={ctx.assets}
      head={head}
      feeds={[...(meta.feeds ?? []), ...feedLinks(feedTitle(t, t.m.newsTitle), (format) => abs(urls.feed(t.lang, format)))]}
      records={recordLinks(ctx.publishing)}
    >
      {body}
    </Layout>
  );
  return DOCTYPE + renderToString(page);
}
