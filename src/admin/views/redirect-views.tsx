// The redirects screen: the list (search, answer filter, pages), the form to add one, and one
// entry's form. Views never query.
import type { AddressRule } from '../../redirects/index.js';
import type { AdminMessages } from '../i18n.js';
import type { RedirectMessages } from '../i18n-redirects.js';
import { Notice, Pager, TableScroll } from './admin-views.js';

export interface RedirectFormValues {
  from?: string;
  to?: string;
  status?: string;
}

export interface RedirectListView {
  items: AddressRule[];
  total: number;
  page: number;
  pages: number;
  filter: { q?: string; status?: string; sort?: string };
  csrf: string;
  formatDate: (iso: string) => string;
  error?: string;
  /** The field the error is about, marked in the form. */
  field?: string;
  ok?: string;
  form?: RedirectFormValues;
}

/** Addresses are kept percent-encoded; people read them decoded. */
export function readable(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

const invalidIf = (field: string | undefined, name: string) => (field === name ? { 'aria-invalid': 'true' as const } : {});

function RuleFields({ r, values, field, fixedFrom }: { r: RedirectMessages; values: RedirectFormValues; field?: string; fixedFrom?: string }) {
  const status = values.status ?? '301';
  return (
    <>
      {fixedFrom === undefined ? (
        <>
          <label for="from">{r.from}</label>
          <input id="from" name="from" required maxLength={1000} value={values.from ?? ''} aria-describedby="from-hint" spellcheck={false} {...invalidIf(field, 'from')} />
          <p id="from-hint" class="hint">{r.fromHint}</p>
        </>
      ) : (
        <input type="hidden" name="from" value={fixedFrom} />
      )}
      <label for="status">{r.answer}</label>
      <select id="status" name="status" {...invalidIf(field, 'status')}>
        {[301, 302, 410].map((s) => <option value={String(s)} selected={status === String(s)}>{r.statuses[s]}</option>)}
      </select>
      <label for="to">{r.to}</label>
      <input id="to" name="to" maxLength={2000} value={values.to ?? ''} aria-describedby="to-hint" spellcheck={false} {...invalidIf(field, 'to')} />
      <p id="to-hint" class="hint">{r.toHint}</p>
    </>
  );
}

export function RedirectsScreen({ m, r, view }: { m: AdminMessages; r: RedirectMessages; view: RedirectListView }) {
  const f = view.filter;
  return (
    <>
      <h1>{r.title}</h1>
      <p class="hint">{r.intro}</p>
      <Notice error={view.error} ok={view.ok} />
      <form method="post" action="/admin/redirects" class="form redirect-add">
        <input type="hidden" name="_csrf" value={view.csrf} />
        <h2>{r.addTitle}</h2>
        <RuleFields r={r} values={view.form ?? {}} field={view.field} />
        <button type="submit" class="button">{r.add}</button>
      </form>
      <form method="get" action="/admin/redirects" class="form form-filters">
        <div class="field">
          <label for="q">{r.search}</label>
          <input id="q" name="q" type="search" value={f.q ?? ''} />
        </div>
        <div class="field">
          <label for="status-filter">{r.answer}</label>
          <select id="status-filter" name="status">
            <option value="">{r.allAnswers}</option>
            {[301, 302, 410].map((s) => <option value={String(s)} selected={f.status === String(s)}>{r.statuses[s]}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="sort">{m.sortBy}</label>
          <select id="sort" name="sort">
            <option value="path" selected={!f.sort || f.sort === 'path'}>{r.sortPath}</option>
            <option value="newest" selected={f.sort === 'newest'}>{r.sortNewest}</option>
          </select>
        </div>
        <button type="submit" class="button button-small">{m.filter}</button>
      </form>
      {view.items.length === 0 ? (
        <p>{m.nothingYet}</p>
      ) : (
        <TableScroll label={r.title}>
          <table class="table">
            <thead>
              <tr><th scope="col">{r.from}</th><th scope="col">{r.answer}</th><th scope="col">{r.to}</th><th scope="col">{r.source}</th><th scope="col">{r.since}</th><th scope="col">{m.actions}</th></tr>
            </thead>
            <tbody>
              {view.items.map((item) => (
                <tr>
                  <th scope="row"><code>{readable(item.path)}</code></th>
                  <td class="nowrap">{r.statuses[item.status]}</td>
                  <td>{item.to ? <code>{readable(item.to)}</code> : '–'}</td>
                  <td class="nowrap">{r.sources[item.source] ?? item.source}</td>
                  <td class="nowrap"><time dateTime={item.at}>{view.formatDate(item.at)}</time></td>
                  <td class="nowrap">
                    <a class="button button-small button-secondary" href={`/admin/redirects/edit?${new URLSearchParams({ path: item.path })}`}>{r.edit}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pager m={m} base="/admin/redirects" filter={f} page={view.page} pages={view.pages} total={view.total} labels={[m.editor.previousPage, m.editor.nextPage]} />
    </>
  );
}

export interface RedirectEditView {
  rule: AddressRule;
  csrf: string;
  formatTime: (iso: string) => string;
  error?: string;
  field?: string;
  form?: RedirectFormValues;
}

export function RedirectEditScreen({ r, view }: { r: RedirectMessages; view: RedirectEditView }) {
  const { rule } = view;
  const values = view.form ?? { to: rule.to ?? '', status: String(rule.status) };
  return (
    <>
      <p><a href="/admin/redirects">← {r.back}</a></p>
      <h1>{r.editTitle}: <code>{readable(rule.path)}</code></h1>
      <p class="hint">{r.source}: {r.sources[rule.source] ?? rule.source} · {r.since}: <time dateTime={rule.at}>{view.formatTime(rule.at)}</time></p>
      <Notice error={view.error} />
      <form method="post" action="/admin/redirects/edit" class="form">
        <input type="hidden" name="_csrf" value={view.csrf} />
        <RuleFields r={r} values={values} field={view.field} fixedFrom={rule.path} />
        <button type="submit" class="button">{r.save}</button>
      </form>
      <form method="post" action="/admin/redirects/delete" class="form">
        <input type="hidden" name="_csrf" value={view.csrf} />
        <input type="hidden" name="from" value={rule.path} />
        <button type="submit" class="button button-secondary">{r.delete}</button>
      </form>
    </>
  );
}
