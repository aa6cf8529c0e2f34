// Editing and the review workflow for articles: who may change what, every save a revision, every
// transition in the audit log, stale saves refused, scheduled publishing done exactly once.
import type { Actor, AuditEntry, Role } from '../people/index.js';
import { hasRole, requireRole } from '../people/index.js';
import { docAltTexts, docToPlainText, type RichTextDoc } from '../richtext/index.js';
import type { TermMatch } from '../terms/index.js';
import { toIso, type Clock } from '../shared/clock.js';
import { AppError, conflict, invalid, notFound } from '../shared/errors.js';
import { compareRevisions } from './news.diff.js';
import type { Lang } from '../shared/lang.js';
import { SLUG_PATTERN, slugify, uniqueSlug } from '../shared/slug.js';
import { newToken, sha256 } from '../shared/tokens.js';
import type { AdminListFilter, NewsRepo } from './news.repo.js';
import type { PageRequest } from '../shared/page.js';
import { articleNotFound } from './news.service.js';
import type { Article, ArticleStatus } from './news.types.js';

/** Which role may move an article from one status to another. */
export const TRANSITIONS: Record<ArticleStatus, Partial<Record<ArticleStatus, Role>>> = {
  // Contributors submit their own drafts; editors those of their channels and institutions.
  draft: { in_review: 'contributor', archived: 'publisher' },
  in_review: { approved: 'publisher', draft: 'publisher' },
  approved: { published: 'publisher', scheduled: 'publisher', draft: 'publisher' },
  scheduled: { published: 'publisher', approved: 'publisher', draft: 'publisher' },
  published: { unpublished: 'publisher', archived: 'publisher' },
  unpublished: { published: 'publisher', draft: 'editor', archived: 'publisher' },
  archived: { draft: 'editor' },
};

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
  /** The article in the other language this one translates; null unlinks. */
  translationOf?: number | null;
}

export type ArticlePatch = Partial<Omit<DraftInput, 'lang'>>;

export interface TransitionInput {
  to: ArticleStatus;
  comment?: string;
  /** For "scheduled": when to publish; for "published": when to take it down again (optional). */
  at?: string;
  /** A publisher's reason to go ahead although sensitive terms were found (kept in the audit log). */
  overrideTerms?: string;
  /** The revision the person saw; refused as stale when the article was saved since. */
  revision?: number;
  unpublishAt?: string;
  clientAddress?: string | null;
}

export interface WorkflowDeps {
  repo: NewsRepo;
  clock: Clock;
  audit: (e: AuditEntry) => Promise<void>;
  /** Finds sensitive terms in the given fields (see terms/). */
  checkTerms: (fields: Record<string, string>) => Promise<TermMatch[]>;
  /** Records which library images the body shows (media in use cannot be deleted); refuses unknown ones. */
  recordImages: (articleId: number, body: RichTextDoc) => Promise<void>;
}

/**
 * Autosaves by one person, each within this long of the one before and with nobody else saving
 * in between, make one revision in the history (as WordPress does): the history stays readable,
 * while every autosave still moves the article's revision number on, so that a save based on
 * an older one (someone else's, or the same person's other tab) is refused as stale.
 */
export const AUTOSAVE_COALESCE_MS = 5 * 60_000;
/** The autosave writes only text that is not yet approved: approved and public text changes by Save. */
const AUTOSAVED_STATES = new Set<ArticleStatus>(['draft', 'in_review']);

/** Steps that put text in front of a reviewer or the public: sensitive terms block them. */
const CHECKED_STEPS = new Set<ArticleStatus>(['in_review', 'approved', 'scheduled', 'published']);

const forbidden = (code: string, message: string) => new AppError('forbidden', code, message, { isPublic: true });
export const staleRevision = (id: number, current: number) =>
  conflict('ARTICLE_REVISION_STALE', `Article ${id} was saved by someone else since revision you started from (now at ${current})`, { current });

