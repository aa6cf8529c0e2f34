// Sensitive terms (错敏词): the list administrators keep, and the check that finds them in text.
import { requireRole, type Actor, type AuditEntry } from '../people/index.js';
import type { Clock } from '../shared/clock.js';
import { invalid, notFound } from '../shared/errors.js';
import type { TermsRepo } from './terms.repo.js';

export interface SensitiveTerm {
  id: number;
  term: string;
  replacement: string | null;
}

export interface TermMatch {
  field: string;
  term: string;
  replacement: string | null;
  /** A few characters around the match, for the editor to show. */
  context: { before: string; match: string; after: string };
}

/** Full-width letters, compatibility forms and letter case do not hide a term. */
const fold = (text: string) => text.normalize('NFKC').toLowerCase();

/** Every occurrence of every term in the given fields. */
export function findTerms(terms: SensitiveTerm[], fields: Record<string, string>): TermMatch[] {
  const matches: TermMatch[] = [];
  for (const [field, text] of Object.entries(fields)) {
    const folded = fold(text);
    // NFKC can change lengths; positions are taken in the folded text and shown from it.
    for (const t of terms) {
      const needle = fold(t.term);
      if (!needle) continue;
      for (let at = folded.indexOf(needle); at !== -1; at = folded.indexOf(needle, at + needle.length)) {
        matches.push({
          field,
          term: t.term,
          replacement: t.replacement,
          context: { before: folded.slice(Math.max(0, at - 12), at), match: folded.slice(at, at + needle.length), after: folded.slice(at + needle.length, at + needle.length + 12) },
        });
      }
    }
  }
  return matches;
}

export function createTermsService(repo: TermsRepo, clock: Clock, audit: (e: AuditEntry) => Promise<void>) {
  return {
    list: () => repo.list(),
    async add(actor: Actor | undefined, term: string, replacement: string | null) {
      const who = requireRole(actor, 'administrator', 'keep the list of sensitive terms');
      const clean = term.normalize('NFKC').trim();
      if (clean.length === 0 || clean.length > 100) throw invalid('TERM_INVALID', 'a term has 1 to 100 characters', { field: 'term' });
      if ((await repo.list()).some((t) => fold(t.term) === fold(clean))) throw invalid('TERM_EXISTS', `"${clean}" is on the list already`, { field: 'term' });
      const id = await repo.insert({ term: clean, replacement: replacement?.trim() || null, createdBy: who.id, now: clock.now().toISOString() });
      await audit({ actor: who, action: 'term.add', entityType: 'sensitive_term', entityId: id, comment: clean });
    },
    async remove(actor: Actor | undefined, id: number) {
      const who = requireRole(actor, 'administrator', 'keep the list of sensitive terms');
      if (!(await repo.remove(id))) throw notFound('TERM_NOT_FOUND', `No term ${id}`);
      await audit({ actor: who, action: 'term.remove', entityType: 'sensitive_term', entityId: id });
    },
    async check(fields: Record<string, string>) {
      const terms = await repo.list();
      return terms.length ? findTerms(terms, fields) : [];
    },
  };
}
export type TermsService = ReturnType<typeof createTermsService>;
