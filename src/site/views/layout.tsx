// The page frame shared by every public page: head metadata, header, navigation, footer.
import type { ComponentChildren } from 'preact';
import { langTag, otherLang, type Lang } from '../../shared/lang.js';
import { urls } from '../../shared/urls.js';
import { displaySwitchHref } from '../display.js';
import type { Translator } from '../i18n.js';
import type { FeedLink, HeadMeta, RecordLinks } from '../meta.js';
import { FooterRecords, HeadMetaTags } from './meta.js';
import { Script } from './script.js';

export type Section = 'home' | 'about' | 'institutions' | 'news' | 'search' | 'none';

export interface Crumb {
  label: string;
  href?: string;
}

export interface LayoutProps {
  t: Translator;
  /** The page's own title; the site name is added after it (and alone on the home page). */
  title: string | null;
  description: string;
  /** Absolute canonical URL of this page; none for error pages. */
  canonical: string | null;
  /** Absolute URLs of this page in each language that has it. */
  alternates: Partial<Record<Lang, string>>;
  /** Where the language switch goes: the translation, or the other language's section. */
  switchHref: string;
  /** Where the display switch comes back to: this page (with its query on search results). */
  displayBack: string;
  /** Scripts of this page (progressive enhancements; the page works without them). */
  scripts?: string[];
  /** An article's page: the elder display shows it as a simplified reading view. */
  reading?: boolean;
  section: Section;
  /** Whether this language has an About page to link to. */
  hasAbout: boolean;
  crumbs?: Crumb[];
  assets: { css: string; icon: string };
  /** Open Graph, structured data and (when configured) government-site metadata. */
  head: HeadMeta;
  feeds: FeedLink[];
  records: RecordLinks;
  children: ComponentChildren;
}

function Logo({ t }: { t: Translator }) {
  return (
    <a class="brand" href={urls.home(t.lang)}>
      <svg class="brand-mark" viewBox="0 0 40 40" width="40" height="40" aria-hidden="true" focusable="false">
        <circle cx="20" cy="20" r="18" fill="none" stroke="currentColor" stroke-width="2.5" />
        <ellipse cx="20" cy="20" rx="18" ry="7" fill="none" stroke="currentColor" stroke-width="1.8" transform="rotate(-30 20 20)" />
        <circle cx="20" cy="20" r="4.5" fill="currentColor" />
      </svg>
      <span class="brand-text">
        <span class="brand-name">{t.m.siteName}</span>
        <span class="brand-tagline">{t.m.siteTagline}</span>
      </span>
    </a>
  );
}

function Nav({ t, section, hasAbout }: { t: Translator; section: Section; hasAbout: boolean }) {
  const items: [Section, string, string][] = [
    ['home', urls.home(t.lang), t.m.navHome],
    ...(hasAbout ? [['about', urls.page(t.lang, 'about'), t.m.navAbout] as [Section, string, string]] : []),
    ['institutions', urls.institutions(t.lang), t.m.navInstitutions],
    ['news', urls.newsIndex(t.lang), t.m.navNews],
    ['search', urls.search(t.lang), t.m.searchTitle],
  ];
  return (
    <nav class="site-nav" aria-label={t.m.mainNav}>
      <ul>
        {items.map(([key, href, label]) => (
          <li>
            <a href={href} {...(key === section ? { 'aria-current': 'page' as const } : {})}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Breadcrumbs({ t, crumbs }: { t: Translator; crumbs: Crumb[] }) {
  return (
    <nav class="breadcrumbs" aria-label={t.m.breadcrumb}>
      <ol>
        <li>
          <a href={urls.home(t.lang)}>{t.m.navHome}</a>
        </li>
        {crumbs.map((c) => (
          <li>{c.href ? <a href={c.href}>{c.label}</a> : <span aria-current="page">{c.label}</span>}</li>
        ))}
      </ol>
    </nav>
  );
}

/**
 * Both links are in every page; the stylesheet shows the one that leads to the other display, so
 * that the same page serves both (the elder copy differs only by a class on <html>).
 */
function DisplaySwitch({ t, back }: { t: Translator; back: string }) {
  return (
    <>
      <a class="display-switch display-to-elder" href={displaySwitchHref('elder', back)} rel="nofollow">
        {t.m.displayElder}
      </a>
      <a class="display-switch display-to-standard" href={displaySwitchHref('standard', back)} rel="nofollow">
        {t.m.displayStandard}
      </a>
    </>
  );
}

export function Layout(p: LayoutProps) {
  const { t } = p;
  const other = otherLang(t.lang);
  const fullTitle = p.title ? `${p.title} | ${t.m.siteName}` : t.m.siteName;
  return (
    <html lang={langTag(t.lang)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <meta name="description" content={p.description} />
        {p.canonical && <link rel="canonical" href={p.canonical} />}
        {(Object.entries(p.alternates) as [Lang, string][]).map(([lang, href]) => (
          <link rel="alternate" hrefLang={langTag(lang)} href={href} />
        ))}
        <HeadMetaTags head={p.head} feeds={p.feeds} />
        <meta name="theme-color" content="#0b3a6e" />
        <link rel="icon" href={p.assets.icon} type="image/svg+xml" />
        <link rel="stylesheet" href={p.assets.css} />
        {p.scripts?.map((src) => <Script src={src} />)}
      </head>
      <body class={p.reading ? 'reading' : undefined}>
        <a class="skip-link" href="#main">
          {t.m.skipToContent}
        </a>
        <header class="site-header">
          <div class="tool-bar">
            <div class="wrap header-tools">
              <DisplaySwitch t={t} back={p.displayBack} />
              <a class="lang-switch" href={p.switchHref} hrefLang={langTag(other)} lang={langTag(other)}>
                {t.m.languageSwitch}
              </a>
            </div>
          </div>
          <div class="wrap header-inner">
            <Logo t={t} />
          </div>
          <div class="nav-bar">
            <div class="wrap">
              <Nav t={t} section={p.section} hasAbout={p.hasAbout} />
            </div>
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          <div class="wrap">
            {p.crumbs && p.crumbs.length > 0 && <Breadcrumbs t={t} crumbs={p.crumbs} />}
            {p.children}
          </div>
        </main>
        <footer class="site-footer">
          <div class="wrap footer-inner">
            <p class="footer-name">{t.m.footerAbout}</p>
            <p class="footer-nav">
              {p.hasAbout && (
                <>
                  <a href={urls.page(t.lang, 'about')}>{t.m.navAbout}</a> ·{' '}
                </>
              )}
              <a href={urls.institutions(t.lang)}>{t.m.navInstitutions}</a> ·{' '}
              <a href={urls.newsIndex(t.lang)}>{t.m.navNews}</a>
            </p>
            <p class="footer-note">{t.m.footerNote}</p>
            <FooterRecords records={p.records} />
          </div>
        </footer>
      </body>
    </html>
  );
}
