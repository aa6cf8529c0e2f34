// Builds the domain services over one Kysely handle (the store, or a transaction of it).
import type { Kysely, Transaction } from 'kysely';
import { withTransaction, type DB, type Store } from '../db/index.js';
import { createInstitutionsRepo, createInstitutionsService, createInstitutionsWorkflow } from '../institutions/index.js';
import { createNewsRepo, createNewsService, createNewsWorkflow } from '../news/index.js';
import { createPagesRepo, createPagesService, createPagesWorkflow } from '../pages/index.js';
import { createAuthService, createPeopleRepo, DEFAULT_AUTH_POLICY, type AuthPolicy } from '../people/index.js';
import { createRedirectsRepo } from '../redirects/index.js';
import type { Clock } from '../shared/clock.js';
import { createTaxonomyRepo } from '../taxonomy/index.js';
import { createTermsRepo, createTermsService } from '../terms/index.js';

export function createServices(db: Kysely<DB> | Transaction<DB>, clock: Clock, policy: AuthPolicy = DEFAULT_AUTH_POLICY) {
  const auth = createAuthService({ repo: createPeopleRepo(db), clock, policy });
  const newsRepo = createNewsRepo(db);
  const terms = createTermsService(createTermsRepo(db), clock, auth.audit);
  const institutionsRepo = createInstitutionsRepo(db);
  const pagesRepo = createPagesRepo(db);
  const workflowDeps = { clock, audit: auth.audit, checkTerms: terms.check };
  return {
    auth,
    institutions: createInstitutionsService({ repo: institutionsRepo, clock }),
    institutionsWorkflow: createInstitutionsWorkflow({ repo: institutionsRepo, ...workflowDeps }),
    news: createNewsService({ repo: newsRepo, clock }),
    newsWorkflow: createNewsWorkflow({ repo: newsRepo, ...workflowDeps }),
    terms,
    pages: createPagesService({ repo: pagesRepo, clock }),
    pagesWorkflow: createPagesWorkflow({ repo: pagesRepo, ...workflowDeps }),
    redirects: createRedirectsRepo(db),
    taxonomy: createTaxonomyRepo(db),
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
