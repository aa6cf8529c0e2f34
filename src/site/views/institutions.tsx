import type { Translator } from '../i18n.js';
import { NewsList } from './home.js';
import { ReadAloud } from './read-aloud.js';
import { RichText } from './rich-text.js';
import type { DirectoryItem, InstitutionView } from './view-models.js';

export function DirectoryPage({ t, items }: { t: Translator; items: DirectoryItem[] }) {
  return (
    <>
      <h1>{t.m.institutionsTitle}</h1>
      <p class="lead">{t.m.institutionsIntro}</p>
      <ol class="directory">
        {items.map((i) => (
          <li id={i.anchor} value={i.number}>
            <span class="directory-number" aria-hidden="true">{i.number}</span>
            {i.href ? (
              <a href={i.href}>{i.name}</a>
            ) : (
              <span>
                {i.name} <span class="muted">({t.m.noProfile})</span>
              </span>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}

export function InstitutionPage({ t, view }: { t: Translator; view: InstitutionView }) {
  const hasContact = view.address || view.phone || view.email || view.externalUrl;
  return (
    <article class="profile">
      <p class="eyebrow">{t.m.entryNumber(view.number)}</p>
      <h1>{view.name}</h1>
      {view.profile && <ReadAloud t={t} />}
      {hasContact && (
        <section class="contact" aria-labelledby="contact-heading">
          <h2 id="contact-heading" class="visually-hidden">{t.m.contact}</h2>
          <dl>
            {view.address && (<><dt>{t.m.address}</dt><dd>{view.address}</dd></>)}
            {view.phone && (<><dt>{t.m.phone}</dt><dd>{view.phone}</dd></>)}
            {view.email && (<><dt>{t.m.email}</dt><dd><a href={`mailto:${view.email}`}>{view.email}</a></dd></>)}
            {view.externalUrl && (<><dt>{t.m.website}</dt><dd><a href={view.externalUrl} rel="noopener noreferrer">{view.externalUrl}</a></dd></>)}
          </dl>
        </section>
      )}
      {view.profile ? <RichText doc={view.profile} /> : <p class="muted">{t.m.noProfile}</p>}
      {view.news.length > 0 && (
        <section class="related-news" aria-labelledby="related-news">
          <h2 id="related-news">{t.m.relatedNews}</h2>
          <NewsList t={t} items={view.news} />
          {view.moreNewsHref && (
            <p class="more">
              <a href={view.moreNewsHref}>{t.m.allNewsAbout(view.name)} →</a>
            </p>
          )}
        </section>
      )}
    </article>
  );
}
