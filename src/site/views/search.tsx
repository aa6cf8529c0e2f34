import type { Translator } from '../i18n.js';
import { urls } from '../../shared/urls.js';

/** The search form; results are drawn by the script (search.js) from the language's index. */
export function SearchPage({ t, indexUrl, script }: { t: Translator; indexUrl: string; script: string }) {
  return (
    <>
      <h1>{t.m.searchTitle}</h1>
      <form class="search-form" action={urls.search(t.lang)} method="get" role="search">
        <label for="search-q">{t.m.searchLabel}</label>
        <div class="search-row">
          <input id="search-q" name="q" type="search" maxLength={200} autoComplete="off" aria-describedby="search-hint" />
          <button type="submit">{t.m.searchButton}</button>
        </div>
        <p id="search-hint" class="muted">
          {t.m.searchHint}
        </p>
      </form>
      <noscript>
        <p class="notice">
          {t.m.searchNeedsScript} <a href={urls.newsIndex(t.lang)}>{t.m.navNews}</a> · <a href={urls.institutions(t.lang)}>{t.m.navInstitutions}</a>
        </p>
      </noscript>
      <div
        id="search-results"
        aria-live="polite"
        data-index={indexUrl}
        data-lang={t.lang}
        data-loading={t.m.searchLoading}
        data-found={t.m.searchFound}
        data-none={t.m.searchNone}
        data-failed={t.m.searchFailed}
        data-kind-a={t.m.searchKindArticle}
        data-kind-p={t.m.searchKindPage}
        data-kind-i={t.m.searchKindInstitution}
      />
      <script src={script} defer />
    </>
  );
}
