// Articles in the editorial workflow (see workflow/ for the rules every kind shares), and what
// only articles have: a channel, and preview links that can be shared before publication.
import type { Actor } from '../people/index.js';
import { requireRole } from '../people/index.js';
import type { RichTextDoc } from '../richtext/index.js';
import { newToken, sha256 } from '../shared/tokens.js';
import { invalid } from '../shared/errors.js';
import type { Lang } from '../shared/lang.js';
import { createWorkflow, titledFields, type TransitionInput as WorkflowTransitionInput, type WorkflowDeps as SharedDeps } from '../workflow/index.js';
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
}

export type ArticlePatch = Partial<Omit<DraftInput, 'lang'>>;

export interface WorkflowDeps extends SharedDeps {
  repo: NewsRepo;
}

export function createNewsWorkflow({ repo, ...deps }: WorkflowDeps) {
  const now = () => deps.clock.now().toISOString();
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
      check(input) {
        if (input.title !== undefined && input.title.trim() === '') throw invalid('ARTICLE_TITLE_REQUIRED', 'title must not be empty', { field: 'title' });
      },
      slugSource: (input) => input.title,
      create: (input, fixed) => ({ ...fixed, lang: input.lang, ...titledFields.create(input), channelId: input.channelId ?? null }),
      merge: (a, patch, fixed) => ({ ...a, ...fixed, ...titledFields.merge(a, patch), channelId: patch.channelId !== undefined ? patch.channelId : a.channelId }),
      text: titledFields.text,
      restorePatch: titledFields.restore,
    },
    deps,
  );

  return {
    ...wf,
    /** A link anyone may open until it expires, showing the article as it is now. */
    async createPreviewLink(actor: Actor | undefined, id: number, hours = 72) {
      const who = requireRole(actor, 'contributor', 'share previews');
      await wf.get(who, id);
      const token = newToken(24);
      const expiresAt = new Date(deps.clock.now().getTime() + Math.min(hours, 24 * 30) * 3600_000).toISOString();
      await repo.insertPreviewLink({ tokenHash: sha256(token), articleId: id, createdBy: who.id, now: now(), expiresAt });
      return { token, expiresAt };
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
