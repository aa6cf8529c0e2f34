// The workspace's article editor: the rich-text editor over a text area that works without
// JavaScript, and the fields beside the text. The list, revisions and comparison are content-views.tsx's.
import type { Article, ArticleStatus } from '../../news/index.js';
import type { CheckResult, RichTextDoc } from '../../richtext/index.js';
import { LANG_NAMES, LANGS, type Lang } from '../../shared/lang.js';
import type { TermMatch } from '../../terms/index.js';
import type { FieldMessages } from '../i18n-fields.js';
import type { AdminMessages } from '../i18n.js';
import { Notice } from './admin-views.js';
import { ArticleMetaFields, type ArticleMeta, type MetaChoices } from './article-fields.js';
import { ChecksConfirmed, ChecksNotice, ConflictPanel, StatusLine, TermsNotice, WorkflowPanel } from './content-views.js';
import { BodyField, PresenceBanner, type RichField } from './rich-editor.js';
import { Script } from '../../site/views/script.js';

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
  /** Share links that still work, to withdraw (their tokens are never shown again). */
  previewLinks?: { id: number; until: string }[];
  /** The user's text from a refused save, shown when the form itself is no longer offered. */
  unsaved?: boolean;
  /** Sensitive terms in the stored text, shown with their context. */
  termMatches: TermMatch[];
  mayOverrideTerms: boolean;
  /** The accessibility warnings of the saved text. */
  checks: CheckResult;
  /** Who submitted it with the warnings confirmed, and when (while it is being reviewed). */
  checksConfirmed?: { by: string; at: string };
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
      {a && <StatusLine m={m} base="/admin/articles" item={a} />}
      <Notice error={view.error} ok={view.ok} />
      {a && <PresenceBanner m={m} names={view.present} />}
      <TermsNotice m={m} matches={view.termMatches} />
      <ChecksNotice m={m} checks={view.checks} />
      <ChecksConfirmed m={m} confirmed={view.checksConfirmed} />
      {view.shareLink && (
        <p class="notice notice-ok" role="status">
          {m.shareLinkCreated(view.shareLink.until)}
          <a href={view.shareLink.url}>{view.shareLink.url}</a>
        </p>
      )}
      {view.conflict && <ConflictPanel m={m} stored={view.conflict} mine={view.form} />}
      {!view.mayEdit && view.unsaved && <ConflictPanel m={m} mine={view.form} />}
      {view.mayEdit && (
        <form method="post" action={action} class="form form-wide">
          <input type="hidden" name="_csrf" value={view.csrf} />
          <input type="hidden" name="revision" value={String(view.conflict?.revision ?? view.form.revision)} />
          <input type="hidden" name="format" value={view.form.format} />
          {!a && (
            <>
              <label for="lang">{m.language}</label>
              <select id="lang" name="lang">
                {LANGS.map((l) => <option value={l} selected={view.form.lang === l}>{LANG_NAMES[l]}</option>)}
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
      {view.mayEdit && <Script src={view.fields.script} />}
      {a && (
        <form method="post" action={`/admin/articles/${a.id}/preview-link`}>
          <input type="hidden" name="_csrf" value={view.csrf} />
          <button type="submit" class="button button-secondary button-small">{m.shareLink}</button>
        </form>
      )}
      {a && view.previewLinks && view.previewLinks.length > 0 && (
        <ul class="preview-links">
          {view.previewLinks.map((l) => (
            <li>
              {m.shareLinkActive(l.until)}{' '}
              <form method="post" action={`/admin/articles/${a.id}/preview-link/${l.id}/revoke`} class="inline-form">
                <input type="hidden" name="_csrf" value={view.csrf} />
                <button type="submit" class="button button-small button-secondary">{m.shareLinkRevoke}</button>
              </form>
            </li>
          ))}
        </ul>
      )}
      {a && <WorkflowPanel m={m} action={`/admin/articles/${a.id}/transition`} csrf={view.csrf} revision={a.revision} transitions={view.transitions} askOverride={view.termMatches.length > 0 && view.mayOverrideTerms} warnings={view.checks.total} />}
    </>
  );
}
