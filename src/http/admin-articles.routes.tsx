// Articles in the workspace: write and edit (refusing stale saves and showing both versions); the
// list, workflow steps and revisions are admin-workflow.routes.tsx's. Every rule is the workflow
// service's; this only renders.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { adminMessages } from '../admin/i18n.js';
import { TermsScreen } from '../admin/views/admin-views.js';
import { ArticleEditor, type EditorView } from '../admin/views/article-views.js';
import { inTransaction, type Services } from '../app/services.js';
import type { Store } from '../db/index.js';
import type { Article } from '../news/index.js';
import { hasRole, requireRole, type Actor } from '../people/index.js';
import { docFromEditorText, docFromHtml, docFromParagraphText, docToParagraphs, type RichTextDoc } from '../richtext/index.js';
import { isLang } from '../shared/lang.js';
import { translator } from '../site/i18n.js';
import { renderArticle, type SiteContext } from '../site/routes.js';
import { RichText } from '../site/views/rich-text.js';
import { adminKit } from './admin-kit.js';
import { idParam, registerWorkflowScreens } from './admin-workflow.routes.js';

type Form = Record<string, string | undefined>;

/** Plain paragraphs edit as plain text; anything richer edits as the HTML the site would show. */
export function editorTextOf(doc: RichTextDoc): { bodyText: string; format: 'text' | 'html' } {
  const plain = doc.content.every((b) => b.type === 'paragraph' && (b.content ?? []).every((n) => n.type === 'text' && !n.marks?.length));
  if (plain) return { bodyText: docToParagraphs(doc).join('\n\n'), format: 'text' };
  const html = renderToString(<RichText doc={doc} />).replace(/^<div class="prose">|<\/div>$/g, '').replace(/<\/(p|h2|h3|h4|li|ul|ol|blockquote)>/g, '</$1>\n');
  return { bodyText: html, format: 'html' };
}

/** The form says which kind of text it showed, so "a<b and c>d" typed as text stays text. */
export const bodyFrom = (b: Form) => (b.format === 'html' ? docFromHtml(b.bodyText ?? '') : b.format === 'text' ? docFromParagraphText(b.bodyText ?? '') : docFromEditorText(b.bodyText ?? ''));

