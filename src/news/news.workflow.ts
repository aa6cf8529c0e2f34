// Articles in the editorial workflow (see workflow/ for the rules every kind shares), and what
// only articles have: a channel, the institutions they are about, the other language's version,
// SEO fields, the library images they show, and preview links shared before publication.
import type { Actor } from '../people/index.js';
import { requireRole } from '../people/index.js';
import type { RichTextDoc } from '../richtext/index.js';
import { newToken, sha256 } from '../shared/tokens.js';
import { invalid, notFound } from '../shared/errors.js';
import type { Lang } from '../shared/lang.js';
import { urls } from '../shared/urls.js';
import { createWorkflow, titledFields, type TransitionInput as WorkflowTransitionInput, type WorkflowDeps as SharedDeps } from '../workflow/index.js';
import { linkInstitutions } from './news.mentions.js';
import type { NewsRepo } from './news.repo.js';
import type { Article, ArticleRevision } from './news.types.js';

export { TRANSITIONS } from '../workflow/index.js';
export type TransitionInput = WorkflowTransitionInput;

export interface DraftInput {
  lang: Lang;
  title: string;
  slug?: string;
  summary?: string | null;
  body: RichTextDoc;
  channelId?: number | null;
  publishedAt?: string | null;
  authorId?: number;
  seoTitle?: string | null;
  seoDescription?: string | null;
  /** The institutions (in the article's language) it is about. */
  institutionIds?: number[];
  /** Found links the editor was shown (see InstitutionChoice); only with institutionIds. */
  foundShown?: number[];
  /** The article in the other language this one translates; null unlinks (see workflow.translations.ts). */
  translationOf?: number | null;
}

export type ArticlePatch = Partial<Omit<DraftInput, 'lang'>>;

export interface WorkflowDeps extends SharedDeps {
  repo: NewsRepo;
  /** Records which library images the article shows (see media/): every save keeps it current. */
  recordImages: (articleId: number, body: RichTextDoc) => Promise<void>;
}

const orNull = (v: string | null | undefined) => (v == null || v.trim() === '' ? null : v.trim());

