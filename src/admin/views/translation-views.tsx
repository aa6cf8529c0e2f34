// The translation view: what lacks a version in a language and what lags behind its source, with
// filters and pages. Views never query.
import { LANGS, langTag } from '../../shared/lang.js';
import { TRANSLATION_KINDS, type TranslationTask } from '../../translations/index.js';
import type { AdminMessages } from '../i18n.js';
import type { TranslationMessages } from '../i18n-translations.js';
import { Pager, TableScroll } from './admin-views.js';
import { editHref } from './translation-field.js';

export interface TranslationListView {
  items: TranslationTask[];
  total: number;
  page: number;
  pages: number;
  filter: { kind?: string; target?: string; issue?: string };
  formatTime: (iso: string) => string;
}


/** The workspace address of a new item of a kind, in `lang`, paired with item `id`. */
const newTranslationHref = (kind: TranslationTask['kind'], id: number, lang: string) => `${editHref(kind, id).replace(/\/\d+$/, '')}/new?lang=${lang}&translationOf=${id}`;

function Issue({ tm, task, formatTime }: { tm: TranslationMessages; task: TranslationTask; formatTime: (iso: string) => string }) {
  if (!task.source)
    return (
      <>
        <span class="status status-draft">{tm.missingIn(tm.langNames[task.target])}</span>{' '}
        <a href={newTranslationHref(task.kind, task.id, task.target)}>{tm.createTranslation(tm.langNames[task.target])}</a>
      </>
    );
  return (
    <>
      <span class="status status-in_review">{tm.issues.outdated}</span>{' '}
      {tm.olderThan(task.source.title)}<time dateTime={task.source.changedAt}>{formatTime(task.source.changedAt)}</time>
      <br />
      <a href={editHref(task.kind, task.source.id)}>{tm.editSource}</a> · <a href={editHref(task.kind, task.id)}>{tm.editTranslation}</a>
    </>
  );
}

export function TranslationsScreen({ m, tm, view }: { m: AdminMessages; tm: TranslationMessages; view: TranslationListView }) {
  const f = view.filter;
  const option = (value: string, label: string, current: string | undefined) => <option value={value} selected={current === value}>{label}</option>;
  return (
    <>
      <h1>{tm.title}</h1>
      <p class="hint">{tm.intro}</p>
      <form method="get" action="/admin/translations" class="form form-filters">
        <div class="field">
          <label for="kind">{tm.kind}</label>
          <select id="kind" name="kind">
            <option value="">{tm.allKinds}</option>
            {TRANSLATION_KINDS.map((k) => option(k, tm.kinds[k] ?? k, f.kind))}
          </select>
        </div>
        <div class="field">
          <label for="target">{tm.target}</label>
          <select id="target" name="target">
            <option value="">{tm.allTargets}</option>
            {LANGS.map((l) => option(l, tm.langNames[l], f.target))}
          </select>
        </div>
        <div class="field">
          <label for="issue">{tm.issue}</label>
          <select id="issue" name="issue">
            <option value="">{tm.allIssues}</option>
            {Object.entries(tm.issues).map(([k, label]) => option(k, label, f.issue))}
          </select>
        </div>
        <button type="submit" class="button button-small">{tm.filter}</button>
      </form>
      <TableScroll label={tm.title}>
        <table class="table">
          <thead>
            <tr><th scope="col">{tm.item}</th><th scope="col" class="nowrap">{tm.kind}</th><th scope="col" class="nowrap">{m.language}</th><th scope="col">{tm.issue}</th><th scope="col">{tm.updated}</th></tr>
          </thead>
          <tbody>
            {view.items.map((task) => (
              <tr>
                <th scope="row"><a href={editHref(task.kind, task.id)} lang={langTag(task.lang)}>{task.title}</a></th>
                <td class="nowrap">{tm.kinds[task.kind]}</td>
                <td class="nowrap">{tm.langNames[task.lang]}</td>
                <td class="cell-text"><Issue tm={tm} task={task} formatTime={view.formatTime} /></td>
                <td class="nowrap"><time dateTime={task.changedAt}>{view.formatTime(task.changedAt)}</time></td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {view.items.length === 0 && <p>{tm.nothing}</p>}
      <Pager m={m} base="/admin/translations" filter={f} page={view.page} pages={view.pages} total={view.total} />
    </>
  );
}
