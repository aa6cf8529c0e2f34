// Editing and the review workflow, for every kind of content (articles, pages, institutions): who
// may change what, every save a revision, every transition in the audit log, stale saves refused,
// sensitive terms gated, scheduled publishing and unpublishing done exactly once. Each kind brings
// its repository and its fields (see news.workflow.ts, pages.workflow.ts, institutions.workflow.ts).
import type { Actor, AuditEntry, Role } from '../people/index.js';
import { hasRole, requireRole } from '../people/index.js';
import { checkDoc, docAltTexts, docToPlainText, NO_WARNINGS, type CheckResult, type RichTextDoc } from '../richtext/index.js';
import type { TermMatch } from '../terms/index.js';
import { toIso, type Clock } from '../shared/clock.js';
import { AppError, conflict, invalid, notFound } from '../shared/errors.js';
import { otherLang, type Lang } from '../shared/lang.js';
import type { PageRequest, Paged } from '../shared/page.js';
import { SLUG_PATTERN, slugify, uniqueSlug } from '../shared/slug.js';
import { compareRevisions } from './workflow.diff.js';
import { applyTranslation, planTranslation, type TranslationPlan, type TranslationRepo } from './workflow.translations.js';
import {
  TRANSITIONS,
  type AdminListFilter,
  type ContentKind,
  type ContentStatus,
  type DraftBase,
  type PatchBase,
  type RevisionBase,
  type StatusDates,
  type TransitionInput,
  type WorkflowCodes,
  type WorkflowItem,
} from './workflow.types.js';

/** The store of one kind, as the workflow uses it. */
export interface WorkflowRepo<T extends WorkflowItem, V, R extends RevisionBase> extends TranslationRepo<T> {
  findById(id: number): Promise<T | undefined>;
  isSlugTaken(lang: Lang, slug: string, exceptId?: number): Promise<boolean>;
  count(): Promise<number>;
  insert(values: V, now: string): Promise<T>;
  /** Writes only when the stored revision is still `expected` and the status still the one in `values`. */
  updateIfRevision(id: number, expected: number, values: V, now: string): Promise<T | undefined>;
  /** Moves an item from one status to another; undefined when it was no longer in `from`. */
  changeStatus(id: number, from: ContentStatus, to: ContentStatus, set: StatusDates, now: string, revision?: number): Promise<T | undefined>;
  dueForSchedule(now: string): Promise<{ publish: number[]; unpublish: number[] }>;
  insertRevision(item: T, savedBy: number | null, now: string, isAutosave?: boolean): Promise<void>;
  /** Kinds that autosave fold one person's consecutive autosaves into one revision (articles). */
  latestRevision?(id: number): Promise<{ rowId: number; revision: number; savedBy: number | null; createdAt: string; isAutosave: boolean } | undefined>;
  replaceAutosaveRevision?(rowId: number, item: T, savedBy: number | null, now: string): Promise<void>;
  listRevisions(id: number): Promise<R[]>;
  listForAdmin(filter: AdminListFilter, req: PageRequest): Promise<Paged<T>>;
}

/** What the values of a new item or a save are built from, besides the kind's own fields. */
export interface Fixed {
  slug: string;
  publishedAt: string | null;
  authorId: number | null;
  status: ContentStatus;
}

/** One kind of content: its store, its fields, its words. */
export interface KindSpec<T extends WorkflowItem, D extends DraftBase, P extends PatchBase, V, R extends RevisionBase> {
  kind: ContentKind;
  codes: WorkflowCodes;
  repo: WorkflowRepo<T, V, R>;
  /** Checks of the kind's own fields (a title or a name, a web address…). */
  check(input: P): void;
  /** The item's public address (urls.article, urls.page…). */
  address(lang: Lang, slug: string): string;
  /** Slugs the site uses itself and an item may not take. */
  reservedSlugs?: ReadonlySet<string>;
  /** The text a new item's slug is made from (its title or name). */
  slugSource(input: D): string;
  create(input: D, fixed: Fixed): V | Promise<V>;
  merge(current: T, patch: P, fixed: Fixed): V;
  /** The text reviewers and the public see, field by field, for the sensitive-term check. */
  text(x: T | V): Record<string, string>;
  /** The rich text, for the accessibility checks (a body, a profile). */
  richText(x: T | V): RichTextDoc | null;
  /** The revision's text as a save (the address, the date and the schedule stay as they are). */
  restorePatch(r: R): P;
  /** What an item is about, for editors who look after some channels and institutions only. */
  scopeOf?(x: T | V): ScopeKeys;
  /** Checks against the store before a save (channels, institutions… that must exist). */
  beforeSave?(lang: Lang, input: P): Promise<void>;
  /** What a save writes beside the item's row (links, uses); returns the item as then stored. */
  afterSave?(saved: T, input: P): Promise<T>;
}