export function createNewsWorkflow({ repo, recordImages, ...deps }: WorkflowDeps) {
  const now = () => deps.clock.now().toISOString();

  /** Channel, institutions and translation are checked against the store: unknown ids are the caller's error. */
  async function checkLinks(lang: Lang, input: ArticlePatch) {
    if (input.channelId != null && !(await repo.channelExists(input.channelId)))
      throw invalid('CHANNEL_UNKNOWN', `there is no channel ${input.channelId}`, { field: 'channelId' });
    if (input.institutionIds !== undefined) {
      const wanted = [...new Set(input.institutionIds)];
      const known = await repo.institutionsIn(lang, wanted);
      const missing = wanted.filter((id) => !known.includes(id));
      if (missing.length) throw invalid('INSTITUTION_UNKNOWN', `no institution ${missing.join(', ')} in this language`, { field: 'institutionIds' });
    }
  }

  const wf = createWorkflow<Article, DraftInput, ArticlePatch, Parameters<NewsRepo['insert']>[0], ArticleRevision>(
    {
      kind: 'article',
      codes: {
        notFound: 'ARTICLE_NOT_FOUND',
        stale: 'ARTICLE_REVISION_STALE',
        stateChanged: 'ARTICLE_STATE_CHANGED',
        readForbidden: 'ARTICLE_READ_FORBIDDEN',
        editForbidden: 'ARTICLE_EDIT_FORBIDDEN',
        dateInvalid: 'ARTICLE_DATE_INVALID',
        slugInvalid: 'ARTICLE_SLUG_INVALID',
        slugTaken: 'ARTICLE_SLUG_TAKEN',
      },
      repo,
      address: urls.article,
      check(input) {
        if (input.title !== undefined && input.title.trim() === '') throw invalid('ARTICLE_TITLE_REQUIRED', 'title must not be empty', { field: 'title' });
        if ((input.seoTitle?.length ?? 0) > 200) throw invalid('ARTICLE_FIELD_TOO_LONG', 'seoTitle has at most 200 characters', { field: 'seoTitle' });
        if ((input.seoDescription?.length ?? 0) > 500) throw invalid('ARTICLE_FIELD_TOO_LONG', 'seoDescription has at most 500 characters', { field: 'seoDescription' });
      },
      slugSource: (input) => input.title,
      create: (input, fixed) => ({
        ...fixed,
        lang: input.lang,
        ...titledFields.create(input),
        channelId: input.channelId ?? null,
        seoTitle: orNull(input.seoTitle),
        seoDescription: orNull(input.seoDescription),
      }),
      merge: (a, patch, fixed) => ({
        ...a,
        ...fixed,
        ...titledFields.merge(a, patch),
        channelId: patch.channelId !== undefined ? patch.channelId : a.channelId,
        seoTitle: patch.seoTitle !== undefined ? orNull(patch.seoTitle) : a.seoTitle,
        seoDescription: patch.seoDescription !== undefined ? orNull(patch.seoDescription) : a.seoDescription,
        institutionIds: patch.institutionIds ?? a.institutionIds,
      }),
      // Editors who look after a channel or an institution edit the articles about it.
      scopeOf: (x) => ({ channelId: x.channelId ?? null, institutionIds: 'institutionIds' in x ? (x.institutionIds ?? []) : [] }),
      beforeSave: checkLinks,
      async afterSave(saved, input) {
        // Every save (autosaves and restores too) goes through here, so the links found in the
        // text and the images' uses always follow the stored text.
        const choice = input.institutionIds && { ids: [...new Set(input.institutionIds)], ...(input.foundShown ? { foundShown: input.foundShown } : {}) };
        await linkInstitutions(repo, saved, choice);
        await recordImages(saved.id, saved.body);
        return (await repo.findById(saved.id))!;
      },
      text: titledFields.text,
      richText: titledFields.richText,
      restorePatch: titledFields.restore,
    },
    deps,
  );

  return {
    ...wf,
    /** Channels an article may name (for the editor's choices). */
    channels: () => repo.listChannels(),
    /** A link anyone may open until it expires, showing the article as it is now. */
    async createPreviewLink(actor: Actor | undefined, id: number, hours = 72) {
      const who = requireRole(actor, 'contributor', 'share previews');
      await wf.get(who, id);
      const token = newToken(24);
      const expiresAt = new Date(deps.clock.now().getTime() + Math.min(hours, 24 * 30) * 3600_000).toISOString();
      await repo.insertPreviewLink({ tokenHash: sha256(token), articleId: id, createdBy: who.id, now: now(), expiresAt });
      return { token, expiresAt };
    },
    /** The article's links that still work (who made them, until when). */
    async previewLinks(actor: Actor | undefined, id: number) {
      await wf.get(actor, id);
      return repo.listPreviewLinks(id, now());
    },
    /** Ends a shared link at once: whoever may read the article may withdraw its links. */
    async revokePreviewLink(actor: Actor | undefined, id: number, linkId: number) {
      const who = requireRole(actor, 'contributor', 'withdraw previews');
      await wf.get(who, id);
      if (!(await repo.deletePreviewLink(linkId, id))) throw notFound('PREVIEW_LINK_NOT_FOUND', `Article ${id} has no preview link ${linkId}`);
      await deps.audit({ actor: who, action: 'article.preview_revoked', entityType: 'article', entityId: id, comment: `link ${linkId}` });
    },
    /** The article behind a preview token, or undefined when it is unknown or has expired. */
    async resolvePreviewLink(token: string) {
      if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return undefined;
      const link = await repo.findPreviewLink(sha256(token));
      if (!link || Date.parse(link.expiresAt) <= deps.clock.now().getTime()) return undefined;
      return repo.findById(link.articleId);
    },
  };
}
export type NewsWorkflow = ReturnType<typeof createNewsWorkflow>;
