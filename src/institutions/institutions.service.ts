// Institutions: the numbered directory and each institution's profile, as visitors see them, and
// the importer's and the demo's writes. The editing is institutions.workflow.ts.
import type { Clock } from '../shared/clock.js';
import { invalid, notFound } from '../shared/errors.js';
import type { Lang } from '../shared/lang.js';
import type { PageRequest } from '../shared/page.js';
import { SLUG_PATTERN, slugify, uniqueSlug } from '../shared/slug.js';
import type { InstitutionsRepo } from './institutions.repo.js';
import type { Institution, InstitutionContact, InstitutionInput } from './institutions.types.js';

export interface InstitutionsDeps {
  repo: InstitutionsRepo;
  clock: Clock;
  /** Brings the institution's search entry in line with it (see the workflow's). */
  reindex?: (institutionId: number) => Promise<void>;
}

export const institutionNotFound = (what: string) =>
  notFound('INSTITUTION_NOT_FOUND', `Institution ${what} not found`);

export const MAX_ALIASES = 20;
export const MAX_ALIAS_LENGTH = 100;

/** The aliases as stored: trimmed; each one once (in any letter case), none empty or too long. */
export function cleanAliases(aliases: readonly string[]): string[] {
  const bad = (message: string) => invalid('INSTITUTION_ALIASES_INVALID', message, { field: 'aliases' });
  const out = aliases.map((a) => a.trim());
  if (out.length > MAX_ALIASES) throw bad(`an institution has at most ${MAX_ALIASES} aliases`);
  if (out.some((a) => a === '')) throw bad('an alias must not be empty');
  const long = out.find((a) => a.length > MAX_ALIAS_LENGTH);
  if (long !== undefined) throw bad(`alias "${long.slice(0, 20)}…" is longer than ${MAX_ALIAS_LENGTH} characters`);
  const seen = new Set<string>();
  for (const a of out) {
    // Mentions are found in any letter case, so "BJAST" and "bjast" are one alias.
    if (seen.has(a.toLowerCase())) throw bad(`alias "${a}" is given twice`);
    seen.add(a.toLowerCase());
  }
  return out;
}

/** The rules of an institution's fields, for whichever of them are given. */
export function checkInstitutionFields(input: Partial<InstitutionContact> & { name?: string; aliases?: readonly string[] }) {
  if (input.aliases !== undefined) cleanAliases(input.aliases);
  if (input.externalUrl && !/^https?:\/\/[^/\\\s]/i.test(input.externalUrl))
    throw invalid('INSTITUTION_URL_INVALID', 'the website must be an http(s) address', { field: 'externalUrl' });
  if (input.email && !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(input.email))
    throw invalid('INSTITUTION_EMAIL_INVALID', 'the email address is not valid', { field: 'email' });
  if (input.name !== undefined && input.name.trim() === '') throw invalid('INSTITUTION_NAME_REQUIRED', 'name must not be empty', { field: 'name' });
  if (input.position !== undefined && (!Number.isInteger(input.position) || input.position < 0))
    throw invalid('INSTITUTION_POSITION_INVALID', 'position must be a whole number', { field: 'position' });
}

export function createInstitutionsService({ repo, clock, reindex = async () => {} }: InstitutionsDeps) {
  const now = () => clock.now().toISOString();
  async function chooseSlug(input: InstitutionInput, exceptId?: number): Promise<string> {
    if (input.slug !== undefined) {
      if (!SLUG_PATTERN.test(input.slug)) throw invalid('INSTITUTION_SLUG_INVALID', `slug "${input.slug}" is not valid`);
      if (await repo.isSlugTaken(input.lang, input.slug, exceptId))
        throw invalid('INSTITUTION_SLUG_TAKEN', `slug "${input.slug}" is already used`);
      return input.slug;
    }
    const base = slugify(input.name, `institution-${input.position}`);
    return uniqueSlug(base, (s) => repo.isSlugTaken(input.lang, s, exceptId));
  }

  return {
    /** Every visible item in brief, in visitors' order per language (for the site's state). */
    visibleIndex: () => repo.visibleIndex(now(), 'position'),
    nextVisibilityChange: () => repo.nextVisibilityChange(now()),
    /** The published entries of one language's directory, in order. */
    directory: (lang: Lang) => repo.listVisible(lang, now()),
    page: (lang: Lang | undefined, req: PageRequest) => repo.pageVisible(lang, now(), req),
    async getById(id: number): Promise<Institution> {
      const found = await repo.findVisibleById(id, now());
      if (!found) throw institutionNotFound(String(id));
      return found;
    },
    async getBySlug(lang: Lang, slug: string): Promise<Institution> {
      const found = await repo.findVisibleBySlug(lang, slug, now());
      if (!found) throw institutionNotFound(`${lang}/${slug}`);
      return found;
    },
    async translationOf(item: Institution, lang: Lang) {
      return item.translationGroup == null ? undefined : repo.findVisibleInGroup(item.translationGroup, lang, now());
    },
    async create(input: InstitutionInput): Promise<Institution> {
      checkInstitutionFields(input);
      const item = await repo.insert({ ...input, slug: await chooseSlug(input) }, now());
      if (input.aliases?.length) await repo.setAliases(item.id, cleanAliases(input.aliases));
      await reindex(item.id);
      return (await repo.findById(item.id))!;
    },
    /** Creates the entry with this legacy key, or updates the one an earlier import created. */
    async upsertByLegacyKey(input: InstitutionInput & { legacyKey: string }) {
      checkInstitutionFields(input);
      // An entry of the same name that no import made (an editor's, or the demo's) is the same
      // institution; two imported entries that share a name stay apart.
      const byName = async () => {
        const found = await repo.findByName(input.lang, input.name);
        return found && found.legacySource === null ? found : undefined;
      };
      const existing = (await repo.findByLegacyKey(input.lang, input.legacyKey)) ?? (await byName());
      if (!existing) {
        const item = await repo.insert({ ...input, slug: await chooseSlug(input) }, now());
        await reindex(item.id);
        return { item, created: true };
      }
      // Keep the slug (the public address), what editors decide (its state, author and dates) and
      // whatever the file does not carry (contact details).
      const kept = {
        slug: existing.slug,
        status: existing.status,
        authorId: existing.authorId,
        publishedAt: existing.publishedAt,
        externalUrl: input.externalUrl ?? existing.externalUrl,
        address: input.address ?? existing.address,
        phone: input.phone ?? existing.phone,
        email: input.email ?? existing.email,
      };
      const item = await repo.update(existing.id, { ...input, ...kept }, now());
      await reindex(item.id);
      return { item, created: false };
    },
    async linkTranslations(a: Institution, b: Institution) {
      if (a.lang === b.lang) throw invalid('TRANSLATION_SAME_LANG', 'a translation must be in the other language');
      await repo.setTranslationGroup([a.id, b.id], a.translationGroup ?? a.id);
    },
    /** The aliases of each of `ids` that has any (an article page links mentions by them). */
    aliasesOf: (ids: readonly number[]) => repo.aliasesOf(ids),
    count: () => repo.count(),
  };
}
export type InstitutionsService = ReturnType<typeof createInstitutionsService>;
