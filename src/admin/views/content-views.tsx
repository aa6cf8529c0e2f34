// Workspace pieces every kind of content shares (articles, pages, institutions): the list, the
// workflow buttons, the sensitive-term notice, the stale-save panel, revisions and comparison,
// and the editor of pages and institutions. Views never query.
import type { ComponentChildren } from 'preact';
import { LANG_NAMES, LANGS, langTag, type Lang } from '../../shared/lang.js';
import type { TermMatch } from '../../terms/index.js';
import type { ContentStatus, RevisionBase, RevisionComparison } from '../../workflow/index.js';
import { checkMessage, type CheckResult, type RichTextDoc } from '../../richtext/index.js';
import { RichText } from '../../site/views/rich-text.js';
import type { AdminMessages } from '../i18n.js';
import { Notice, Pager, TableScroll } from './admin-views.js';
import { TranslationField, type TranslationFieldView } from './translation-field.js';

/** What a list row or an editor heading needs of any item. */
export interface ContentRow {
  id: number;
  title: string;
  lang: Lang;
  status: ContentStatus;
  revision: number;
  updatedAt: string;
}

export interface ContentListView {
  items: ContentRow[];
  total: number;
  page: number;
  pages: number;
  filter: { status?: string; lang?: string; q?: string; sort?: string };
  formatTime: (iso: string) => string;
}


