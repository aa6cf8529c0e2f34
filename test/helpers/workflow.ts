// The editorial workflow as the issue gives it, written out here rather than read from the code,
// for the workflow suites of every kind (articles, pages, institutions).
import type { Role } from '../../src/people/index.js';
import type { ContentStatus } from '../../src/workflow/index.js';

/**
 * The least role for each transition. draft → in_review → approved → scheduled or published →
 * unpublished or archived; sending back (reject) returns to draft.
 */
export const EXPECTED_STEPS: Record<ContentStatus, Partial<Record<ContentStatus, Role>>> = {
  // A contributor submits their own drafts (the end-to-end story), never anyone else's.
  draft: { in_review: 'contributor', archived: 'publisher' },
  in_review: { approved: 'publisher', draft: 'publisher' },
  approved: { published: 'publisher', scheduled: 'publisher', draft: 'publisher' },
  scheduled: { published: 'publisher', approved: 'publisher', draft: 'publisher' },
  published: { unpublished: 'publisher', archived: 'publisher' },
  unpublished: { published: 'publisher', draft: 'editor', archived: 'publisher' },
  archived: { draft: 'editor' },
};
export const RANK: Role[] = ['contributor', 'editor', 'publisher', 'administrator'];
export const atLeast = (role: Role, least: Role) => RANK.indexOf(role) >= RANK.indexOf(least);

/** How an administrator brings a new draft into each status, through allowed transitions only. */
export const PATH: Record<ContentStatus, ContentStatus[]> = {
  draft: [],
  in_review: ['in_review'],
  approved: ['in_review', 'approved'],
  scheduled: ['in_review', 'approved', 'scheduled'],
  published: ['in_review', 'approved', 'published'],
  unpublished: ['in_review', 'approved', 'published', 'unpublished'],
  archived: ['archived'],
};