export async function adminArticleRoutes(app: FastifyInstance, { services, store, css, site }: { services: Services; store: Store; css: string; site: SiteContext }) {
  const { langOf, send, page, messageFor, signedIn } = adminKit(css);
  const wf = services.newsWorkflow;
  const inTx = <T,>(work: (w: Services['newsWorkflow']) => Promise<T>) => inTransaction(store, services.clock, (s) => work(s.newsWorkflow));

  function formOf(a: Article): EditorView['form'] {
    return { lang: a.lang, title: a.title, slug: a.slug, summary: a.summary ?? '', ...editorTextOf(a.body), revision: a.revision };
  }
  async function editor(req: FastifyRequest & { actor: Actor }, reply: FastifyReply, status: number, view: Omit<EditorView, 'csrf' | 'mayEdit' | 'transitions' | 'termMatches' | 'mayOverrideTerms'>) {
    const m = adminMessages(langOf(req));
    const a = view.article;
    const full: EditorView = {
      ...view,
      termMatches: a ? await wf.termsIn(a) : [],
      mayOverrideTerms: hasRole(req.actor, 'publisher'),
      csrf: req.session?.csrfToken ?? '',
      mayEdit: view.article ? wf.mayEdit(req.actor, view.article) : true,
      transitions: view.article ? wf.allowedTransitions(req.actor, view.article) : [],
    };
    return send(reply, status, page(req, view.article?.title ?? m.newArticle, 'articles', <ArticleEditor m={m} view={full} />));
  }

  app.get('/admin/articles/new', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    return editor(req, reply, 200, { form: { lang: langOf(req), title: '', slug: '', summary: '', bodyText: '', revision: 0, format: 'text' } });
  });

  app.post('/admin/articles', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const b = (req.body ?? {}) as Form;
    const form = { lang: isLang(b.lang) ? b.lang : 'zh', title: b.title ?? '', slug: b.slug?.trim() ?? '', summary: b.summary ?? '', bodyText: b.bodyText ?? '', revision: 0, format: b.format === 'html' ? ('html' as const) : ('text' as const) };
    try {
      const a = await inTx((w) =>
        w.create(req.actor, { lang: form.lang, title: form.title, ...(form.slug ? { slug: form.slug } : {}), summary: form.summary.trim() || null, body: bodyFrom(b) }),
      );
      return reply.redirect(`/admin/articles/${a.id}?done=saved`, 303);
    } catch (e) {
      const { status, text } = messageFor(req, e);
      return editor(req, reply, status, { form, error: text });
    }
  });

  app.get('/admin/articles/:id', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const id = idParam(req);
    if (id === undefined) return reply.callNotFound();
    const a = await wf.get(req.actor, id);
    const done = (req.query as Form).done;
    return editor(req, reply, 200, { article: a, form: formOf(a), ok: done === 'restored' ? adminMessages(langOf(req)).restored : done ? adminMessages(langOf(req)).saved : undefined });
  });

  app.post('/admin/articles/:id', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const id = idParam(req);
    if (id === undefined) return reply.callNotFound();
    const b = (req.body ?? {}) as Form;
    const basedOn = Number(b.revision);
    const form = { lang: '', title: b.title ?? '', slug: b.slug?.trim() ?? '', summary: b.summary ?? '', bodyText: b.bodyText ?? '', revision: basedOn, format: b.format === 'html' ? ('html' as const) : ('text' as const) };
    try {
      await inTx((w) =>
        w.update(req.actor, id, { title: form.title, ...(form.slug ? { slug: form.slug } : {}), summary: form.summary.trim() || null, body: bodyFrom(b) }, basedOn, { overrideTerms: b.overrideTerms, clientAddress: req.ip }),
      );
      return reply.redirect(`/admin/articles/${id}?done=saved`, 303);
    } catch (e) {
      const { status, text, code } = messageFor(req, e);
      const current = await wf.get(req.actor, id);
      // Nothing typed is thrown away: the form keeps the user's text, and a stale save shows both.
      const conflict = code === 'ARTICLE_REVISION_STALE' ? { title: current.title, bodyText: editorTextOf(current.body).bodyText, revision: current.revision } : undefined;
      return editor(req, reply, status, { article: current, form: { ...form, lang: current.lang }, error: conflict ? undefined : text, conflict, unsaved: true });
    }
  });

  app.post('/admin/articles/:id/preview-link', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const id = idParam(req);
    if (id === undefined) return reply.callNotFound();
    const { token, expiresAt } = await wf.createPreviewLink(req.actor, id);
    const a = await wf.get(req.actor, id);
    const t = translator(langOf(req));
    return editor(req, reply, 200, { article: a, form: formOf(a), shareLink: { url: `${site.baseUrl}/preview/${token}`, until: t.dateTime(expiresAt) } });
  });

  registerWorkflowScreens(app, { services, store, css, site }, {
    base: '/admin/articles',
    screen: 'articles',
    heading: (m) => m.articlesNav,
    newLabel: (m) => m.newArticle,
    titleLabel: (m) => m.title,
    workflow: (s) => s.newsWorkflow,
    row: (a) => a,
    preview: renderArticle,
    editor: (req, reply, status, a, error) => editor(req, reply, status, { article: a, form: formOf(a), error }),
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
    const id = idParam(req);
    if (id === undefined) return reply.callNotFound();
    await services.terms.remove(req.actor, id);
    return reply.redirect('/admin/terms', 303);
  });
  async function termsScreen(req: FastifyRequest & { actor: Actor }, reply: FastifyReply, status: number, error?: string) {
    const m = adminMessages(langOf(req));
    return send(reply, status, page(req, m.termsTitle, 'terms', <TermsScreen m={m} terms={await services.terms.list()} csrf={req.session?.csrfToken ?? ''} error={error} />));
  }
}
