import type { RichTextDoc } from '../richtext/index.js';
import type { Lang } from '../shared/lang.js';
import type { ContentRevision, ContentStatus } from '../workflow/index.js';

export interface Institution {
  id: number;
  lang: Lang;
  /** The entry's number in the directory (the old site's order). */
  position: number;
  name: string;
  slug: string;
  /** Rich text; null when the institution is only a line in the directory. */
  profile: RichTextDoc | null;
  externalUrl: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  translationGroup: number | null;
  legacyKey: string | null;
  legacySource: string | null;
  /** Other names it goes by in its language (天文馆 for 北京天文馆), for finding mentions. */
  aliases: string[];
  status: ContentStatus;
  authorId: number | null;
  publishedAt: string | null;
  unpublishAt: string | null;
  revision: number;
  createdAt: string;
  updatedAt: string;
  /** When its words last changed (a save that changed them; not a change of status). */
  contentChangedAt: string;
}

/** The contact details and directory number an editor keeps. */
export interface InstitutionContact {
  position: number;
  externalUrl?: string | null;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
}

export interface InstitutionInput extends InstitutionContact {
  lang: Lang;
  name: string;
  slug?: string;
  profile: RichTextDoc | null;
  aliases?: readonly string[];
  legacyKey?: string | null;
  legacySource?: string | null;
  /** Published unless said otherwise: the importer and the demo write public entries. */
  status?: ContentStatus;
  publishedAt?: string | null;
  authorId?: number | null;
}

export type InstitutionRevision = ContentRevision<{
  position: number;
  externalUrl: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  /** One per line (revisions saved before aliases existed have none). */
  aliases?: string;
}>;