/** A channel and institutions an item is about (see Actor.scope). */
export interface ScopeKeys {
  channelId: number | null;
  institutionIds: readonly number[];
}

/** How long one person's consecutive autosaves fold into one revision. */
export const AUTOSAVE_COALESCE_MS = 5 * 60_000;
/** The autosave writes only text that is not yet approved: approved and public text changes by Save. */
const AUTOSAVED_STATES = new Set<ContentStatus>(['draft', 'in_review']);

/**
 * What becomes of public addresses as items come, go and move (see redirects/), written in the
 * same transaction as the change itself.
 */
export interface AddressHooks {
  /** An item is public at this address now. */
  live(path: string): Promise<void>;
  /** A public item's address changed: the old one must lead to the new. */
  moved(from: string, to: string): Promise<void>;
  /** A public item left the site: its address is gone, not unknown. */
  left(path: string, kind: ContentKind): Promise<void>;
}

export interface WorkflowDeps {
  clock: Clock;
  audit: (e: AuditEntry) => Promise<void>;
  /** Finds sensitive terms in the given fields (see terms/). */
  checkTerms: (fields: Record<string, string>) => Promise<TermMatch[]>;
  addresses?: AddressHooks;
  /** Brings the item's search entry in line with it, in the same transaction as the change. */
  reindex?: (kind: ContentKind, id: number) => Promise<void>;
}

/** A document's text for the sensitive-term check: its words under `field`, its images' alt texts under `alt`. */
export const docTextFields = (field: string, doc: RichTextDoc | null): Record<string, string> =>
  doc ? { [field]: docToPlainText(doc), alt: docAltTexts(doc).join('\n') } : {};

interface Titled {
  title: string;
  summary: string | null;
  body: RichTextDoc;
}
/** The fields of kinds made of a title, a summary and a body (articles, pages), for their KindSpec. */
export const titledFields = {
  create: (input: { title: string; summary?: string | null; body: RichTextDoc }): Titled => ({ title: input.title.trim(), summary: input.summary ?? null, body: input.body }),
  merge: (current: Titled, patch: { title?: string; summary?: string | null; body?: RichTextDoc }): Titled => ({
    title: patch.title?.trim() ?? current.title,
    summary: patch.summary !== undefined ? patch.summary : current.summary,
    body: patch.body ?? current.body,
  }),
  text: (x: { title: string; summary?: string | null; body: RichTextDoc }) => ({ title: x.title, summary: x.summary ?? '', ...docTextFields('body', x.body) }),
  richText: (x: { body: RichTextDoc }) => x.body,
  // The text only: the address, the date and the schedule stay as they are now.
  restore: (r: RevisionBase): Titled => ({ title: r.title, summary: r.summary, body: r.body ?? { type: 'doc', content: [] } }),
};

/** Steps that put text in front of a reviewer or the public: sensitive terms block them. */
const CHECKED_STEPS = new Set<ContentStatus>(['in_review', 'approved', 'scheduled', 'published']);
/** States whose text was reviewed already: a save is checked again. */
const REVIEWED = new Set<ContentStatus>(['approved', 'scheduled', 'published']);

