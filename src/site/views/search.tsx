import type { ComponentChildren } from 'preact';
import type { Translator } from '../i18n.js';
import { urls } from '../../shared/urls.js';
import { Script } from './script.js';

/** Where the page's script looks: the server's suggestions (live site), or the export's files. */
export type SearchMode = { kind: 'live'; suggest: string } | { kind: 'static'; index: string; fold: string };

/**
 * The search form of both pages. The script (search.js) offers suggestions as one types, from the
 * server on the live site, from the index file in a static export: a help for browsers that run
 * it; the form works without.
 */
function SearchForm({ t, q, mode, children }: { t: Translator; q?: string; mode: SearchMode; children?: ComponentChildren }) {
  const data = mode.kind === 'live' ? { 'data-suggest': mode.suggest } : { 'data-index': mode.index, 'data-fold': mode.fold };
  return (
    <form class="search-form" action={urls.search(t.lang)} method="get" role="search" data-mode={mode.kind} data-lang={t.lang} data-suggestions-label={t.m.searchSuggestions} {...data}>
      <label for="search-q">{t.m.searchLabel}</label>
      <div class="search-row">
        <div class="search-box">
          <input id="search-q" name="q" type="search" maxLength={200} autoComplete="off" value={q} aria-describedby="search-hint" />
        </div>
        <button type="submit">{t.m.searchButton}</button>
      </div>
      <p id="search-hint" class="muted">
        {t.m.searchHint}
      </p>
      {children}
    </form>
  );
}

/** The search form; in a static export, results are drawn by the script (search.js) from the language's index. */
export function SearchPage({ t, mode, script }: { t: Translator; mode: SearchMode; script: string }) {
  return (
    <>
      <h1>{t.m.searchTitle}</h1>
      <SearchForm t={t} mode={mode} />
      {/* Only a static copy needs the script to search: the live site answers the form itself. */}
      {mode.kind === 'static' && (
        <noscript>
          <p class="notice">
            {t.m.searchNeedsScript} <a href={urls.newsIndex(t.lang)}>{t.m.navNews}</a> · <a href={urls.institutions(t.lang)}>{t.m.navInstitutions}</a>
          </p>
        </noscript>
      )}
      <div
        id="search-results"
        aria-live="polite"
        data-lang={t.lang}
        data-loading={t.m.searchLoading}
        data-found={t.m.searchFound}
        data-found-one={t.m.searchFoundOne}
        data-none={t.m.searchNone}
        data-failed={t.m.searchFailed}
        data-kind-a={t.m.searchKindArticle}
        data-kind-p={t.m.searchKindPage}
        data-kind-i={t.m.searchKindInstitution}
      />
      <Script src={script} />
    </>
  );
}

type Kind = 'article' | 'page' | 'institution';

/** The values the results page's filters offer. */
export interface SearchChoices {
  channels: { id: number; name: string }[];
  institutions: { id: number; name: string }[];
  /** Newest first. */
  years: number[];
}

export interface SearchResultsView {
  q: string;
  type: Kind | null;
  bothLangs: boolean;
  channel: number | null;
  institution: number | null;
  year: number | null;
  choices: SearchChoices;
  total: number;
  /** Whether `total` is an estimate. */
  approximate: boolean;
  page: number;
  pages: number;
  pageHref: (page: number) => string;
  suggestion: { text: string; href: string } | null;
  items: {
    type: Kind;
    title: string;
    href: string;
    publishedAt: string | null;
    snippet: string;
    highlights: [number, number][];
    titleHighlights: [number, number][];
  }[];
}

/**
 * The text with the given ranges in <mark>: text nodes, escaped like any other. Ranges that touch
 * are one mark: a Chinese word the segmenter cut up (碳/中/和) reads as one match.
 */
