import { UNTRANSLATED_ID, urls } from '../../shared/urls.js';
import type { Translator } from '../i18n.js';
import type { HomeView, NewsItem } from './view-models.js';

export function NewsList({ t, items, headingLevel = 3 }: { t: Translator; items: NewsItem[]; headingLevel?: 2 | 3 }) {
  const H = `h${headingLevel}` as 'h2' | 'h3';
  return (
    <ul class="news-list">
      {items.map((n) => (
        <li class="news-item">
          <H class="news-title">
            <a href={n.href}>{n.title}</a>
          </H>
          <p class="news-meta">
            {n.publishedAt ? <time dateTime={n.publishedAt}>{t.date(n.publishedAt)}</time> : <span>{t.m.dateUnknown}</span>}
          </p>
          {n.excerpt && <p class="news-excerpt">{n.excerpt}</p>}
        </li>
      ))}
    </ul>
  );
}

export function HomePage({ t, view }: { t: Translator; view: HomeView }) {
  return (
    <>
      {/* Shown only when the address ends in #no-translation (CSS :target): the language switch of
          a page without a translation lands here, and the page stays one cacheable file. */}
      <p id={UNTRANSLATED_ID} class="notice notice-untranslated" role="note">
        {t.m.noTranslation}
      </p>
      <section class="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">{t.m.siteName}</h1>
        {view.about && <p class="hero-lead">{view.about.summary}</p>}
        {view.about && (
          <p>
            <a class="button" href={view.about.href}>
              {t.m.aboutAcademy}
            </a>
          </p>
        )}
      </section>
      <div class="home-grid">
        <section class="panel" aria-labelledby="latest-news">
          <h2 id="latest-news">{t.m.latestNews}</h2>
          {view.news.length > 0 ? <NewsList t={t} items={view.news} /> : <p>{t.m.noNews}</p>}
          <p class="more">
            <a href={urls.newsIndex(t.lang)}>{t.m.allNews} →</a>
          </p>
        </section>
        <section class="panel" aria-labelledby="our-institutions">
          <h2 id="our-institutions">{t.m.ourInstitutions}</h2>
          <ol class="directory directory-compact">
            {view.institutions.map((i) => (
              <li value={i.number}>
                <span class="directory-number" aria-hidden="true">{i.number}</span>
                {i.href ? <a href={i.href}>{i.name}</a> : <span>{i.name}</span>}
              </li>
            ))}
          </ol>
          <p class="more">
            <a href={urls.institutions(t.lang)}>{t.m.allInstitutions} →</a>
          </p>
        </section>
      </div>
    </>
  );
}
