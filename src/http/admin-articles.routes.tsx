// Articles in the workspace: write and edit in the rich editor (refusing stale saves and showing
// both versions), with the fields beside the text; the list, workflow steps and revisions are
// admin-workflow.routes.tsx's. Every rule is the workflow service's; this only renders.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { adminMessages } from '../admin/i18n.js';
import { TermsScreen } from '../admin/views/admin-views.js';
import { fieldMessages } from '../admin/i18n-fields.js';
import type { ArticleMeta, MetaChoices } from '../admin/views/article-fields.js';
import { ArticleEditor, type EditorView } from '../admin/views/article-views.js';
import type { RichField } from '../admin/views/rich-editor.js';
import { inTransaction, type Services } from '../app/services.js';
import type { Store } from '../db/index.js';
import type { Article } from '../news/index.js';
import { hasRole, requireRole, type Actor } from '../people/index.js';
import { editorMessagesFor } from '../admin/editor-messages.js';
import { docFromEditorJsonText, docFromEditorText, docFromHtml, docFromParagraphText, docImages, docToParagraphs, NO_WARNINGS, type RichTextDoc } from '../richtext/index.js';
import { invalid } from '../shared/errors.js';
import { isLang, type Lang } from '../shared/lang.js';
import { translator } from '../site/i18n.js';
import { renderArticle, type SiteContext } from '../site/routes.js';
import { RichText } from '../site/views/rich-text.js';
import type { EditorAssets } from '../site/assets.js';
import { adminKit, idsParam, prefilledNumber } from './admin-kit.js';
import { checksConfirmedOf, idParam, registerWorkflowScreens } from './admin-workflow.routes.js';

type Form = Record<string, string | undefined>;
/** The form as a handler gives it to editor(): without the other version's number when it shows what is stored. */
type FormIn = Omit<EditorView['form'], 'meta'> & { meta: Omit<ArticleMeta, 'translationOf'> & { translationOf?: string } };

/** The fields beside the text as the form sent them, and as the services take them. */
function metaOf(b: Form): ArticleMeta {
  const channel = Number(b.channelId);
  return {
    channelId: Number.isInteger(channel) && channel > 0 ? channel : null,
    institutionIds: idsParam((b as Record<string, unknown>).institutionIds),
    foundIds: idsParam((b as Record<string, unknown>).foundShown),
    seoTitle: b.seoTitle ?? '',
    seoDescription: b.seoDescription ?? '',
    translationOf: (b.translationOf ?? '').trim(),
  };
}
function metaInput(meta: ArticleMeta) {
  const other = Number(meta.translationOf);
  if (meta.translationOf !== '' && !(Number.isInteger(other) && other > 0 && other < 2 ** 31))
    throw invalid('TRANSLATION_INVALID', 'the other version is given by its article number', { field: 'translationOf' });
  return {
    channelId: meta.channelId,
    institutionIds: meta.institutionIds,
    foundShown: meta.foundIds,
    seoTitle: meta.seoTitle,
    seoDescription: meta.seoDescription,
    translationOf: meta.translationOf === '' ? null : other,
  };
}
/** Plain paragraphs edit as plain text; anything richer edits as the HTML the site would show. */
export function editorTextOf(doc: RichTextDoc): { bodyText: string; format: 'text' | 'html' } {
  const plain = doc.content.every((b) => b.type === 'paragraph' && (b.content ?? []).every((n) => n.type === 'text' && !n.marks?.length));
  if (plain) return { bodyText: docToParagraphs(doc).join('\n\n'), format: 'text' };
  // Library images as the HTML reader takes them back (from-html.ts): id, alt text and caption.
  const html = renderToString(<RichText doc={doc} />)
    .replace(/^<div class="prose">|<\/div>$/g, '')
    .replace(/<\/(p|h2|h3|h4|li|ul|ol|blockquote|table|tr|figure)>/g, '</$1>\n');
  return { bodyText: withImageTags(html, doc), format: 'html' };
}

/** The view shows an image it cannot resolve as a figure with its alt text: put the reference back. */
function withImageTags(html: string, doc: RichTextDoc): string {
  const images = docImages(doc);
  let i = 0;
  return html.replace(/<figure class="figure">[\s\S]*?<\/figure>/g, () => {
    const img = images[i++];
    if (!img) return '';
    const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    return `<img data-media-id="${img.attrs.mediaId}" alt="${attr(img.attrs.alt)}"${img.attrs.caption ? ` data-caption="${attr(img.attrs.caption)}"` : ''}>`;
  });
}

