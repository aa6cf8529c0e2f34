// Pairing an item with its version in the other language, for every kind alike. Versions share a
// translation group: a number that is always the id of one of its members, so that an item that
// has none can start one under its own id without meeting an old group there.
import { invalid } from '../shared/errors.js';
import type { Lang } from '../shared/lang.js';
import type { ContentKind } from './workflow.types.js';

export interface Linkable {
  id: number;
  lang: Lang;
  translationGroup: number | null;
}

/** The store of one kind, as pairing uses it (workflowQueries gives every content table these). */
export interface TranslationRepo<T extends Linkable> {
  findById(id: number): Promise<T | undefined>;
  findInGroup(group: number, lang: Lang): Promise<T | undefined>;
  groupMembers(group: number): Promise<number[]>;
  setTranslationGroup(ids: number[], group: number | null): Promise<void>;
}

/** What a save asks of the pairing, checked before anything is written. */
export type TranslationPlan = { unlink: true } | { unlink: false; otherId: number; group: number; alreadyPaired: boolean };

/** The field every kind names the other version with (the API's, the form's). */
export const TRANSLATION_FIELD = 'translationOf';

/**
 * Checks the other version a save names: an item of the same kind, in the other language, not
 * paired with another item of this one's language. `item` is the stored item (none for a new one).
 * undefined: the save leaves the pairing as it is.
 */
export async function planTranslation<T extends Linkable>(
  repo: TranslationRepo<T>,
  kind: ContentKind,
  lang: Lang,
  item: Linkable | undefined,
  otherId: number | null | undefined,
): Promise<TranslationPlan | undefined> {
  if (otherId === undefined) return undefined;
  if (otherId === null) return { unlink: true };
  const other = await repo.findById(otherId);
  if (!other || other.lang === lang)
    throw invalid('TRANSLATION_INVALID', `${kind} ${otherId} is not a ${kind} in the other language`, { field: TRANSLATION_FIELD });
  const alreadyPaired = item !== undefined && other.translationGroup !== null && other.translationGroup === item.translationGroup;
  const group = other.translationGroup ?? other.id;
  if (!alreadyPaired && other.translationGroup !== null) {
    const taken = await repo.findInGroup(group, lang);
    if (taken && taken.id !== item?.id)
      throw invalid('TRANSLATION_TAKEN', `${kind} ${otherId} is already paired with ${kind} ${taken.id}`, { field: TRANSLATION_FIELD });
  }
  return { unlink: false, otherId, group, alreadyPaired };
}

/**
 * Takes an item out of its group. What remains keeps a group numbered after one of its members:
 * a lone item is in none, and a group named after the leaver takes the number of another member.
 */
async function leaveGroup<T extends Linkable>(repo: TranslationRepo<T>, item: Linkable) {
  const group = item.translationGroup;
  if (group === null) return;
  await repo.setTranslationGroup([item.id], null);
  const rest = await repo.groupMembers(group);
  if (rest.length === 1) await repo.setTranslationGroup(rest, null);
  else if (rest.length > 1 && group === item.id) await repo.setTranslationGroup(rest, Math.min(...rest));
}

/** Carries out a plan on the saved item, in the save's transaction; whether anything changed. */
export async function applyTranslation<T extends Linkable>(repo: TranslationRepo<T>, item: Linkable, plan: TranslationPlan | undefined): Promise<boolean> {
  if (!plan) return false;
  if (plan.unlink) {
    if (item.translationGroup === null) return false;
    await leaveGroup(repo, item);
    return true;
  }
  if (plan.alreadyPaired) return false;
  await leaveGroup(repo, item);
  // An item starting a group under its own id: rows left with that number by data written before
  // groups kept to their members' ids move to a number of their own first.
  if (plan.group === plan.otherId) {
    const stale = (await repo.groupMembers(plan.group)).filter((id) => id !== plan.otherId);
    if (stale.length) await repo.setTranslationGroup(stale, stale.length > 1 ? Math.min(...stale) : null);
  }
  await repo.setTranslationGroup([item.id, plan.otherId], plan.group);
  return true;
}