function Marked({ text, ranges }: { text: string; ranges: [number, number][] }) {
  const parts: ComponentChildren[] = [];
  const joined: [number, number][] = [];
  for (const [start, end] of ranges) {
    const last = joined.at(-1);
    if (last && start === last[1]) last[1] = end;
    else joined.push([start, end]);
  }
  let at = 0;
  for (const [start, end] of joined) {
    if (start < at || end > text.length) continue;
    parts.push(text.slice(at, start), <mark>{text.slice(start, end)}</mark>);
    at = end;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}

/** One of the results page's filters: a select whose empty first choice means "any"; left out when there is nothing to choose. */
function Filter<V extends string | number>(f: { id: string; name: string; label: string; all: string; current: V | null; options: [V, string][] }) {
  if (f.options.length === 0) return null;
  return (
    <div class="search-filter">
      <label for={f.id}>{f.label}</label>
      <select id={f.id} name={f.name}>
        <option value="" selected={f.current === null}>
          {f.all}
        </option>
        {f.options.map(([value, text]) => (
          <option value={value} selected={f.current === value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Results drawn on the server: the page works with no script at all. */
export function SearchResults({ t, view, mode, script }: { t: Translator; view: SearchResultsView; mode: SearchMode; script: string }) {
  const kinds: [Kind, string][] = [
    ['article', t.m.searchKindArticle],
    ['page', t.m.searchKindPage],
    ['institution', t.m.searchKindInstitution],
  ];
  const kindName = Object.fromEntries(kinds) as Record<Kind, string>;
  const fill = (template: string) => template.replace('{n}', () => t.number(view.total)).replace('{q}', () => view.q);
  return (
    <>
      <h1>{t.m.searchTitle}</h1>
      <SearchForm t={t} q={view.q} mode={mode}>
        <div class="search-filters">
          <Filter id="search-lang" name="lang" label={t.m.searchLangLabel} all={t.m.searchThisLang} current={view.bothLangs ? 'both' : null} options={[['both', t.m.searchBothLangs]]} />
          <Filter id="search-type" name="type" label={t.m.searchTypeLabel} all={t.m.searchAllTypes} current={view.type} options={kinds} />
          <Filter id="search-channel" name="channel" label={t.m.searchChannelLabel} all={t.m.searchAllChannels} current={view.channel} options={view.choices.channels.map((c) => [c.id, c.name])} />
          <Filter id="search-institution" name="institution" label={t.m.searchInstitutionLabel} all={t.m.searchAllInstitutions} current={view.institution} options={view.choices.institutions.map((i) => [i.id, i.name])} />
          <Filter id="search-year" name="year" label={t.m.searchYearLabel} all={t.m.searchAllYears} current={view.year} options={view.choices.years.map((y) => [y, t.m.searchYear(y)])} />
        </div>
      </SearchForm>
      <div id="search-results">
        <p class="search-status">{fill(view.approximate ? t.m.searchFoundAbout : view.total === 1 ? t.m.searchFoundOne : view.total > 0 ? t.m.searchFound : t.m.searchNone)}</p>
        {view.suggestion && (
          <p class="search-suggestion">
            {t.m.searchSuggestion}
            <a href={view.suggestion.href}>{view.suggestion.text}</a>
          </p>
        )}
        {view.items.length > 0 && (
          <ol class="search-list">
            {view.items.map((i) => (
              <li>
                <h2>
                  <a href={i.href}>
                    <Marked text={i.title} ranges={i.titleHighlights} />
                  </a>
                </h2>
                <p class="search-meta">
                  {kindName[i.type]}
                  {i.publishedAt && i.type === 'article' ? ` · ${t.date(i.publishedAt)}` : ''}
                </p>
                {i.snippet && (
                  <p>
                    <Marked text={i.snippet} ranges={i.highlights} />
                  </p>
                )}
              </li>
            ))}
          </ol>
        )}
      </div>
      {view.pages > 1 && (
        <nav class="pagination" aria-label={t.m.pagination}>
          {view.page > 1 ? <a href={view.pageHref(view.page - 1)} rel="prev">← {t.m.searchPrevPage}</a> : <span />}
          <span class="page-status">{t.m.pageOf(view.page, view.pages)}</span>
          {view.page < view.pages ? <a href={view.pageHref(view.page + 1)} rel="next">{t.m.searchNextPage} →</a> : <span />}
        </nav>
      )}
      <Script src={script} />
    </>
  );
}