/** "3 warnings: LINK_TEXT_VAGUE ×2, TABLE_NO_HEADERS", for messages and the audit log. */
function summariseChecks({ warnings, total }: CheckResult): string {
  const counts = new Map<string, number>();
  for (const w of warnings) counts.set(w.code, (counts.get(w.code) ?? 0) + 1);
  const listed = [...counts].map(([code, n]) => (n > 1 ? `${code} ×${n}` : code)).join(', ');
  return `${total} warning${total === 1 ? '' : 's'}: ${listed}${total > warnings.length ? ', …' : ''}`;
}

const forbidden = (code: string, message: string, details?: unknown) => new AppError('forbidden', code, message, { isPublic: true, details });

export function createWorkflow<T extends WorkflowItem, D extends DraftBase, P extends PatchBase, V, R extends RevisionBase>(
  spec: KindSpec<T, D, P, V, R>,
  { clock, audit, checkTerms, addresses, reindex = async () => {} }: WorkflowDeps,
) {
  const { repo, codes, kind } = spec;
  const Noun = kind[0]!.toUpperCase() + kind.slice(1);
  const now = () => clock.now().toISOString();
  const isPast = (iso: string) => Date.parse(iso) <= clock.now().getTime();
  const stale = (id: number, current: number) =>
    conflict(codes.stale, `${Noun} ${id} was saved by someone else since the revision you started from (now at ${current})`, { current });
  const stateChanged = (id: number) => conflict(codes.stateChanged, `${Noun} ${id} changed state meanwhile; reload it`);

  function checkDate(value: string | null | undefined, field: string): string | null | undefined {
    if (value == null) return value;
    const iso = toIso(value);
    if (!iso) throw invalid(codes.dateInvalid, `${field} is not a valid date`, { field });
    return iso;
  }

  /**
   * Whether visitors have seen the item: published and due (one past its time to come down counts
   * until the scheduler takes it down). An address nobody saw leaves no redirect or tombstone.
   */
  const wasSeen = (x: T) => x.status === 'published' && (x.publishedAt === null || isPast(x.publishedAt));
  /**
   * Tells the addresses what a change did: an item appeared, moved or left. A published item holds
   * its address even before its date comes, so that nothing else answers there meanwhile.
   */
  async function followAddress(before: T | undefined, after: T) {
    if (!addresses) return;
    const was = before && wasSeen(before) ? spec.address(before.lang, before.slug) : undefined;
    const is = after.status === 'published' ? spec.address(after.lang, after.slug) : undefined;
    if (was === is) return;
    if (was && is) await addresses.moved(was, is);
    else if (is) await addresses.live(is);
    else if (was) await addresses.left(was, kind);
  }

  async function load(id: number) {
    const item = await repo.findById(id);
    if (!item) throw notFound(codes.notFound, `${Noun} ${id} not found`);
    return item;
  }

  /**
   * Contributors edit their own drafts; editors their own and those they look after, in draft or
   * in review; publishers anything.
   */
  function mayEdit(actor: Actor, item: T): boolean {
    if (hasRole(actor, 'publisher')) return true;
    if (hasRole(actor, 'editor')) return (item.status === 'draft' || item.status === 'in_review') && (item.authorId === actor.id || inScope(actor, item));
    return item.status === 'draft' && item.authorId === actor.id;
  }

  /**
   * An editor looks after the channels and institutions an administrator assigned; one with no
   * assignment looks after the whole Academy (the central news office).
   */
  function inScope(actor: Actor, x: T | V): boolean {
    const scope = actor.scope;
    if (!spec.scopeOf || !scope || (scope.channels.length === 0 && scope.institutions.length === 0)) return true;
    const keys = spec.scopeOf(x);
    return (keys.channelId !== null && scope.channels.includes(keys.channelId)) || keys.institutionIds.some((id) => scope.institutions.includes(id));
  }


  /**
   * Fields some roles may not set: the author (administrators), the publication date (publishers).
   * `author` is the author the item has (or, for a new one, gets by default): naming it again is
   * no change, naming anyone else is, even oneself on someone else's item.
   */
  function checkFields(actor: Actor, input: P, author: number | null) {
    if (input.authorId !== undefined && input.authorId !== author && !hasRole(actor, 'administrator'))
      throw forbidden('FIELD_FORBIDDEN', 'Only an administrator may set the author', { field: 'authorId' });
    if (input.publishedAt !== undefined && !hasRole(actor, 'publisher'))
      throw forbidden('FIELD_FORBIDDEN', 'Only a publisher may set the publication date', { field: 'publishedAt' });
    spec.check(input);
    if (input.slug !== undefined && (!SLUG_PATTERN.test(input.slug) || spec.reservedSlugs?.has(input.slug)))
      throw invalid(codes.slugInvalid, `slug "${input.slug}" is not valid or is reserved`, { field: 'slug' });
  }

  const isTaken = async (lang: Lang, slug: string, exceptId?: number) => spec.reservedSlugs?.has(slug) || repo.isSlugTaken(lang, slug, exceptId);
  async function freeSlug(lang: Lang, slug: string, exceptId?: number) {
    if (await isTaken(lang, slug, exceptId)) throw invalid(codes.slugTaken, `slug "${slug}" is already used`, { field: 'slug' });
    return slug;
  }

  const termsIn = (x: T | V) => checkTerms(spec.text(x));

  /** What a save writes beside the row: the pairing with the other language's version, then the kind's own. */
  async function afterWrite(saved: T, input: P, pairing: TranslationPlan | undefined): Promise<T> {
    const item = (await applyTranslation(repo, saved, pairing)) ? await load(saved.id) : saved;
    return spec.afterSave ? spec.afterSave(item, input) : item;
  }

  /**
   * Sensitive terms in text that reviewers or the public will see block the step, unless a
   * publisher gives a reason, which goes into the audit log with the terms (the record is returned,
   * to be written last: see runSchedule).
   */
  async function gateTerms(who: Actor, id: number, x: T | V, overrideTerms: string | undefined, clientAddress: string | null): Promise<AuditEntry | undefined> {
    const matches = await termsIn(x);
    if (matches.length === 0) return undefined;
    const terms = [...new Set(matches.map((m) => m.term))].join(', ');
    const reason = overrideTerms?.trim();
    if (!reason || !hasRole(who, 'publisher')) throw invalid('SENSITIVE_TERMS_FOUND', `Sensitive terms found: ${terms}`, { matches });
    return { actor: who, action: `${kind}.override_terms`, entityType: kind, entityId: id, comment: `${reason} [${terms}]`, clientAddress };
  }

  /**
   * Accessibility warnings block a submission unless the author confirms them; what was confirmed
   * is returned for the audit log, where the publisher can find it.
   */
  function gateChecks(x: T, accept: boolean): CheckResult | undefined {
    const result = checksIn(x);
    if (result.total === 0) return undefined;
    if (!accept) throw invalid('ACCESSIBILITY_CHECKS_FAILED', `The accessibility checks found ${result.total} problem(s): ${summariseChecks(result)}`, { field: 'acceptChecks', ...result });
    return result;
  }
  const checksIn = (x: T | V): CheckResult => {
    const doc = spec.richText(x);
    return doc ? checkDoc(doc) : NO_WARNINGS;
  };

  /** Contributors see their own items; editors and above see all. */
  async function readable(actor: Actor | undefined, id: number) {
    const who = requireRole(actor, 'contributor', `read ${kind} drafts`);
    const item = await load(id);
    if (!hasRole(who, 'editor') && item.authorId !== who.id) throw forbidden(codes.readForbidden, `Contributors see their own ${kind}s only`);
    return item;
  }

  const api = {
    async create(actor: Actor | undefined, input: D): Promise<T> {
      const who = requireRole(actor, 'contributor', `write ${kind}s`);
      checkFields(who, input as unknown as P, who.id);
      const slug =
        input.slug !== undefined
          ? await freeSlug(input.lang, input.slug)
          : await uniqueSlug(slugify(spec.slugSource(input), `${kind}-${(await repo.count()) + 1}`), (s) => isTaken(input.lang, s));
      await spec.beforeSave?.(input.lang, input as unknown as P);
      const pairing = await planTranslation(repo, kind, input.lang, undefined, input.translationOf);
      const fixed: Fixed = { slug, publishedAt: checkDate(input.publishedAt, 'publishedAt') ?? null, authorId: input.authorId ?? who.id, status: 'draft' };
      const inserted = await repo.insert(await spec.create(input, fixed), now());
      const item = await afterWrite(inserted, input as unknown as P, pairing);
      await repo.insertRevision(item, who.id, now());
      await audit({ actor: who, action: `${kind}.create`, entityType: kind, entityId: item.id, to: 'draft' });
      return item;
    },

    /** Saves a new revision. `basedOn` is the revision the editor started from: stale saves are refused. */
    async update(actor: Actor | undefined, id: number, patch: P, basedOn: number, options: { overrideTerms?: string; clientAddress?: string | null; autosave?: boolean } = {}): Promise<T> {
      const who = requireRole(actor, 'contributor', `edit ${kind}s`);
      // What one may not read, one learns nothing about: not even its state.
      const current = await readable(who, id);
      if (!mayEdit(who, current)) throw forbidden(codes.editForbidden, `You may not edit this ${kind} while it is ${current.status}`);
      checkFields(who, patch, current.authorId);
      if (current.revision !== basedOn) throw stale(id, current.revision);
      if (options.autosave && !AUTOSAVED_STATES.has(current.status))
        throw invalid('AUTOSAVE_UNAVAILABLE', `${Noun} ${id} is ${current.status}: its text changes only when saved by hand`);
      await spec.beforeSave?.(current.lang, patch);
      const pairing = await planTranslation(repo, kind, current.lang, current, patch.translationOf);
      const slug = patch.slug !== undefined && patch.slug !== current.slug ? await freeSlug(current.lang, patch.slug, id) : current.slug;
      const values = spec.merge(current, patch, {
        slug,
        publishedAt: patch.publishedAt !== undefined ? (checkDate(patch.publishedAt, 'publishedAt') ?? null) : current.publishedAt,
        authorId: patch.authorId ?? current.authorId,
        // The status the save was checked against: a transition meanwhile makes the write fail.
        status: current.status,
      });
      // An editor may not move an item out of what they look after (it would escape them).
      if (!hasRole(who, 'publisher') && current.authorId !== who.id && !inScope(who, values))
        throw forbidden(codes.editForbidden, `That is not among the channels and institutions you look after`);
      // Text already approved or public is checked again: an edit must not slip a term past review.
      const override = REVIEWED.has(current.status) ? await gateTerms(who, id, values, options.overrideTerms, options.clientAddress ?? null) : undefined;
      const saved = await repo.updateIfRevision(id, basedOn, values, now());
      if (!saved) {
        // Another save won, or a transition moved the item after it was checked above: the save
        // is refused rather than written over the new state (or putting the old one back).
        const latest = await load(id);
        if (latest.revision !== basedOn) throw stale(id, latest.revision);
        throw stateChanged(id);
      }
      const result = await afterWrite(saved, patch, pairing);
      await followAddress(current, result);
      await reindex(kind, id);
      // One person's consecutive autosaves make one revision; the revision number still moves on,
      // so a save based on an earlier one (someone else's, or another tab's) is refused.
      const last = options.autosave && repo.latestRevision ? await repo.latestRevision(id) : undefined;
      const coalesce = last?.isAutosave && last.savedBy === who.id && last.revision === basedOn && clock.now().getTime() - Date.parse(last.createdAt) < AUTOSAVE_COALESCE_MS;
      if (coalesce && repo.replaceAutosaveRevision) await repo.replaceAutosaveRevision(last.rowId, result, who.id, now());
      else await repo.insertRevision(result, who.id, now(), options.autosave ?? false);
      if (override) await audit(override);
      return result;
    },
    /** The editor's background save: a draft or an item in review, folded as update() says. */
    autosave: (actor: Actor | undefined, id: number, patch: P, basedOn: number) => api.update(actor, id, patch, basedOn, { autosave: true }),

    async transition(actor: Actor | undefined, id: number, input: TransitionInput): Promise<T> {
      const who = requireRole(actor, 'contributor', `change the state of ${kind}s`);
      const item = await readable(who, id);
      // An approval applies to the text the publisher saw: the form and the API say which revision.
      if (input.revision !== undefined && input.revision !== item.revision) throw stale(id, item.revision);
      const least = TRANSITIONS[item.status][input.to];
      if (!least) throw invalid('TRANSITION_INVALID', `${Noun} cannot go from ${item.status} to ${input.to}`, { field: 'to' });
      if (!hasRole(who, least)) throw forbidden('TRANSITION_FORBIDDEN', `Only a ${least} or above may move ${kind}s from ${item.status} to ${input.to}`);
      // Submitting a draft for review takes the right to edit it.
      if (item.status === 'draft' && input.to === 'in_review' && !mayEdit(who, item))
        throw forbidden('TRANSITION_FORBIDDEN', `You may submit only ${kind}s you may edit`);
      const comment = input.comment?.trim() || null;
      if (item.status === 'in_review' && input.to === 'draft' && !comment)
        throw invalid('COMMENT_REQUIRED', `Say why the ${kind} goes back to its author`, { field: 'comment' });

      const override = CHECKED_STEPS.has(input.to) ? await gateTerms(who, id, item, input.overrideTerms, input.clientAddress ?? null) : undefined;
      const accepted = input.to === 'in_review' ? gateChecks(item, input.acceptChecks === true) : undefined;
      const set: StatusDates = {};
      if (input.to === 'scheduled') {
        const at = checkDate(input.at, 'at');
        if (!at || isPast(at)) throw invalid('SCHEDULE_IN_PAST', 'A schedule needs a time in the future', { field: 'at' });
        set.publishedAt = at;
      }
      if (input.to === 'published') {
        set.publishedAt = item.publishedAt && isPast(item.publishedAt) ? item.publishedAt : now();
        const until = checkDate(input.unpublishAt, 'unpublishAt') ?? null;
        if (until && isPast(until)) throw invalid('SCHEDULE_IN_PAST', `The time to take the ${kind} down must be in the future`, { field: 'unpublishAt' });
        set.unpublishAt = until;
      }
      // A withdrawn schedule leaves no date behind: published later, the item is dated then.
      if (item.status === 'scheduled' && input.to !== 'published') set.publishedAt = null;
      // The time to take it down belongs to this publication only; left behind (archived), the
      // scheduler would take the item down as soon as it is published again by schedule.
      if (item.status === 'published') set.unpublishAt = null;
      // Only if nobody saved or moved it since it was checked above.
      const moved = await repo.changeStatus(id, item.status, input.to, set, now(), item.revision);
      if (!moved) throw stateChanged(id);
      await followAddress(item, moved);
      await reindex(kind, id);
      if (override) await audit(override);
      await audit({ actor: who, action: `${kind}.transition`, entityType: kind, entityId: id, from: item.status, to: input.to, comment, clientAddress: input.clientAddress ?? null });
      if (accepted) await audit({ actor: who, action: `${kind}.accept_checks`, entityType: kind, entityId: id, comment: summariseChecks(accepted), clientAddress: input.clientAddress ?? null });
      return moved;
    },

    /**
     * Publishes what is due and takes down what has expired; run at start it catches up on what
     * fell due while the server was down. Each change, and all it does (addresses, search, audit),
     * happens once however many instances run this at the same moment: in a transaction the due
     * items are claimed (the others pass them over), and the conditional update moves an item
     * only from the status it was found in.
     */
    async runSchedule(): Promise<{ published: number[]; unpublished: number[] }> {
      const due = await repo.dueForSchedule(now());
      const done = { published: [] as number[], unpublished: [] as number[] };
      const steps = [
        { ids: due.publish, from: 'scheduled', to: 'published', set: {}, into: done.published },
        { ids: due.unpublish, from: 'published', to: 'unpublished', set: { unpublishAt: null }, into: done.unpublished },
      ] as const;
      // The audit records are written after every other change: appending to the chain locks it
      // until the transaction ends (on PostgreSQL), so a transaction holding it must wait for no
      // other lock, or it could deadlock with one (a save reindexing the same words) that waits for
      // the chain. Every transaction here writes its audit records last.
      const records: AuditEntry[] = [];
      for (const step of steps) {
        for (const id of step.ids) {
          const moved = await repo.changeStatus(id, step.from, step.to, step.set, now());
          if (!moved) continue;
          await followAddress({ ...moved, status: step.from }, moved);
          await reindex(kind, id);
          step.into.push(id);
          records.push({ actor: null, action: `${kind}.transition`, entityType: kind, entityId: id, from: step.from, to: step.to, comment: 'scheduled' });
        }
      }
      for (const record of records) await audit(record);
      return done;
    },

    get: readable,
    /** The sensitive terms in an item's text (for the editor to mark). */
    termsIn: (item: T) => termsIn(item),
    /** The accessibility warnings of an item's text (for the editor and the reviewer). */
    checksIn: (item: T) => checksIn(item),
    /** The workspace's list; contributors see their own items only. */
    async list(actor: Actor | undefined, filter: AdminListFilter, req: PageRequest) {
      const who = requireRole(actor, 'contributor', `list ${kind}s`);
      return repo.listForAdmin(hasRole(who, 'editor') ? filter : { ...filter, authorId: who.id }, req);
    },
    /** Which steps this actor may take from the item's state (for the buttons). */
    allowedTransitions(actor: Actor | undefined, item: T): ContentStatus[] {
      return (Object.entries(TRANSITIONS[item.status]) as [ContentStatus, Role][])
        .filter(([to, least]) => hasRole(actor, least) && (item.status !== 'draft' || to !== 'in_review' || (actor !== undefined && mayEdit(actor, item))))
        .map(([to]) => to);
    },
    /**
     * For the editor, as the person types: whether the address is well formed and free, and a free
     * one (from the typed address, or from the title when none is typed).
     */
    async slugStatus(actor: Actor | undefined, lang: Lang, input: { slug?: string; title?: string; exceptId?: number }) {
      requireRole(actor, 'contributor', `write ${kind}s`);
      const slug = input.slug?.trim() ?? '';
      const valid = slug === '' || (SLUG_PATTERN.test(slug) && !spec.reservedSlugs?.has(slug));
      const available = valid && slug !== '' ? !(await isTaken(lang, slug, input.exceptId)) : undefined;
      const base = valid && slug !== '' ? slug : slugify(input.title ?? '', kind);
      const suggestion = available ? slug : await uniqueSlug(base, (s) => isTaken(lang, s, input.exceptId));
      return { slug, valid, available, suggestion };
    },
    mayEdit: (actor: Actor | undefined, item: T) => actor !== undefined && mayEdit(actor, item),
    /** The item's version in the other language, whatever its status (for its editor). */
    otherVersion: async (item: T): Promise<T | undefined> => (item.translationGroup === null ? undefined : repo.findInGroup(item.translationGroup, otherLang(item.lang))),
    async revisions(actor: Actor | undefined, id: number): Promise<R[]> {
      await readable(actor, id);
      return repo.listRevisions(id);
    },
    async compare(actor: Actor | undefined, id: number, fromRevision: number, toRevision: number) {
      await readable(actor, id);
      const all = await repo.listRevisions(id);
      const pick = (n: number) => {
        const r = all.find((x) => x.revision === n);
        if (!r) throw notFound('REVISION_NOT_FOUND', `${Noun} ${id} has no revision ${n}`);
        return r;
      };
      return compareRevisions(pick(fromRevision), pick(toRevision));
    },
    /** Brings back an old revision's text as a new revision (the newer ones stay in the history). */
    async restore(actor: Actor | undefined, id: number, revision: number, basedOn: number, options: { overrideTerms?: string } = {}) {
      await readable(actor, id);
      const old = (await repo.listRevisions(id)).find((r) => r.revision === revision);
      if (!old) throw notFound('REVISION_NOT_FOUND', `${Noun} ${id} has no revision ${revision}`);
      return api.update(actor, id, spec.restorePatch(old), basedOn, options);
    },
  };
  return api;
}
export type Workflow<T extends WorkflowItem, D extends DraftBase, P extends PatchBase, V, R extends RevisionBase> = ReturnType<typeof createWorkflow<T, D, P, V, R>>;
