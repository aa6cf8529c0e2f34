// Institutions in the editorial workflow: the rules are workflow/'s; this says what an institution
// is made of (a name, a profile that may be empty, contact details, a number in the directory).
import { isDocEmpty, type RichTextDoc } from '../richtext/index.js';
import type { Lang } from '../shared/lang.js';
import { urls } from '../shared/urls.js';
import { createWorkflow, docTextFields, type WorkflowDeps } from '../workflow/index.js';
import type { InstitutionsRepo, InstitutionValues } from './institutions.repo.js';
import { checkInstitutionFields, cleanAliases } from './institutions.service.js';
import type { Institution, InstitutionContact, InstitutionRevision } from './institutions.types.js';

export interface InstitutionDraft extends Partial<InstitutionContact> {
  lang: Lang;
  name: string;
  slug?: string;
  /** An empty profile is none: the institution is then a line in the directory only. */
  profile?: RichTextDoc | null;
  /** Other names in its language; replaces the list. */
  aliases?: readonly string[];
  publishedAt?: string | null;
  authorId?: number;
  /** The institution in the other language this one is; null unlinks. */
  translationOf?: number | null;
}
export type InstitutionPatch = Partial<Omit<InstitutionDraft, 'lang'>>;

const profileOf = (doc: RichTextDoc | null | undefined) => (isDocEmpty(doc) ? null : doc!);
const trimmed = (v: string | null | undefined) => (v == null ? v : v.trim() || null);

export function createInstitutionsWorkflow({ repo, ...deps }: WorkflowDeps & { repo: InstitutionsRepo }) {
  return createWorkflow<Institution, InstitutionDraft, InstitutionPatch, InstitutionValues, InstitutionRevision>(
    {
      kind: 'institution',
      codes: {
        notFound: 'INSTITUTION_NOT_FOUND',
        stale: 'INSTITUTION_REVISION_STALE',
        stateChanged: 'INSTITUTION_STATE_CHANGED',
        readForbidden: 'INSTITUTION_READ_FORBIDDEN',
        editForbidden: 'INSTITUTION_EDIT_FORBIDDEN',
        dateInvalid: 'INSTITUTION_DATE_INVALID',
        slugInvalid: 'INSTITUTION_SLUG_INVALID',
        slugTaken: 'INSTITUTION_SLUG_TAKEN',
      },
      repo,
      address: urls.institution,
      check: checkInstitutionFields,
      slugSource: (input) => input.name,
      create: async (input, fixed) => ({
        ...fixed,
        lang: input.lang,
        name: input.name.trim(),
        profile: profileOf(input.profile),
        position: input.position ?? (await repo.nextPosition(input.lang)),
        externalUrl: trimmed(input.externalUrl) ?? null,
        address: trimmed(input.address) ?? null,
        phone: trimmed(input.phone) ?? null,
        email: trimmed(input.email) ?? null,
        aliases: input.aliases === undefined ? [] : cleanAliases(input.aliases),
      }),
      merge: (i, patch, fixed) => ({
        ...i,
        ...fixed,
        name: patch.name?.trim() ?? i.name,
        profile: patch.profile !== undefined ? profileOf(patch.profile) : i.profile,
        position: patch.position ?? i.position,
        externalUrl: patch.externalUrl !== undefined ? trimmed(patch.externalUrl) : i.externalUrl,
        address: patch.address !== undefined ? trimmed(patch.address) : i.address,
        phone: patch.phone !== undefined ? trimmed(patch.phone) : i.phone,
        email: patch.email !== undefined ? trimmed(patch.email) : i.email,
        aliases: patch.aliases !== undefined ? cleanAliases(patch.aliases) : i.aliases,
      }),
      // The aliases are written beside the row, whose save has given the institution a new
      // revision (the pages that link its mentions by them are rendered again); they are part of
      // what readers see, so a new list is a change of its words.
      async afterSave(saved, input) {
        if (input.aliases === undefined) return saved;
        if (await repo.setAliases(saved.id, cleanAliases(input.aliases))) await repo.markContentChanged(saved.id, deps.clock.now().toISOString());
        return (await repo.findById(saved.id))!;
      },
      // Aliases are words readers see too (search finds the institution by them): checked like its text.
      text: (i) => ({ name: i.name, aliases: (i.aliases ?? []).join('\n'), ...docTextFields('profile', i.profile), address: i.address ?? '' }),
      richText: (i) => i.profile ?? null,
      restorePatch: ({ fields: { aliases, ...contact }, ...r }) => ({
        name: r.title,
        profile: r.body,
        ...contact,
        ...(aliases !== undefined ? { aliases: aliases.split('\n').filter(Boolean) } : {}),
      }),
      // Editors who look after an institution edit its entry (a new one is nobody's yet).
      scopeOf: (x) => ({ channelId: null, institutionIds: 'id' in x ? [x.id] : [] }),
    },
    deps,
  );
}
export type InstitutionsWorkflow = ReturnType<typeof createInstitutionsWorkflow>;
