import type { Translator } from '../i18n.js';
import { NewsList } from './home.js';
import { RichText } from './rich-text.js';
import type { ArticleView, Link, NewsIndexView } from './view-models.js';

export function NewsIndexPage({ t, view }: { t: Translator; view: NewsIndexView }) {
  return (
    <>
      <h1>{view.title}</h1>
      {view.channels.length > 1 && (
        <nav class="channels" aria-label={t.m.channels}>
          <ul>
            {view.channels.map((c) => (
              <li>
                <a href={c.href} {...(c.isCurrent ? { 'aria-current': 'page' as const } : {})}>
                  {c.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {view.items.length > 0 ? <NewsList t={t} items={view.items} headingLevel={2} /> : <p>{t.m.noNews}</p>}
      {view.pages > 1 && (
        <nav class="pagination" aria-label={t.m.pagination}>
          {view.page > 1 ? <a href={view.pageHref(view.page - 1)} rel="prev">← {t.m.prevPage}</a> : <span />}
          <span class="page-status">{t.m.pageOf(view.page, view.pages)}</span>
          {view.page < view.pages ? <a href={view.pageHref(view.page + 1)} rel="next">{t.m.nextPage} →</a> : <span />}
        </nav>
      )}
      {view.feeds && (
        <p class="feeds">
          {t.m.subscribe}
          <a href={view.feeds.rss} type="application/rss+xml">RSS</a> · <a href={view.feeds.atom} type="application/atom+xml">Atom</a>
        </p>
      )}
    </>
  );
}

function Neighbour({ label, link, rel, t }: { label: string; link: Link | null; rel: 'prev' | 'next'; t: Translator }) {
  return (
    <div class={`neighbour neighbour-${rel}`}>
      <span class="neighbour-label">{label}</span>
      {link === null ? (
        <span class="neighbour-title muted">{t.m.none}</span>
      ) : link.href ? (
        <a class="neighbour-title" href={link.href} rel={rel}>
          {link.title}
        </a>
      ) : (
        <span class="neighbour-title">{link.title}</span>
      )}
    </div>
  );
}

export function ArticlePage({ t, view }: { t: Translator; view: ArticleView }) {
  return (
    <>
      <article class="article">
        <header class="article-header">
          <h1>{view.title}</h1>
          <p class="article-meta">
            {view.publishedAt ? (
              <>
                {t.m.published}<time dateTime={view.publishedAt}>{t.dateTime(view.publishedAt)}</time>
              </>
            ) : null}
          </p>
          <div class="read-aloud" data-read-aloud data-pause={t.m.readAloudPause} data-resume={t.m.readAloudResume} hidden>
            <button type="button" class="read-aloud-button" data-action="play" aria-pressed="false">
              {t.m.readAloud}
            </button>
            <button type="button" class="read-aloud-button" data-action="stop" hidden>
              {t.m.readAloudStop}
            </button>
            <span class="visually-hidden" role="status" data-status />
          </div>
          {view.institutions.length > 0 && (
            <p class="article-institutions">
              {t.m.institutionsTitle}:{' '}
              {view.institutions.map((i, n) => (
                <>
                  {n > 0 ? t.m.listSeparator : null}
                  <a href={i.href}>{i.name}</a>
                </>
              ))}
            </p>
          )}
        </header>
        <RichText doc={view.body} images={view.images} />
      </article>
      <nav class="article-nav" aria-label={t.m.articleNav}>
        <Neighbour label={t.m.previous} link={view.previous} rel="prev" t={t} />
        <Neighbour label={t.m.next} link={view.next} rel="next" t={t} />
      </nav>
    </>
  );
}
