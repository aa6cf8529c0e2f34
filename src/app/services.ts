// Builds the domain services over one Kysely handle (the store, or a transaction of it).
import type { Kysely, Transaction } from 'kysely';
import { withTransaction, type DB, type Store } from '../db/index.js';
import { createInstitutionsRepo, createInstitutionsService, createInstitutionsWorkflow } from '../institutions/index.js';
import { createMediaRepo, createMediaService, type MediaSettings, type MediaTx } from '../media/index.js';
import { createNewsRepo, createNewsService, createNewsWorkflow, relinkMentionsOf } from '../news/index.js';
import { createPagesRepo, createPagesService, createPagesWorkflow } from '../pages/index.js';
import { createPresenceRepo, createPresenceService } from '../presence/index.js';
import { createAuditRepo, createAuthService, createPeopleRepo, DEFAULT_AUTH_POLICY, pruneAuditLog, verifyAuditLog, type AuthPolicy } from '../people/index.js';
import { createRedirectsRepo, createRedirectsService } from '../redirects/index.js';
import { createIndexer, createSearchRepo, createSearchService, createSearchSuggestions, lockSearchBuild, markSearchIndexBuilt, searchIndexIsCurrent } from '../search/index.js';
import type { RichTextDoc } from '../richtext/index.js';
import type { Clock } from '../shared/clock.js';
import { createTaxonomyRepo } from '../taxonomy/index.js';
import { createTermsRepo, createTermsService } from '../terms/index.js';
import { createTranslationsRepo, createTranslationsService } from '../translations/index.js';

const REBUILD_CHUNK = 500;

/**
 * `media` names the media directory and limits; without it (the CLI, services bound to a
 * transaction by inTransaction) the media library still reads and records uses, but stores no files.
 */
export function createServices(db: Kysely<DB> | Transaction<DB>, clock: Clock, policy: AuthPolicy = DEFAULT_AUTH_POLICY, mediaSettings?: MediaSettings) {
  const auth = createAuthService({ repo: createPeopleRepo(db), clock, policy });
  const newsRepo = createNewsRepo(db);
  const terms = createTermsService(createTermsRepo(db), clock, auth.audit);
  const mediaTx = (handle: Kysely<DB> | Transaction<DB>): MediaTx => ({
    repo: createMediaRepo(handle),
    audit: (e) => createPeopleRepo(handle).appendAudit(e, clock.now().toISOString()),
  });
  const media = createMediaService({
    ...mediaTx(db),
    clock,
    settings: mediaSettings,
    // Files are encoded before and removed after a transaction, never while one holds the store.
    transact: (work) => (db.isTransaction ? work(mediaTx(db)) : db.transaction().execute((trx) => work(mediaTx(trx)))),
  });
  const recordImages = (articleId: number, body: RichTextDoc) => media.syncUses({ type: 'article', id: articleId }, body);
  const institutionsRepo = createInstitutionsRepo(db);
  const pagesRepo = createPagesRepo(db);
  const redirects = createRedirectsService({ repo: createRedirectsRepo(db), clock, audit: auth.audit });
  const searchRepo = createSearchRepo(db);
  const search = createSearchService({ repo: searchRepo, clock });
  const index = createIndexer(search, { article: newsRepo.findById, page: pagesRepo.findById, institution: institutionsRepo.findById });
  // An institution's names and state decide which articles its name links to it: those are
  // looked at again with every change of it, like its search entry.
  const reindex: typeof index = async (type, id) => {
    await index(type, id);
    if (type === 'institution') await relinkMentionsOf(newsRepo, id);
  };
  // Items that appear, move or leave tell the redirects, the search index and the articles that
  // name them in the same transaction as the change.
  const workflowDeps = { clock, audit: auth.audit, checkTerms: terms.check, addresses: redirects, reindex };
  const newsWorkflow = createNewsWorkflow({ repo: newsRepo, ...workflowDeps, recordImages });
  return {
    auth,
    institutions: createInstitutionsService({ repo: institutionsRepo, clock, reindex: (id) => reindex('institution', id) }),
    institutionsWorkflow: createInstitutionsWorkflow({ repo: institutionsRepo, ...workflowDeps }),
    news: createNewsService({ repo: newsRepo, clock, recordImages, reindex: (id) => reindex('article', id) }),
    newsWorkflow,
    media,
    presence: createPresenceService({ repo: createPresenceRepo(db), clock, mayOpen: (actor, ref) => newsWorkflow.get(actor, ref.id) }),
    terms,
    pages: createPagesService({ repo: pagesRepo, clock, reindex: (id) => reindex('page', id) }),
    pagesWorkflow: createPagesWorkflow({ repo: pagesRepo, ...workflowDeps }),
    redirects,
    search,
    searchSuggestions: createSearchSuggestions({ repo: searchRepo, search }),
    reindex,
    /** The audit log's chain, checked and pruned (`beiguan audit`, the daily pruning). */
    auditLog: {
      verify: (options?: { since?: string }) => verifyAuditLog(createAuditRepo(db), options),
      prune: (options: { keepDays: number; onlyIfDue?: boolean }) => pruneAuditLog(createAuditRepo(db), { ...options, clock }),
    },
    /** Builds the search index anew from every published item (`beiguan search reindex`). */
    async rebuildSearch(): Promise<number> {
      await search.clear();
      let n = 0;
      for (const [type, repo] of [['article', newsRepo], ['page', pagesRepo], ['institution', institutionsRepo]] as const)
        for (let offset = 0; ; offset += REBUILD_CHUNK) {
          const { items } = await repo.listForAdmin({ statuses: ['published'] }, { offset, limit: REBUILD_CHUNK });
          for (const item of items) await index(type, item.id);
          n += items.length;
          if (items.length < REBUILD_CHUNK) break;
        }
      await markSearchIndexBuilt(db);
      return n;
    },
    /** Whether the search index was built with today's tokens and weights (see search/segment.ts TOKENS_VERSION). */
    searchIndexIsCurrent: () => searchIndexIsCurrent(db),
    /** In a transaction: waits for any other that is building the index (see search.version.ts). */
    lockSearchBuild: () => (db.isTransaction ? lockSearchBuild(db as Transaction<DB>) : Promise.resolve()),
    taxonomy: createTaxonomyRepo(db),
    translations: createTranslationsService({ repo: createTranslationsRepo(db) }),
    clock,
  };
}
export type Services = ReturnType<typeof createServices>;

/** Runs `work` with services bound to one transaction: all of it is written, or none. */
export function inTransaction<T>(store: Store, clock: Clock, work: (services: Services) => Promise<T>): Promise<T> {
  return withTransaction(store, (trx) => work(createServices(trx, clock)));
}

/** Every kind's workflow, by kind: what the scheduler runs and the dashboard lists. */
export const workflowsOf = (s: Services) => ({ article: s.newsWorkflow, page: s.pagesWorkflow, institution: s.institutionsWorkflow });

/** Whether the store holds any content at all (the demo loads only into an empty one). */
export async function hasContent(services: Services): Promise<boolean> {
  const counts = await Promise.all([services.news.count(), services.institutions.count(), services.pages.count()]);
  return counts.some((n) => n > 0);
}
