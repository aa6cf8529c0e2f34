import type { RichTextDoc } from '../richtext/index.js';
import type { Lang } from '../shared/lang.js';

export interface Institution {
  id: number;
  lang: Lang;
  /** The entry's number in the directory (the old site's order). */
  position: number;
  name: string;
  slug: string;
  profile: RichTextDoc | null;
  externalUrl: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  translationGroup: number | null;
  legacyKey: string | null;
  legacySource: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface InstitutionInput {
  lang: Lang;
  position: number;
  name: string;
  slug?: string;
  profile: RichTextDoc | null;
  externalUrl?: string | null;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
  legacyKey?: string | null;
  legacySource?: string | null;
}