function checkDate(value: string | null | undefined, field: string): string | null | undefined {
  if (value == null) return value;
  const iso = toIso(value);
  if (!iso) throw invalid('ARTICLE_DATE_INVALID', `${field} is not a valid date`, { field });
  return iso;
}

export function createNewsWorkflow({ repo, clock, audit, checkTerms, recordImages }: WorkflowDeps) {
  const now = () => clock.now().toISOString();

  async function load(id: number) {
    const a = await repo.findById(id);
    if (!a) throw articleNotFound(String(id));
    return a;
  }

  /** Contributors edit their own drafts; editors any draft or item in review; publishers anything. */
  function mayEdit(actor: Actor, a: Article): boolean {
    if (hasRole(actor, 'publisher')) return true;
    if (hasRole(actor, 'editor')) return (a.status === 'draft' || a.status === 'in_review') && (a.authorId === actor.id || inScope(actor, a));
    return a.status === 'draft' && a.authorId === actor.id;
  }

  /**
   * An editor looks after the channels and institutions an administrator assigned; one with no
   * assignment looks after the whole Academy (the central news office).
   */
  function inScope(actor: Actor, a: Pick<Article, 'channelId' | 'institutionIds'>): boolean {
    const scope = actor.scope;
    if (!scope || (scope.channels.length === 0 && scope.institutions.length === 0)) return true;
    return (a.channelId !== null && scope.channels.includes(a.channelId)) || a.institutionIds.some((id) => scope.institutions.includes(id));
  }

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

  /** Pairs the article with its version in the other language (or unpairs it, for null). */
  async function linkTranslation(a: Article, otherId: number | null | undefined) {
    if (otherId === undefined) return;
    if (otherId === null) {
      await repo.setTranslationGroup([a.id], null);
      return;
    }
    const other = await repo.findById(otherId);
    if (!other || other.lang === a.lang)
      throw invalid('TRANSLATION_INVALID', `article ${otherId} is not an article in the other language`, { field: 'translationOf' });
    if (other.translationGroup !== null && other.translationGroup === a.translationGroup) return;
    const group = other.translationGroup ?? other.id;
    const taken = await repo.findInGroup(group, a.lang);
    if (taken && taken.id !== a.id) throw invalid('TRANSLATION_TAKEN', `article ${otherId} is already paired with article ${taken.id}`, { field: 'translationOf' });
    await repo.setTranslationGroup([a.id], null);
    await repo.setTranslationGroup([a.id, other.id], group);
  }

  /**
   * Fields some roles may not set: the author (administrators), the publication date (publishers).
   * `author` is the author the article has (or, for a new one, gets by default): naming it again is
   * no change, naming anyone else is, even oneself on someone else's article.
   */
  function checkFields(actor: Actor, input: ArticlePatch, author: number | null) {
    if (input.authorId !== undefined && input.authorId !== author && !hasRole(actor, 'administrator'))
      throw forbidden('FIELD_FORBIDDEN', 'Only an administrator may set the author');
    if (input.publishedAt !== undefined && !hasRole(actor, 'publisher'))
      throw forbidden('FIELD_FORBIDDEN', 'Only a publisher may set the publication date');
    if (input.title !== undefined && input.title.trim() === '') throw invalid('ARTICLE_TITLE_REQUIRED', 'title must not be empty', { field: 'title' });
    if (input.slug !== undefined && !SLUG_PATTERN.test(input.slug)) throw invalid('ARTICLE_SLUG_INVALID', `slug "${input.slug}" is not valid`, { field: 'slug' });
    if ((input.seoTitle?.length ?? 0) > 200) throw invalid('ARTICLE_FIELD_TOO_LONG', 'seoTitle has at most 200 characters', { field: 'seoTitle' });
    if ((input.seoDescription?.length ?? 0) > 500) throw invalid('ARTICLE_FIELD_TOO_LONG', 'seoDescription has at most 500 characters', { field: 'seoDescription' });
  }
  const orNull = (v: string | null | undefined) => (v == null || v.trim() === '' ? null : v.trim());

  async function freeSlug(lang: Lang, slug: string, exceptId?: number) {
    if (await repo.isSlugTaken(lang, slug, exceptId)) throw invalid('ARTICLE_SLUG_TAKEN', `slug "${slug}" is already used`, { field: 'slug' });
    return slug;
  }

  /**
   * Sensitive terms in text that reviewers or the public will see block the step, unless a
   * publisher gives a reason, which goes into the audit log with the terms.
   */
  const termsIn = (a: Pick<Article, 'title' | 'summary' | 'body'>) => checkTerms({ title: a.title, summary: a.summary ?? '', body: docToPlainText(a.body), alt: docAltTexts(a.body).join('\n') });

  async function gateTerms(who: Actor, a: Pick<Article, 'id' | 'title' | 'summary' | 'body'>, overrideTerms: string | undefined, clientAddress: string | null) {
    const matches = await termsIn(a);
    if (matches.length === 0) return;
    const terms = [...new Set(matches.map((x) => x.term))].join(', ');
    const reason = overrideTerms?.trim();
    if (!reason || !hasRole(who, 'publisher')) throw invalid('SENSITIVE_TERMS_FOUND', `Sensitive terms found: ${terms}`, { matches });
    await audit({ actor: who, action: 'article.override_terms', entityType: 'article', entityId: a.id, comment: `${reason} [${terms}]`, clientAddress });
  }

  /** Contributors see their own articles; editors and above see all. */
  async function readable(actor: Actor | undefined, id: number) {
    const who = requireRole(actor, 'contributor', 'read drafts');
    const a = await load(id);
    if (!hasRole(who, 'editor') && a.authorId !== who.id) throw forbidden('ARTICLE_READ_FORBIDDEN', 'Contributors see their own articles only');
    return a;
  }

  const api = {
    async create(actor: Actor | undefined, input: DraftInput): Promise<Article> {
      const who = requireRole(actor, 'contributor', 'write articles');
      checkFields(who, input, who.id);
      await checkLinks(input.lang, input);
      const slug =
        input.slug !== undefined
          ? await freeSlug(input.lang, input.slug)
          : await uniqueSlug(slugify(input.title, `article-${(await repo.count()) + 1}`), (s) => repo.isSlugTaken(input.lang, s));
      const article = await repo.insert(
        {
          lang: input.lang,
          slug,
          title: input.title.trim(),
          summary: input.summary ?? null,
          body: input.body,
          status: 'draft',
          channelId: input.channelId ?? null,
          publishedAt: checkDate(input.publishedAt, 'publishedAt') ?? null,
          authorId: input.authorId ?? who.id,
          seoTitle: orNull(input.seoTitle),
          seoDescription: orNull(input.seoDescription),
        },
        now(),
      );
      if (input.institutionIds?.length) await repo.setInstitutions(article.id, [...new Set(input.institutionIds)]);
      await linkTranslation(article, input.translationOf);
      const created = input.institutionIds?.length || input.translationOf ? (await repo.findById(article.id))! : article;
      await recordImages(article.id, article.body);
      await repo.insertRevision(created, who.id, now());
      await audit({ actor: who, action: 'article.create', entityType: 'article', entityId: article.id, to: 'draft' });
      return created;
    },

    /** Saves a new revision. `basedOn` is the revision the editor started from: stale saves are refused. */
    async update(actor: Actor | undefined, id: number, patch: ArticlePatch, basedOn: number, options: { overrideTerms?: string; clientAddress?: string | null; autosave?: boolean } = {}): Promise<Article> {
      const who = requireRole(actor, 'contributor', 'edit articles');
      // What one may not read, one learns nothing about: not even its state.
      const a = await readable(who, id);
      if (!mayEdit(who, a)) throw forbidden('ARTICLE_EDIT_FORBIDDEN', `You may not edit this article while it is ${a.status}`);
      checkFields(who, patch, a.authorId);
      if (a.revision !== basedOn) throw staleRevision(id, a.revision);
      await checkLinks(a.lang, patch);
      // An editor may not move an article out of what they look after (it would escape them).
      if (!hasRole(who, 'publisher') && a.authorId !== who.id && !inScope(who, { channelId: patch.channelId !== undefined ? patch.channelId : a.channelId, institutionIds: patch.institutionIds ?? a.institutionIds }))
        throw forbidden('ARTICLE_EDIT_FORBIDDEN', 'That channel and those institutions are not among the ones you look after');
      if (options.autosave && !AUTOSAVED_STATES.has(a.status))
        throw invalid('AUTOSAVE_UNAVAILABLE', `Article ${id} is ${a.status}: its text changes only when saved by hand`);
      const slug = patch.slug !== undefined && patch.slug !== a.slug ? await freeSlug(a.lang, patch.slug, a.id) : a.slug;
      // Text already approved or public is checked again: an edit must not slip a term past review.
      if (a.status === 'approved' || a.status === 'scheduled' || a.status === 'published')
        await gateTerms(who, { id, title: patch.title ?? a.title, summary: patch.summary !== undefined ? patch.summary : a.summary, body: patch.body ?? a.body }, options.overrideTerms, options.clientAddress ?? null);
      const saved = await repo.updateIfRevision(
        id,
        basedOn,
        {
          ...a,
          slug,
          title: patch.title?.trim() ?? a.title,
          summary: patch.summary !== undefined ? patch.summary : a.summary,
          body: patch.body ?? a.body,
          channelId: patch.channelId !== undefined ? patch.channelId : a.channelId,
          publishedAt: patch.publishedAt !== undefined ? (checkDate(patch.publishedAt, 'publishedAt') ?? null) : a.publishedAt,
          authorId: patch.authorId ?? a.authorId,
          seoTitle: patch.seoTitle !== undefined ? orNull(patch.seoTitle) : a.seoTitle,
          seoDescription: patch.seoDescription !== undefined ? orNull(patch.seoDescription) : a.seoDescription,
        },
        now(),
      );
      if (!saved) {
        // Another save won, or a transition moved the article after it was checked above: the
        // save is refused rather than written over the new state (or putting the old one back).
        const latest = await load(id);
        if (latest.revision !== basedOn) throw staleRevision(id, latest.revision);
        throw conflict('ARTICLE_STATE_CHANGED', `Article ${id} changed state meanwhile; reload it`);
      }
      if (patch.institutionIds !== undefined) await repo.setInstitutions(id, [...new Set(patch.institutionIds)]);
      await linkTranslation(saved, patch.translationOf);
      const result = patch.institutionIds !== undefined || patch.translationOf !== undefined ? (await repo.findById(id))! : saved;
      // Every save (restores too) goes through here, so the uses always follow the stored body.
      await recordImages(saved.id, saved.body);
      const last = options.autosave ? await repo.latestRevision(id) : undefined;
      const coalesce = last?.isAutosave && last.savedBy === who.id && last.revision === basedOn && clock.now().getTime() - Date.parse(last.createdAt) < AUTOSAVE_COALESCE_MS;
      if (coalesce) await repo.replaceAutosaveRevision(last.rowId, result, who.id, now());
      else await repo.insertRevision(result, who.id, now(), options.autosave ?? false);
      return result;
    },

    /** A background save from the editor: as update, for drafts and items in review only. */
    autosave: (actor: Actor | undefined, id: number, patch: ArticlePatch, basedOn: number) => api.update(actor, id, patch, basedOn, { autosave: true }),

    async transition(actor: Actor | undefined, id: number, input: TransitionInput): Promise<Article> {
      const who = requireRole(actor, 'contributor', 'change the state of articles');
      const a = await readable(who, id);
      // An approval applies to the text the publisher saw: the form and the API say which revision.
      if (input.revision !== undefined && input.revision !== a.revision) throw staleRevision(id, a.revision);
      const least = TRANSITIONS[a.status][input.to];
      if (!least) throw invalid('TRANSITION_INVALID', `An article cannot go from ${a.status} to ${input.to}`, { field: 'to' });
      if (!hasRole(who, least)) throw forbidden('TRANSITION_FORBIDDEN', `Only a ${least} or above may move an article from ${a.status} to ${input.to}`);
      if (a.status === 'draft' && input.to === 'in_review' && !mayEdit(who, a))
        throw forbidden('TRANSITION_FORBIDDEN', 'You may submit only drafts you may edit');
      const comment = input.comment?.trim() || null;
      if (a.status === 'in_review' && input.to === 'draft' && !comment)
        throw invalid('COMMENT_REQUIRED', 'Say why the article goes back to its author', { field: 'comment' });

      if (CHECKED_STEPS.has(input.to)) await gateTerms(who, a, input.overrideTerms, input.clientAddress ?? null);
      const set: { publishedAt?: string | null; unpublishAt?: string | null } = {};
      if (input.to === 'scheduled') {
        const at = checkDate(input.at, 'at');
        if (!at || Date.parse(at) <= clock.now().getTime()) throw invalid('SCHEDULE_IN_PAST', 'A schedule needs a time in the future', { field: 'at' });
        set.publishedAt = at;
      }
      if (input.to === 'published') {
        set.publishedAt = a.publishedAt && Date.parse(a.publishedAt) <= clock.now().getTime() ? a.publishedAt : now();
        const until = checkDate(input.unpublishAt, 'unpublishAt') ?? null;
        if (until && Date.parse(until) <= clock.now().getTime())
          throw invalid('SCHEDULE_IN_PAST', 'The time to take the article down must be in the future', { field: 'unpublishAt' });
        set.unpublishAt = until;
      }
      // A withdrawn schedule leaves no date behind: published later, the article is dated then.
      if (a.status === 'scheduled' && input.to !== 'published') set.publishedAt = null;
      // The time to take it down belongs to this publication only; left behind (archived), the
      // scheduler would take the article down as soon as it is published again by schedule.
      if (a.status === 'published') set.unpublishAt = null;
      // Only if nobody saved or moved it since it was checked above.
      const moved = await repo.changeStatus(id, a.status, input.to, set, now(), a.revision);
      if (!moved) throw conflict('ARTICLE_STATE_CHANGED', `Article ${id} changed state meanwhile; reload it`);
      await audit({ actor: who, action: 'article.transition', entityType: 'article', entityId: id, from: a.status, to: input.to, comment, clientAddress: input.clientAddress ?? null });
      return moved;
    },

    /**
     * Publishes what is due and takes down what has expired. The conditional update makes each
     * change happen once, however many instances run this at the same moment; run at start it
     * catches up on what fell due while the server was down.
     */
    async runSchedule(): Promise<{ published: number[]; unpublished: number[] }> {
      const due = await repo.dueForSchedule(now());
      const published: number[] = [];
      const unpublished: number[] = [];
      for (const id of due.publish) {
        if (await repo.changeStatus(id, 'scheduled', 'published', {}, now())) {
          published.push(id);
          await audit({ actor: null, action: 'article.transition', entityType: 'article', entityId: id, from: 'scheduled', to: 'published', comment: 'scheduled' });
        }
      }
      for (const id of due.unpublish) {
        if (await repo.changeStatus(id, 'published', 'unpublished', { unpublishAt: null }, now())) {
          unpublished.push(id);
          await audit({ actor: null, action: 'article.transition', entityType: 'article', entityId: id, from: 'published', to: 'unpublished', comment: 'scheduled' });
        }
      }
      return { published, unpublished };
    },

    get: readable,
    /** The sensitive terms in an article's title, summary and text (for the editor to mark). */
    termsIn,
    /** The workspace's list; contributors see their own articles only. */
    async list(actor: Actor | undefined, filter: AdminListFilter, req: PageRequest) {
      const who = requireRole(actor, 'contributor', 'list articles');
      return repo.listForAdmin(hasRole(who, 'editor') ? filter : { ...filter, authorId: who.id }, req);
    },
    /** Which steps this actor may take from the article's state (for the buttons). */
    allowedTransitions(actor: Actor | undefined, a: Article): ArticleStatus[] {
      return (Object.entries(TRANSITIONS[a.status]) as [ArticleStatus, Role][])
        .filter(([to, least]) => hasRole(actor, least) && (a.status !== 'draft' || to !== 'in_review' || (actor !== undefined && mayEdit(actor, a))))
        .map(([to]) => to);
    },
    /** Channels an article may name (for the editor's choices). */
    channels: () => repo.listChannels(),
    /**
     * For the editor, as the person types: whether the address is well formed and free, and a free
     * one (from the typed address, or from the title when none is typed).
     */
    async slugStatus(actor: Actor | undefined, lang: Lang, input: { slug?: string; title?: string; exceptId?: number }) {
      requireRole(actor, 'contributor', 'write articles');
      const slug = input.slug?.trim() ?? '';
      const valid = slug === '' || SLUG_PATTERN.test(slug);
      const available = valid && slug !== '' ? !(await repo.isSlugTaken(lang, slug, input.exceptId)) : undefined;
      const base = valid && slug !== '' ? slug : slugify(input.title ?? '', 'article');
      const suggestion = available ? slug : await uniqueSlug(base, (s) => repo.isSlugTaken(lang, s, input.exceptId));
      return { slug, valid, available, suggestion };
    },
    mayEdit: (actor: Actor | undefined, a: Article) => actor !== undefined && mayEdit(actor, a),
    async revisions(actor: Actor | undefined, id: number) {
      await readable(actor, id);
      return repo.listRevisions(id);
    },
    async compare(actor: Actor | undefined, id: number, fromRevision: number, toRevision: number) {
      await readable(actor, id);
      const all = await repo.listRevisions(id);
      const pick = (n: number) => {
        const r = all.find((x) => x.revision === n);
        if (!r) throw notFound('REVISION_NOT_FOUND', `Article ${id} has no revision ${n}`);
        return r;
      };
      return compareRevisions(pick(fromRevision), pick(toRevision));
    },
    /** A link anyone may open until it expires, showing the article as it is now. */
    async createPreviewLink(actor: Actor | undefined, id: number, hours = 72) {
      const who = requireRole(actor, 'contributor', 'share previews');
      await readable(who, id);
      const token = newToken(24);
      const expiresAt = new Date(clock.now().getTime() + Math.min(hours, 24 * 30) * 3600_000).toISOString();
      await repo.insertPreviewLink({ tokenHash: sha256(token), articleId: id, createdBy: who.id, now: now(), expiresAt });
      return { token, expiresAt };
    },
    /** The article behind a preview token, or undefined when it is unknown or has expired. */
    async resolvePreviewLink(token: string) {
      if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return undefined;
      const link = await repo.findPreviewLink(sha256(token));
      if (!link || Date.parse(link.expiresAt) <= clock.now().getTime()) return undefined;
      return repo.findById(link.articleId);
    },
    /** Brings back an old revision's text as a new revision (the newer ones stay in the history). */
    async restore(actor: Actor | undefined, id: number, revision: number, basedOn: number, options: { overrideTerms?: string } = {}) {
      await readable(actor, id);
      const old = (await repo.listRevisions(id)).find((r) => r.revision === revision);
      if (!old) throw notFound('REVISION_NOT_FOUND', `Article ${id} has no revision ${revision}`);
      // The text only: the address, the date and the schedule stay as they are now.
      return api.update(actor, id, { title: old.title, summary: old.summary, body: old.body }, basedOn, options);
    },
  };
  return api;
}
export type NewsWorkflow = ReturnType<typeof createNewsWorkflow>;