/** The text area's text as the browser sends it back (CRLF, the leading newline dropped). */
export const bodyTextFingerprint = (text: string) => createHash('sha256').update(text.replace(/\r\n?/g, '\n').trim()).digest('hex').slice(0, 32);

/**
 * The document the form sent: the rich editor's JSON; or, from the plain text area, the stored
 * document if the text area came back unchanged (so images and tables survive a save without
 * JavaScript), else the text read as the format the page showed it in ("a<b" typed as text stays text).
 */
export function bodyFrom(b: Form): RichTextDoc {
  if (b.bodyMode === 'rich') return docFromEditorJsonText(b.bodyJson ?? '');
  if (b.bodyJson && b.bodyBase && b.bodyBase === bodyTextFingerprint(b.bodyText ?? '')) return docFromEditorJsonText(b.bodyJson);
  return b.format === 'html' ? docFromHtml(b.bodyText ?? '') : b.format === 'text' ? docFromParagraphText(b.bodyText ?? '') : docFromEditorText(b.bodyText ?? '');
}

/** What the refused form showed in the editor: the sent document when it can be read. */
function sentDoc(b: Form): RichTextDoc | undefined {
  try {
    return bodyFrom(b);
  } catch {
    return undefined;
  }
}

export async function adminArticleRoutes(app: FastifyInstance, { services, store, css, site, editorAssets }: { services: Services; store: Store; css: string; site: SiteContext; editorAssets: EditorAssets }) {
  const kit = adminKit(css);
  const { langOf, send, page, signedIn } = kit;
  // The editor's own refusals have their words in its block of messages.
  const messageFor = (req: FastifyRequest, e: unknown) => {
    const r = kit.messageFor(req, e);
    return { ...r, text: adminMessages(langOf(req)).editor.errors[r.code] ?? r.text };
  };
  const wf = services.newsWorkflow;
  const inTx = <T,>(work: (w: Services['newsWorkflow']) => Promise<T>) => inTransaction(store, services.clock, (s) => work(s.newsWorkflow));

  /** The form of a stored article; the number of its other-language version is filled in by editor(). */
  function formOf(a: Article): FormIn {
    const meta = { channelId: a.channelId, institutionIds: a.institutionIds, foundIds: a.foundInstitutionIds, seoTitle: a.seoTitle ?? '', seoDescription: a.seoDescription ?? '' };
    return { lang: a.lang, title: a.title, slug: a.slug, summary: a.summary ?? '', ...editorTextOf(a.body), revision: a.revision, meta };
  }
  async function choicesFor(a: Article | undefined, other: Article | undefined): Promise<MetaChoices> {
    const [channels, zh, en] = await Promise.all([wf.channels(), services.institutions.directory('zh'), services.institutions.directory('en')]);
    const pick = (list: typeof zh, l: Lang) => list.map((i) => ({ id: i.id, name: i.name, lang: l }));
    const institutions = a ? pick(a.lang === 'zh' ? zh : en, a.lang) : [...pick(zh, 'zh'), ...pick(en, 'en')];
    return { channels, institutions, ...(other ? { translation: { id: other.id, title: other.title } } : {}) };
  }
  async function editor(req: FastifyRequest & { actor: Actor }, reply: FastifyReply, status: number, view: Omit<EditorView, 'csrf' | 'mayEdit' | 'transitions' | 'termMatches' | 'checks' | 'checksConfirmed' | 'mayOverrideTerms' | 'present' | 'fields' | 'form'> & { form: FormIn }, doc?: RichTextDoc) {
    const lang = langOf(req);
    const m = adminMessages(lang);
    const a = view.article;
    const mayEdit = a ? wf.mayEdit(req.actor, a) : true;
    const other = a ? await services.news.translationInWorkspace(a) : undefined;
    // A stored form shows the stored link; a refused one what the user typed.
    const form = { ...view.form, meta: { ...view.form.meta, translationOf: view.form.meta.translationOf ?? (other ? String(other.id) : '') } };
    const shown = doc ?? a?.body ?? { type: 'doc', content: [] };
    const images = mayEdit ? await services.media.renditions([shown]) : new Map();
    const rich: RichField | undefined = mayEdit
      ? {
          assets: editorAssets,
          bodyBase: bodyTextFingerprint(view.form.bodyText),
          config: {
            articleId: a?.id ?? null,
            revision: view.conflict?.revision ?? view.form.revision,
            autosave: !a || a.status === 'draft' || a.status === 'in_review',
            doc: shown,
            terms: (await services.terms.list()).map((t) => t.term),
            // The images the text shows, so the editor draws them (not "#id") from the first paint.
            thumbs: Object.fromEntries([...images].map(([id, r]) => [id, r.src])),
            mediaUrl: '/admin/api/media',
            autosaveUrl: '/admin/api/articles/:id/autosave',
            createUrl: '/admin/api/articles',
            presenceUrl: '/admin/api/presence',
            messages: editorMessagesFor(m),
          },
        }
      : undefined;
    const full: EditorView = {
      ...view,
      form,
      fields: { f: fieldMessages(langOf(req)), lang: langOf(req), choices: await choicesFor(a, other), script: site.assets.adminFields },
      termMatches: a ? await wf.termsIn(a) : [],
      checks: a ? wf.checksIn(a) : NO_WARNINGS,
      checksConfirmed: a ? await checksConfirmedOf(services, 'article', a, (iso) => translator(lang).dateTime(iso)) : undefined,
      mayOverrideTerms: hasRole(req.actor, 'publisher'),
      csrf: req.session?.csrfToken ?? '',
      mayEdit,
      transitions: a ? wf.allowedTransitions(req.actor, a) : [],
      present: a ? (await services.presence.others(req.actor, { type: 'article', id: a.id })).map((p) => p.displayName) : [],
      previewLinks: a ? (await wf.previewLinks(req.actor, a.id)).map((l) => ({ id: l.id, until: translator(lang).dateTime(l.expiresAt) })) : [],
      rich,
    };
    return send(reply, status, page(req, a?.title ?? m.newArticle, 'articles', <ArticleEditor m={m} view={full} />));
  }

  app.get('/admin/articles/new', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    // The translation view's "create translation" opens this with the language and the source filled in.
    const q = req.query as Form;
    const meta = metaOf({ translationOf: prefilledNumber(q.translationOf) });
    return editor(req, reply, 200, { form: { lang: isLang(q.lang) ? q.lang : langOf(req), title: '', slug: '', summary: '', bodyText: '', revision: 0, format: 'text', meta } });
  });

  app.post('/admin/articles', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const b = (req.body ?? {}) as Form;
    const form = { lang: isLang(b.lang) ? b.lang : 'zh', title: b.title ?? '', slug: b.slug?.trim() ?? '', summary: b.summary ?? '', bodyText: b.bodyText ?? '', revision: 0, format: b.format === 'html' ? ('html' as const) : ('text' as const), meta: metaOf(b) };
    try {
      const a = await inTx((w) =>
        w.create(req.actor, { lang: form.lang, title: form.title, ...(form.slug ? { slug: form.slug } : {}), summary: form.summary.trim() || null, body: bodyFrom(b), ...metaInput(form.meta) }),
      );
      return reply.redirect(`/admin/articles/${a.id}?done=saved`, 303);
    } catch (e) {
      const { status, text } = messageFor(req, e);
      return editor(req, reply, status, { form, error: text }, sentDoc(b));
    }
  });

  const idOf = idParam;

  app.get('/admin/articles/:id', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const id = idOf(req);
    if (id === undefined) return reply.callNotFound();
    const a = await wf.get(req.actor, id);
    const done = (req.query as Form).done;
    return editor(req, reply, 200, { article: a, form: formOf(a), ok: done === 'restored' ? adminMessages(langOf(req)).restored : done === 'revoked' ? adminMessages(langOf(req)).shareLinkRevoked : done ? adminMessages(langOf(req)).saved : undefined });
  });

  app.post('/admin/articles/:id', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const id = idOf(req);
    if (id === undefined) return reply.callNotFound();
    const b = (req.body ?? {}) as Form;
    const basedOn = Number(b.revision);
    const form = { lang: '', title: b.title ?? '', slug: b.slug?.trim() ?? '', summary: b.summary ?? '', bodyText: b.bodyText ?? '', revision: basedOn, format: b.format === 'html' ? ('html' as const) : ('text' as const), meta: metaOf(b) };
    try {
      await inTx((w) =>
        w.update(req.actor, id, { title: form.title, ...(form.slug ? { slug: form.slug } : {}), summary: form.summary.trim() || null, body: bodyFrom(b), ...metaInput(form.meta) }, basedOn, { overrideTerms: b.overrideTerms, clientAddress: req.ip }),
      );
      return reply.redirect(`/admin/articles/${id}?done=saved`, 303);
    } catch (e) {
      const { status, text, code } = messageFor(req, e);
      const current = await wf.get(req.actor, id);
      // Nothing typed is thrown away: the form keeps the user's text, and a stale save shows both.
      const conflict = code === 'ARTICLE_REVISION_STALE' ? { title: current.title, bodyText: editorTextOf(current.body).bodyText, revision: current.revision, doc: current.body } : undefined;
      const mine = sentDoc(b);
      // The rich editor sent no text area: the fallback shows the sent document as text.
      const shown = b.bodyMode === 'rich' && mine ? { ...editorTextOf(mine), revision: basedOn } : {};
      return editor(req, reply, status, { article: current, form: { ...form, ...shown, lang: current.lang }, error: conflict ? undefined : text, conflict, unsaved: true }, mine);
    }
  });

  // As the person types: is the address well formed and free, and which free one to propose.
  app.get('/admin/api/articles/slug', async (req, reply) => {
    const q = req.query as Form;
    const lang = isLang(q.lang) ? q.lang : 'zh';
    const except = Number(q.except);
    const status = await wf.slugStatus(req.actor, lang, {
      slug: q.slug?.slice(0, 200),
      title: q.title?.slice(0, 500),
      ...(Number.isInteger(except) && except > 0 && except < 2 ** 31 ? { exceptId: except } : {}),
    });
    return reply.header('cache-control', 'no-store').send(status);
  });

  app.post('/admin/articles/:id/preview-link/:linkId/revoke', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const id = idOf(req);
    const linkId = Number((req.params as { linkId: string }).linkId);
    if (id === undefined || !Number.isInteger(linkId) || linkId <= 0 || linkId >= 2 ** 31) return reply.callNotFound();
    await inTx((w) => w.revokePreviewLink(req.actor, id, linkId));
    return reply.redirect(`/admin/articles/${id}?done=revoked`, 303);
  });

  app.post('/admin/articles/:id/preview-link', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const id = idOf(req);
    if (id === undefined) return reply.callNotFound();
    const { token, expiresAt } = await wf.createPreviewLink(req.actor, id);
    const a = await wf.get(req.actor, id);
    const t = translator(langOf(req));
    return editor(req, reply, 200, { article: a, form: formOf(a), shareLink: { url: `${site.baseUrl}/preview/${token}`, until: t.dateTime(expiresAt) } });
  });

  // The list, workflow steps, preview (exactly the public page), revisions, compare and restore.
  registerWorkflowScreens(app, { services, store, css, site }, {
    base: '/admin/articles',
    screen: 'articles',
    heading: (m) => m.articlesNav,
    newLabel: (m) => m.newArticle,
    titleLabel: (m) => m.title,
    workflow: (s) => s.newsWorkflow,
    row: (a) => a,
    preview: renderArticle,
    editor: async (req, reply, status, a, error) => editor(req, reply, status, { article: a, form: formOf(a), error }),
  });

  app.get('/admin/terms', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    requireRole(req.actor, 'administrator', 'keep the list of sensitive terms');
    return termsScreen(req, reply, 200);
  });
  app.post('/admin/terms', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const b = (req.body ?? {}) as Form;
    try {
      await services.terms.add(req.actor, b.term ?? '', b.replacement ?? null);
      return reply.redirect('/admin/terms', 303);
    } catch (e) {
      const { status, text } = messageFor(req, e);
      return termsScreen(req, reply, status, text);
    }
  });
  app.post('/admin/terms/:id/remove', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const id = idOf(req);
    if (id === undefined) return reply.callNotFound();
    await services.terms.remove(req.actor, id);
    return reply.redirect('/admin/terms', 303);
  });
  async function termsScreen(req: FastifyRequest & { actor: Actor }, reply: FastifyReply, status: number, error?: string) {
    const m = adminMessages(langOf(req));
    return send(reply, status, page(req, m.termsTitle, 'terms', <TermsScreen m={m} terms={await services.terms.list()} csrf={req.session?.csrfToken ?? ''} error={error} />));
  }
}
