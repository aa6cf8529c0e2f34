import { requireRole, type Actor } from '../people/index.js';
import type { PageRequest, Paged } from '../shared/page.js';
import type { TranslationsRepo } from './translations.repo.js';
import type { TranslationFilter, TranslationTask } from './translations.types.js';

export function createTranslationsService({ repo }: { repo: TranslationsRepo }) {
  return {
    /** What is waiting for translators: editors and above see all of it. */
    async page(actor: Actor | undefined, filter: TranslationFilter, req: PageRequest): Promise<Paged<TranslationTask>> {
      requireRole(actor, 'editor', 'see the translation work');
      return repo.page(filter, req);
    },
  };
}
export type TranslationsService = ReturnType<typeof createTranslationsService>;
