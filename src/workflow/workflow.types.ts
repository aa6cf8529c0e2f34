import type { Role } from '../people/index.js';
import type { RichTextDoc } from '../richtext/index.js';
import type { Lang } from '../shared/lang.js';

export const CONTENT_STATUSES = ['draft', 'in_review', 'approved', 'scheduled', 'published', 'unpublished', 'archived'] as const;
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

/** The kinds of content that go through the workflow; also their audit entity type. */
export type ContentKind = 'article' | 'page' | 'institution';

/** Which role may move an item from one status to another (the same for every kind). */
export const TRANSITIONS: Record<ContentStatus, Partial<Record<ContentStatus, Role>>> = {
  // Contributors submit their own drafts, editors those they look after (submitting takes the
  // right to edit the draft: see mayEdit).
  draft: { in_review: 'contributor', archived: 'publisher' },
  in_review: { approved: 'publisher', draft: 'publisher' },
  approved: { published: 'publisher', scheduled: 'publisher', draft: 'publisher' },
  scheduled: { published: 'publisher', approved: 'publisher', draft: 'publisher' },
  published: { unpublished: 'publisher', archived: 'publisher' },
  unpublished: { published: 'publisher', draft: 'editor', archived: 'publisher' },
  archived: { draft: 'editor' },
};

/** What the workflow needs to know of any item. */
export interface WorkflowItem {
  id: number;
  lang: Lang;
  slug: string;
  status: ContentStatus;
  revision: number;
  authorId: number | null;
  /** When it was (or, scheduled, will be) published. */
  publishedAt: string | null;
  /** When a published item is due to be taken down. */
  unpublishAt: string | null;
  /** Shared with its versions in the other language (see workflow.translations.ts). */
  translationGroup: number | null;
}

/** Fields every kind has: the address, what some roles may not set, the other language's version. */
export interface PatchBase {
  slug?: string;
  publishedAt?: string | null;
  authorId?: number;
  /** The item of the same kind in the other language this one translates; null unlinks. */
  translationOf?: number | null;
}
export interface DraftBase extends PatchBase {
  lang: Lang;
}

/** A saved revision; `fields` holds what only one kind has (an institution's contact details…). */
export interface RevisionBase {
  revision: number;
  title: string;
  slug: string;
  summary: string | null;
  body: RichTextDoc | null;
  publishedAt: string | null;
  status: ContentStatus;
  authorId: number | null;
  savedBy: number | null;
  createdAt: string;
  fields?: Record<string, string | number | null>;
}

export interface TransitionInput {
  to: ContentStatus;
  comment?: string;
  /** For "scheduled": when to publish; for "published": when to take it down again (optional). */
  at?: string;
  /** A publisher's reason to go ahead although sensitive terms were found (kept in the audit log). */
  overrideTerms?: string;
  /** Submitting: the author goes ahead although the accessibility checks warn (kept in the audit log). */
  acceptChecks?: boolean;
  /** The revision the person saw; refused as stale when the item was saved since. */
  revision?: number;
  unpublishAt?: string;
  clientAddress?: string | null;
}

export interface AdminListFilter {
  statuses?: ContentStatus[];
  lang?: Lang;
  authorId?: number;
  /** Part of the title (an institution's name), in any letter case. */
  q?: string;
  sort?: 'updated' | 'published' | 'title';
}

/** Status changes carry these dates along. */
export interface StatusDates {
  publishedAt?: string | null;
  unpublishAt?: string | null;
}

/** The stable error codes of one kind (each is listed in docs/errors.md). */
export interface WorkflowCodes {
  notFound: string;
  stale: string;
  stateChanged: string;
  readForbidden: string;
  editForbidden: string;
  dateInvalid: string;
  slugInvalid: string;
  slugTaken: string;
}
