// The workspace's article screens: the list and the editor (a plain editor for now, usable without
// JavaScript; the rich-text editor will replace the text area).
import type { Article, ArticleRevision, ArticleStatus, RevisionComparison } from '../../news/index.js';
import type { TermMatch } from '../../terms/index.js';
import type { AdminMessages } from '../i18n.js';
import type { Lang } from '../../shared/lang.js';
import type { FieldMessages } from '../i18n-fields.js';
import { Notice } from './admin-views.js';
import { ArticleMetaFields, type ArticleMeta, type MetaChoices } from './article-fields.js';
import type { RichTextDoc } from '../../richtext/index.js';
import { RichText } from '../../site/views/rich-text.js';
import { BodyField, PresenceBanner, type RichField } from './rich-editor.js';

export interface ArticleListView {
  items: Article[];
  total: number;
  page: number;
  pages: number;
  filter: { status?: string; lang?: string; q?: string; sort?: string };
  formatTime: (iso: string) => string;
}

export function ArticlesScreen({ m, view }: { m: AdminMessages; view: ArticleListView }) {
  const f = view.filter;
  const link = (page: number) => `/admin/articles?${new URLSearchParams({ ...Object.fromEntries(Object.entries(f).filter(([, v]) => v)), page: String(page) } as Record<string, string>)}`;
  return (
    <>
      <h1>{m.articlesNav}</h1>
      <p><a class="button" href="/admin/articles/new">{m.newArticle}</a></p>
      <form method="get" action="/admin/articles" class="form form-filters">
        <label for="q">{m.search}</label>
        <input id="q" name="q" value={f.q ?? ''} type="search" />
        <label for="status">{m.status}</label>
        <select id="status" name="status">
          <option value="">{m.all}</option>
          {Object.entries(m.statuses).map(([k, label]) => <option value={k} selected={f.status === k}>{label}</option>)}
        </select>
        <label for="lang">{m.language}</label>
        <select id="lang" name="lang">
          <option value="">{m.all}</option>
          <option value="zh" selected={f.lang === 'zh'}>中文</option>
          <option value="en" selected={f.lang === 'en'}>English</option>
        </select>
        <label for="sort">{m.sortBy}</label>
        <select id="sort" name="sort">
          <option value="updated" selected={!f.sort || f.sort === 'updated'}>{m.sortUpdated}</option>
          <option value="published" selected={f.sort === 'published'}>{m.sortPublished}</option>
          <option value="title" selected={f.sort === 'title'}>{m.sortTitle}</option>
        </select>
        <button type="submit" class="button button-small">{m.filter}</button>
      </form>
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr><th scope="col">{m.title}</th><th scope="col">{m.language}</th><th scope="col">{m.status}</th><th scope="col">{m.updated}</th><th scope="col">{m.revision}</th></tr>
          </thead>
          <tbody>
            {view.items.map((a) => (
              <tr>
                <th scope="row"><a href={`/admin/articles/${a.id}`} lang={a.lang === 'zh' ? 'zh-CN' : 'en'}>{a.title}</a></th>
                <td>{a.lang}</td>
                <td><span class={`status status-${a.status}`}>{m.statuses[a.status]}</span></td>
                <td><time dateTime={a.updatedAt}>{view.formatTime(a.updatedAt)}</time></td>
                <td>{a.revision}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {view.items.length === 0 && <p>{m.nothingYet}</p>}
      <nav class="pagination" aria-label="pages">
        {view.page > 1 ? <a href={link(view.page - 1)}>← {m.newer}</a> : <span />}
        <span class="page-status">{view.page} / {view.pages} · {view.total}</span>
        {view.page < view.pages ? <a href={link(view.page + 1)}>{m.older} →</a> : <span />}
      </nav>
    </>
  );
}

export interface EditorView {
  article?: Article;
  /** What the form shows: the stored text, or what the user sent when it was refused. */
  form: { lang: string; title: string; slug: string; summary: string; bodyText: string; revision: number; format: 'text' | 'html'; meta: ArticleMeta };
  /** The fields beside the text: their words and the choices they offer. */
  fields: { f: FieldMessages; lang: Lang; choices: MetaChoices; script: string };
  csrf: string;
  mayEdit: boolean;
  transitions: ArticleStatus[];
  error?: string;
  ok?: string;
  /** When a save was refused as stale: the stored version, to merge with the user's. */
  conflict?: { title: string; bodyText: string; revision: number; doc?: RichTextDoc };
  /** A share link just created. */
  shareLink?: { url: string; until: string };
  /** The user's text from a refused save, shown when the form itself is no longer offered. */
  unsaved?: boolean;
  /** Sensitive terms in the stored text, shown with their context. */
  termMatches: TermMatch[];
  mayOverrideTerms: boolean;
  /** Others who had the article open in the last minute. */
  present: string[];
  /** The rich-text editor over the text area (absent when the user may not edit). */
  rich?: RichField;
}

export function ArticleEditor({ m, view }: { m: AdminMessages; view: EditorView }) {
  const a = view.article;
  const action = a ? `/admin/articles/${a.id}` : '/admin/articles';
  return (
    <>
      <h1>{a ? a.title : m.newArticle}</h1>
      {a && (
        <p class="lead">
          <span class={`status status-${a.status}`}>{m.statuses[a.status]}</span> · {m.revision} {a.revision} ·{' '}
          <a href={`/admin/articles/${a.id}/preview`}>{m.preview}</a> · <a href={`/admin/articles/${a.id}/revisions`}>{m.revisions}</a>
        </p>
      )}
      <Notice error={view.error} ok={view.ok} />
      {a && <PresenceBanner m={m} names={view.present} />}
      {view.termMatches.length > 0 && (
        <section class="notice notice-error" aria-labelledby="terms-found">
          <p id="terms-found">{m.termsFound}</p>
          <ul>
            {view.termMatches.map((x) => (
              <li>
                {m.fieldNames[x.field] ?? x.field}: …{x.context.before}<mark>{x.context.match}</mark>{x.context.after}…{x.replacement ? ` → ${x.replacement}` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
      {view.shareLink && (
        <p class="notice notice-ok" role="status">
          {m.shareLinkCreated(view.shareLink.until)}
          <a href={view.shareLink.url}>{view.shareLink.url}</a>
        </p>
      )}
      {view.conflict && (
        <section class="conflict" aria-labelledby="conflict-title">
          <h2 id="conflict-title">{m.conflictTitle}</h2>
          <p>{m.conflictText}</p>
          <div class="conflict-grid">
            <div>
              <h3>{m.currentVersion} ({m.revision} {view.conflict.revision})</h3>
              <p><strong>{view.conflict.title}</strong></p>
              {view.conflict.doc ? <RichText doc={view.conflict.doc} /> : <pre class="conflict-text">{view.conflict.bodyText}</pre>}
            </div>
            <div>
              <h3>{m.yourVersion}</h3>
              <p><strong>{view.form.title}</strong></p>
              <pre class="conflict-text">{view.form.bodyText}</pre>
            </div>
          </div>
        </section>
      )}
      {!view.mayEdit && view.unsaved && (
        <section class="conflict" aria-labelledby="unsaved-title">
          <h2 id="unsaved-title">{m.yourVersion}</h2>
          <p><strong>{view.form.title}</strong></p>
          <pre class="conflict-text">{view.form.bodyText}</pre>
        </section>
      )}
      {view.mayEdit && (
        <form method="post" action={action} class="form form-wide">
          <input type="hidden" name="_csrf" value={view.csrf} />
          <input type="hidden" name="revision" value={String(view.conflict?.revision ?? view.form.revision)} />
          <input type="hidden" name="format" value={view.form.format} />
          {!a && (
            <>
              <label for="lang">{m.language}</label>
              <select id="lang" name="lang">
                <option value="zh" selected={view.form.lang === 'zh'}>中文</option>
                <option value="en" selected={view.form.lang === 'en'}>English</option>
              </select>
            </>
          )}
          <label for="title">{m.title}</label>
          <input id="title" name="title" required maxLength={500} value={view.form.title} />
          <label for="slug">{m.slug}</label>
          <input id="slug" name="slug" value={view.form.slug} pattern="[a-z0-9]+(-[a-z0-9]+)*" maxLength={200} aria-describedby="slug-status" data-slug-check="/admin/api/articles/slug" data-except={a ? String(a.id) : ''} data-lang={a?.lang ?? ''} data-msg-free={view.fields.f.slugFree} data-msg-taken={view.fields.f.slugTaken('{}')} data-msg-bad={view.fields.f.slugBad} />
          <p id="slug-status" class="hint" aria-live="polite" />
          <label for="summary">{m.summary}</label>
          <textarea id="summary" name="summary" rows={3} maxLength={2000}>{view.form.summary}</textarea>
          <BodyField m={m} bodyText={view.form.bodyText} rich={view.rich} />
          <ArticleMetaFields f={view.fields.f} lang={view.fields.lang} meta={view.form.meta} choices={view.fields.choices} />
          {view.termMatches.length > 0 && view.mayOverrideTerms && a && ['approved', 'scheduled', 'published'].includes(a.status) && (
            <>
              <label for="saveOverrideTerms">{m.overrideLabel}</label>
              <input id="saveOverrideTerms" name="overrideTerms" maxLength={500} />
            </>
          )}
          <button type="submit" class="button">{m.save}</button>
        </form>
      )}
      {view.mayEdit && <script src={view.fields.script} defer />}
      {a && (
        <form method="post" action={`/admin/articles/${a.id}/preview-link`}>
          <input type="hidden" name="_csrf" value={view.csrf} />
          <button type="submit" class="button button-secondary button-small">{m.shareLink}</button>
        </form>
      )}
      {a && view.transitions.length > 0 && (
        <section aria-labelledby="workflow">
          <h2 id="workflow">{m.moveTo}</h2>
          <form method="post" action={`/admin/articles/${a.id}/transition`} class="form">
            <input type="hidden" name="_csrf" value={view.csrf} />
            <input type="hidden" name="revision" value={String(a.revision)} />
            <label for="comment">{m.commentLabel}</label>
            <textarea id="comment" name="comment" rows={2} maxLength={2000} />
            {view.termMatches.length > 0 && view.mayOverrideTerms && (
              <>
                <label for="overrideTerms">{m.overrideLabel}</label>
                <input id="overrideTerms" name="overrideTerms" maxLength={500} />
              </>
            )}
            {view.transitions.includes('scheduled') && (
              <>
                <label for="at">{m.scheduleAt}</label>
                <input id="at" name="at" type="datetime-local" />
              </>
            )}
            <div class="button-row">
              {view.transitions.map((to) => (
                <button type="submit" name="to" value={to} class={`button ${to === 'draft' || to === 'unpublished' || to === 'archived' ? 'button-secondary' : ''}`}>
                  {m.transitionsLabel[to]}
                </button>
              ))}
            </div>
          </form>
        </section>
      )}
    </>
  );
}

export function RevisionsScreen({ m, article, revisions, csrf, formatTime, mayEdit }: { m: AdminMessages; article: Article; revisions: ArticleRevision[]; csrf: string; formatTime: (iso: string) => string; mayEdit: boolean }) {
  const newest = revisions[0]?.revision ?? article.revision;
  return (
    <>
      <h1>{m.revisions}: {article.title}</h1>
      <p><a href={`/admin/articles/${article.id}`}>← {article.title}</a></p>
      <form method="get" action={`/admin/articles/${article.id}/compare`} class="form form-filters">
        <label for="from">{m.compareFrom}</label>
        <select id="from" name="from">{revisions.map((r) => <option value={String(r.revision)} selected={r.revision === newest - 1}>{r.revision}</option>)}</select>
        <label for="to">{m.compareTo}</label>
        <select id="to" name="to">{revisions.map((r) => <option value={String(r.revision)} selected={r.revision === newest}>{r.revision}</option>)}</select>
        <button type="submit" class="button button-small">{m.compare}</button>
      </form>
      <div class="table-wrap">
        <table class="table">
          <thead><tr><th scope="col">{m.revision}</th><th scope="col">{m.title}</th><th scope="col">{m.status}</th><th scope="col">{m.savedAt}</th><th scope="col">{m.actions}</th></tr></thead>
          <tbody>
            {revisions.map((r) => (
              <tr>
                <th scope="row">{r.revision}</th>
                <td>{r.title}</td>
                <td>{m.statuses[r.status]}</td>
                <td><time dateTime={r.createdAt}>{formatTime(r.createdAt)}</time>{r.isAutosave ? ` (${m.editor.autosaved})` : ''}</td>
                <td>
                  {mayEdit && r.revision !== article.revision && (
                    <form method="post" action={`/admin/articles/${article.id}/restore`}>
                      <input type="hidden" name="_csrf" value={csrf} />
                      <input type="hidden" name="revision" value={String(r.revision)} />
                      <input type="hidden" name="basedOn" value={String(article.revision)} />
                      <button type="submit" class="button button-small">{m.restore}</button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function CompareScreen({ m, article, cmp }: { m: AdminMessages; article: Article; cmp: RevisionComparison }) {
  const same = cmp.fields.length === 0 && cmp.body.every((p) => p.op === 'same');
  return (
    <>
      <h1>{m.compare}: {m.revision} {cmp.from} → {cmp.to}</h1>
      <p><a href={`/admin/articles/${article.id}/revisions`}>← {m.revisions}</a></p>
      {same && <p>{m.noChanges}</p>}
      {cmp.fields.length > 0 && (
        <section aria-labelledby="fields">
          <h2 id="fields">{m.fieldChanges}</h2>
          <dl class="field-changes">
            {cmp.fields.map((f) => (
              <>
                <dt>{m.fieldNames[f.field] ?? f.field}</dt>
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
