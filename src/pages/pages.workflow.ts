// Pages in the editorial workflow: the rules are workflow/'s; this says what a page is made of.
import type { RichTextDoc } from '../richtext/index.js';
import { invalid } from '../shared/errors.js';
import type { Lang } from '../shared/lang.js';
import { urls } from '../shared/urls.js';
import { createWorkflow, titledFields, type WorkflowDeps } from '../workflow/index.js';
import type { PagesRepo, PageValues } from './pages.repo.js';
import { RESERVED_PAGE_SLUGS, type Page, type PageRevision } from './pages.types.js';

export interface PageDraft {
  lang: Lang;
  title: string;
  slug?: string;
  summary?: string | null;
  body: RichTextDoc;
  position?: number;
  publishedAt?: string | null;
  authorId?: number;
  /** The page in the other language this one translates; null unlinks. */
  translationOf?: number | null;
}
export type PagePatch = Partial<Omit<PageDraft, 'lang'>>;

export function createPagesWorkflow({ repo, ...deps }: WorkflowDeps & { repo: PagesRepo }) {
  return createWorkflow<Page, PageDraft, PagePatch, PageValues, PageRevision>(
    {
      kind: 'page',
      codes: {
        notFound: 'PAGE_NOT_FOUND',
        stale: 'PAGE_REVISION_STALE',
        stateChanged: 'PAGE_STATE_CHANGED',
        readForbidden: 'PAGE_READ_FORBIDDEN',
        editForbidden: 'PAGE_EDIT_FORBIDDEN',
        dateInvalid: 'PAGE_DATE_INVALID',
        slugInvalid: 'PAGE_SLUG_INVALID',
        slugTaken: 'PAGE_SLUG_TAKEN',
      },
      repo,
      address: urls.page,
      reservedSlugs: RESERVED_PAGE_SLUGS,
      check(input) {
        if (input.title !== undefined && input.title.trim() === '') throw invalid('PAGE_TITLE_REQUIRED', 'title must not be empty', { field: 'title' });
        if (input.position !== undefined && (!Number.isInteger(input.position) || input.position < 0))
          throw invalid('PAGE_POSITION_INVALID', 'position must be a whole number', { field: 'position' });
      },
      slugSource: (input) => input.title,
      create: (input, fixed) => ({ ...fixed, lang: input.lang, ...titledFields.create(input), position: input.position ?? 0 }),
      merge: (p, patch, fixed) => ({ ...p, ...fixed, ...titledFields.merge(p, patch), position: patch.position ?? p.position }),
      text: titledFields.text,
      richText: titledFields.richText,
      restorePatch: (r) => ({ ...titledFields.restore(r), position: r.fields.position }),
    },
    deps,
  );
}
export type PagesWorkflow = ReturnType<typeof createPagesWorkflow>;
