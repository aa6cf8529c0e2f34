import { urls } from '../../shared/urls.js';
import type { Translator } from '../i18n.js';
import { ReadAloud } from './read-aloud.js';
import { RichText } from './rich-text.js';
import type { StaticPageView } from './view-models.js';

export function StaticPage({ t, view }: { t: Translator; view: StaticPageView }) {
  return (
    <article class="static-page">
      <h1>{view.title}</h1>
      <ReadAloud t={t} />
      <RichText doc={view.body} />
    </article>
  );
}

/** 404, or 410 (`gone`) for an address whose content was removed. */
export function NotFoundPage({ t, gone = false }: { t: Translator; gone?: boolean }) {
  return (
    <section class="not-found">
      <h1>{gone ? t.m.goneTitle : t.m.notFoundTitle}</h1>
      <p>{gone ? t.m.goneText : t.m.notFoundText}</p>
      <p>{t.m.notFoundHelp}</p>
      <ul>
        <li><a href={urls.home(t.lang)}>{t.m.navHome}</a></li>
        <li><a href={urls.newsIndex(t.lang)}>{t.m.navNews}</a></li>
        <li><a href={urls.institutions(t.lang)}>{t.m.navInstitutions}</a></li>
      </ul>
    </section>
  );
}

export function ErrorPage({ t }: { t: Translator }) {
  return (
    <section class="not-found">
      <h1>{t.m.errorTitle}</h1>
      <p>{t.m.errorText}</p>
      <p><a href={urls.home(t.lang)}>{t.m.navHome}</a></p>
    </section>
  );
}