/** The list of one kind: search, filters, sort and pages. `base` is its address (/admin/pages). */
export function ContentListScreen({ m, view, base, heading, newLabel, titleLabel }: { m: AdminMessages; view: ContentListView; base: string; heading: string; newLabel: string; titleLabel: string }) {
  const f = view.filter;
  const option = (value: string, label: string, current: string | undefined) => <option value={value} selected={current === value}>{label}</option>;
  return (
    <>
      <h1>{heading}</h1>
      <p><a class="button" href={`${base}/new`}>{newLabel}</a></p>
      <form method="get" action={base} class="form form-filters">
        <label for="q">{m.search}</label>
        <input id="q" name="q" value={f.q ?? ''} type="search" />
        <label for="status">{m.status}</label>
        <select id="status" name="status">
          <option value="">{m.all}</option>
          {Object.entries(m.statuses).map(([k, label]) => option(k, label, f.status))}
        </select>
        <label for="lang">{m.language}</label>
        <select id="lang" name="lang">
          <option value="">{m.all}</option>
          {LANGS.map((l) => option(l, LANG_NAMES[l], f.lang))}
        </select>
        <label for="sort">{m.sortBy}</label>
        <select id="sort" name="sort">
          {option('updated', m.sortUpdated, f.sort ?? 'updated')}
          {option('published', m.sortPublished, f.sort)}
          {option('title', titleLabel, f.sort)}
        </select>
        <button type="submit" class="button button-small">{m.filter}</button>
      </form>
      <TableScroll label={heading}>
        <table class="table">
          <thead>
            <tr><th scope="col">{titleLabel}</th><th scope="col">{m.language}</th><th scope="col">{m.status}</th><th scope="col">{m.updated}</th><th scope="col">{m.revision}</th></tr>
          </thead>
          <tbody>
            {view.items.map((a) => (
              <tr>
                <th scope="row"><a href={`${base}/${a.id}`} lang={langTag(a.lang)}>{a.title}</a></th>
                <td>{a.lang}</td>
                <td><span class={`status status-${a.status}`}>{m.statuses[a.status]}</span></td>
                <td><time dateTime={a.updatedAt}>{view.formatTime(a.updatedAt)}</time></td>
                <td>{a.revision}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {view.items.length === 0 && <p>{m.nothingYet}</p>}
      <Pager m={m} base={base} filter={f} page={view.page} pages={view.pages} total={view.total} />
    </>
  );
}

/** Under an editor's heading: the item's state and revision, its preview and its history. */
export function StatusLine({ m, base, item }: { m: AdminMessages; base: string; item: ContentRow }) {
  return (
    <p class="lead">
      <span class={`status status-${item.status}`}>{m.statuses[item.status]}</span> · {m.itemNumber(item.id)} · {m.revision} {item.revision} ·{' '}
      <a href={`${base}/${item.id}/preview`}>{m.preview}</a> · <a href={`${base}/${item.id}/revisions`}>{m.revisions}</a>
    </p>
  );
}

/** The sensitive terms found in the stored text, each with its context and suggested replacement. */
export function TermsNotice({ m, matches }: { m: AdminMessages; matches: TermMatch[] }) {
  if (matches.length === 0) return null;
  return (
    <section class="notice notice-error" aria-labelledby="terms-found">
      <p id="terms-found">{m.termsFound}</p>
      <ul>
        {matches.map((x) => (
          <li>
            {m.fieldNames[x.field] ?? m.contentFieldNames[x.field] ?? x.field}: …{x.context.before}<mark>{x.context.match}</mark>{x.context.after}…{x.replacement ? ` → ${x.replacement}` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The accessibility warnings of the saved text, for the author and the reviewer alike (the
 * article editor's live panel takes its place while the text is being edited).
 */
export function ChecksNotice({ m, checks }: { m: AdminMessages; checks: CheckResult }) {
  if (checks.total === 0) return null;
  return (
    <section id="checks-notice" class="notice notice-warning" aria-labelledby="checks-notice-title">
      <h2 id="checks-notice-title">{m.editor.checksTitle}</h2>
      <p>{m.checksFound(m.number(checks.total))}</p>
      <ul>
        {checks.warnings.map((w) => <li data-code={w.code}>{checkMessage(w, m.editor.checks)}</li>)}
      </ul>
      {checks.total > checks.warnings.length && <p>{m.editor.checksMore.replace('{n}', m.number(checks.total - checks.warnings.length))}</p>}
    </section>
  );
}

/** On a submitted item: its author went ahead although the checks warned (see the audit log). */
export function ChecksConfirmed({ m, confirmed }: { m: AdminMessages; confirmed?: { by: string; at: string } }) {
  return confirmed ? <p class="notice notice-warning">{m.checksConfirmed(confirmed.by, confirmed.at)}</p> : null;
}

/**
 * A save refused as stale: the stored version beside the user's, to merge by hand. Without a
 * stored version (the user may no longer edit), the user's text alone, so nothing typed is lost.
 */
export function ConflictPanel({ m, stored, mine, heading = m.conflictTitle }: { m: AdminMessages; stored?: { title: string; bodyText: string; revision: number; doc?: RichTextDoc }; mine: { title: string; bodyText: string }; heading?: string }) {
  // The stored version reads as the page shows it when its document is at hand.
  // A long text scrolls in its box: focusable, so that it scrolls from the keyboard too, and named.
  const column = (v: { title: string; bodyText: string; doc?: RichTextDoc }, name: string) => (
    <>
      <p><strong>{v.title}</strong></p>
      {v.doc ? <RichText doc={v.doc} /> : <pre class="conflict-text" tabIndex={0} role="region" aria-label={name}>{v.bodyText}</pre>}
    </>
  );
  if (!stored)
    return (
      <section class="conflict" aria-labelledby="unsaved-title">
        <h2 id="unsaved-title">{m.yourVersion}</h2>
        {column(mine, m.yourVersion)}
      </section>
    );
  return (
    <section class="conflict" aria-labelledby="conflict-title">
      <h2 id="conflict-title">{heading}</h2>
      <p>{m.conflictText}</p>
      <div class="conflict-grid">
        <div>
          <h3>{m.currentVersion} ({m.revision} {stored.revision})</h3>
          {column(stored, m.currentVersion)}
        </div>
        <div>
          <h3>{m.yourVersion}</h3>
          {column(mine, m.yourVersion)}
        </div>
      </div>
    </section>
  );
}

/** The workflow buttons this user may press, with the comment, the override reason and the schedule. */
export function WorkflowPanel({ m, action, csrf, revision, transitions, askOverride, warnings = 0 }: { m: AdminMessages; action: string; csrf: string; revision: number; transitions: ContentStatus[]; askOverride: boolean; warnings?: number }) {
  if (transitions.length === 0) return null;
  return (
    <section aria-labelledby="workflow">
      <h2 id="workflow">{m.moveTo}</h2>
      <form method="post" action={action} class="form">
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="revision" value={String(revision)} />
        <label for="comment">{m.commentLabel}</label>
        <textarea id="comment" name="comment" rows={2} maxLength={2000} />
        {askOverride && (
          <>
            <label for="overrideTerms">{m.overrideLabel}</label>
            <input id="overrideTerms" name="overrideTerms" maxLength={500} />
          </>
        )}
        {warnings > 0 && transitions.includes('in_review') && (
          <label class="check-line">
            <input id="acceptChecks" name="acceptChecks" type="checkbox" value="1" /> {m.acceptChecks(m.number(warnings))}
          </label>
        )}
        {transitions.includes('scheduled') && (
          <>
            <label for="at">{m.scheduleAt}</label>
            <input id="at" name="at" type="datetime-local" />
          </>
        )}
        <div class="button-row">
          {transitions.map((to) => (
            <button type="submit" name="to" value={to} class={`button ${to === 'draft' || to === 'unpublished' || to === 'archived' ? 'button-secondary' : ''}`}>
              {m.transitionsLabel[to]}
            </button>
          ))}
        </div>
      </form>
    </section>
  );
}

/**
 * The text of the document being edited. A plain text area for now (paragraphs, or HTML cleaned
 * on save); the rich-text editor replaces this one component.
 */
export function BodyField({ m, label, value, format }: { m: AdminMessages; label: string; value: string; format: 'text' | 'html' }) {
  return (
    <>
      <input type="hidden" name="format" value={format} />
      <label for="bodyText">{label}</label>
      <textarea id="bodyText" name="bodyText" rows={18} aria-describedby="body-hint">{value}</textarea>
      <p id="body-hint" class="hint">{m.bodyHint}</p>
    </>
  );
}

export function RevisionsList({ m, base, item, revisions, csrf, formatTime, mayEdit }: { m: AdminMessages; base: string; item: ContentRow; revisions: RevisionBase[]; csrf: string; formatTime: (iso: string) => string; mayEdit: boolean }) {
  const newest = revisions[0]?.revision ?? item.revision;
  const select = (id: string, selected: number) => (
    <select id={id} name={id}>{revisions.map((r) => <option value={String(r.revision)} selected={r.revision === selected}>{r.revision}</option>)}</select>
  );
  return (
    <>
      <h1>{m.revisions}: {item.title}</h1>
      <p><a href={`${base}/${item.id}`}>← {item.title}</a></p>
      <form method="get" action={`${base}/${item.id}/compare`} class="form form-filters">
        <label for="from">{m.compareFrom}</label>
        {select('from', newest - 1)}
        <label for="to">{m.compareTo}</label>
        {select('to', newest)}
        <button type="submit" class="button button-small">{m.compare}</button>
      </form>
      <TableScroll label={m.revisions}>
        <table class="table">
          <thead><tr><th scope="col">{m.revision}</th><th scope="col">{m.title}</th><th scope="col">{m.status}</th><th scope="col">{m.savedAt}</th><th scope="col">{m.actions}</th></tr></thead>
          <tbody>
            {revisions.map((r) => (
              <tr>
                <th scope="row">{r.revision}</th>
                <td>{r.title}</td>
                <td>{m.statuses[r.status]}</td>
                <td><time dateTime={r.createdAt}>{formatTime(r.createdAt)}</time></td>
                <td>
                  {mayEdit && r.revision !== item.revision && (
                    <form method="post" action={`${base}/${item.id}/restore`}>
                      <input type="hidden" name="_csrf" value={csrf} />
                      <input type="hidden" name="revision" value={String(r.revision)} />
                      <input type="hidden" name="basedOn" value={String(item.revision)} />
                      <button type="submit" class="button button-small">{m.restore}</button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}

export function CompareView({ m, base, item, cmp }: { m: AdminMessages; base: string; item: ContentRow; cmp: RevisionComparison }) {
  const same = cmp.fields.length === 0 && cmp.body.every((p) => p.op === 'same');
  return (
    <>
      <h1>{m.compare}: {m.revision} {cmp.from} → {cmp.to}</h1>
      <p><a href={`${base}/${item.id}/revisions`}>← {m.revisions}</a></p>
      {same && <p>{m.noChanges}</p>}
      {cmp.fields.length > 0 && (
        <section aria-labelledby="fields">
          <h2 id="fields">{m.fieldChanges}</h2>
          <dl class="field-changes">
            {cmp.fields.map((f) => (
              <>
                <dt>{f.field}</dt>
                <dd><del>{f.from ?? '∅'}</del> → <ins>{f.to ?? '∅'}</ins></dd>
              </>
            ))}
          </dl>
        </section>
      )}
      <section aria-labelledby="text">
        <h2 id="text">{m.textChanges}</h2>
        <div class="diff">
          {cmp.body.map((p) => (p.op === 'added' ? <ins>{p.text}</ins> : p.op === 'removed' ? <del>{p.text}</del> : <span>{p.text}</span>))}
        </div>
      </section>
    </>
  );
}

/** The form of a page or an institution, as it was stored or as the user sent it. */
export interface ContentForm {
  lang: string;
  title: string;
  slug: string;
  summary: string;
  bodyText: string;
  format: 'text' | 'html';
  revision: number;
  /** Institutions: number in the directory and contact details. */
  position?: string;
  address?: string;
  phone?: string;
  email?: string;
  externalUrl?: string;
  /** Institutions: other names, one per line. */
  aliases?: string;
  /** The other language's version by its number, as typed ('' for none; absent: the stored link). */
  translationOf?: string;
}

export interface ContentEditorView {
  kind: 'page' | 'institution';
  base: string;
  item?: ContentRow;
  form: ContentForm;
  csrf: string;
  mayEdit: boolean;
  transitions: ContentStatus[];
  error?: string;
  ok?: string;
  conflict?: { title: string; bodyText: string; revision: number };
  unsaved?: boolean;
  termMatches: TermMatch[];
  mayOverrideTerms: boolean;
  /** The accessibility warnings of the saved text. */
  checks: CheckResult;
  /** Who submitted it with the warnings confirmed, and when (while it is being reviewed). */
  checksConfirmed?: { by: string; at: string };
  /** The field naming the other language's version. */
  translation: TranslationFieldView;
}

function Field({ id, label, children }: { id: string; label: string; children: ComponentChildren }) {
  return (
    <>
      <label for={id}>{label}</label>
      {children}
    </>
  );
}

/** The editor of a page or an institution: its fields, its workflow, its history. */
export function ContentEditor({ m, view }: { m: AdminMessages; view: ContentEditorView }) {
  const { item, form } = view;
  const isInstitution = view.kind === 'institution';
  const titleLabel = isInstitution ? m.contentName : m.title;
  const contact = [
    ['address', m.contactAddress, 'text'],
    ['phone', m.contactPhone, 'tel'],
    ['email', m.email, 'email'],
    ['externalUrl', m.contactWebsite, 'url'],
  ] as const;
  return (
    <>
      <h1>{item ? item.title : isInstitution ? m.newInstitution : m.newPage}</h1>
      {item && <StatusLine m={m} base={view.base} item={item} />}
      <Notice error={view.error} ok={view.ok} />
      <TermsNotice m={m} matches={view.termMatches} />
      <ChecksNotice m={m} checks={view.checks} />
      <ChecksConfirmed m={m} confirmed={view.checksConfirmed} />
      {(view.conflict || (!view.mayEdit && view.unsaved)) && <ConflictPanel m={m} stored={view.conflict} mine={form} heading={m.conflictTitleItem} />}
      {view.mayEdit && (
        <form method="post" action={item ? `${view.base}/${item.id}` : view.base} class="form form-wide">
          {[['_csrf', view.csrf], ['revision', String(view.conflict?.revision ?? form.revision)]].map(([name, value]) => <input type="hidden" name={name} value={value} />)}
          {!item && (
            <Field id="lang" label={m.language}>
              <select id="lang" name="lang">
                {LANGS.map((l) => <option value={l} selected={form.lang === l}>{LANG_NAMES[l]}</option>)}
              </select>
            </Field>
          )}
          <Field id="title" label={titleLabel}>
            <input id="title" name="title" required maxLength={500} value={form.title} />
          </Field>
          <Field id="slug" label={m.slug}>
            <input id="slug" name="slug" value={form.slug} pattern="[a-z0-9]+(-[a-z0-9]+)*" maxLength={200} aria-describedby="slug-hint" />
          </Field>
          <p id="slug-hint" class="hint">{m.slugHint}</p>
          {isInstitution ? (
            <>
              <Field id="position" label={m.contentPosition}>
                <input id="position" name="position" type="number" min={0} step={1} value={form.position ?? ''} />
              </Field>
              <Field id="aliases" label={m.contentAliases}>
                <textarea id="aliases" name="aliases" rows={3} aria-describedby="aliases-hint">{form.aliases ?? ''}</textarea>
              </Field>
              <p id="aliases-hint" class="hint">{m.contentAliasesHint}</p>
              {contact.map(([name, label, type]) => (
                <Field id={name} label={label}>
                  <input id={name} name={name} type={type} maxLength={500} value={form[name] ?? ''} />
                </Field>
              ))}
            </>
          ) : (
            <Field id="summary" label={m.summary}>
              <textarea id="summary" name="summary" rows={3} maxLength={2000}>{form.summary}</textarea>
            </Field>
          )}
          <BodyField m={m} label={isInstitution ? m.contentProfile : m.body} value={form.bodyText} format={form.format} />
          <TranslationField view={view.translation} />
          {view.termMatches.length > 0 && view.mayOverrideTerms && item && ['approved', 'scheduled', 'published'].includes(item.status) && (
            <Field id="saveOverrideTerms" label={m.overrideLabel}>
              <input id="saveOverrideTerms" name="overrideTerms" maxLength={500} />
            </Field>
          )}
          <button type="submit" class="button">{m.save}</button>
        </form>
      )}
      {item && <WorkflowPanel m={m} action={`${view.base}/${item.id}/transition`} csrf={view.csrf} revision={item.revision} transitions={view.transitions} askOverride={view.termMatches.length > 0 && view.mayOverrideTerms} warnings={view.checks.total} />}
    </>
  );
}
