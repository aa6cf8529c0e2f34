// Which institutions an article is about: those an editor chose, and those its text mentions by
// name or alias, found on every save. An editor confirms a found link by keeping it, or removes
// it, and a removed link is remembered so that the text does not bring it back.
import { docToPlainText, findMentioned } from '../richtext/index.js';
import type { NewsRepo } from './news.repo.js';
import type { Article, InstitutionLink } from './news.types.js';

/** An editor's decision on the article's institutions, as a save carries it. */
export interface InstitutionChoice {
  /** The institutions kept or chosen: each becomes (or stays) an editor's link. */
  ids: readonly number[];
  /**
   * The found links the editor was shown: those of them left out of `ids` are removed. Without
   * it every found link counts as shown (an API client sends the whole list). A link found since
   * the form was opened (by an autosave) was not shown, and stays.
   */
  foundShown?: readonly number[];
}

/** Brings the article's institution links in line with the choice (if any) and its text; says whether they changed. */
export async function linkInstitutions(
  repo: NewsRepo,
  a: Article,
  choice?: InstitutionChoice,
  names?: readonly { id: number; names: readonly string[] }[],
): Promise<boolean> {
  const before = await repo.institutionLinks(a.id);
  const removed = new Set(await repo.removedInstitutions(a.id));
  const editors = new Set(before.filter((l) => l.origin === 'editor').map((l) => l.institutionId));
  if (choice) {
    const chosen = new Set(choice.ids);
    const shown = choice.foundShown ? new Set(choice.foundShown) : undefined;
    for (const { institutionId: id, origin } of before)
      if (!chosen.has(id) && (origin === 'editor' || !shown || shown.has(id))) {
        editors.delete(id);
        removed.add(id);
      }
    for (const id of chosen) {
      editors.add(id);
      removed.delete(id);
    }
  }
  const text = `${a.title}\n${docToPlainText(a.body)}`;
  const found = findMentioned(text, names ?? (await repo.institutionNames(a.lang))).filter((id) => !editors.has(id) && !removed.has(id));
  const after: InstitutionLink[] = [
    ...[...editors].map((id) => ({ institutionId: id, origin: 'editor' as const })),
    ...found.map((id) => ({ institutionId: id, origin: 'found' as const })),
  ].sort((x, y) => x.institutionId - y.institutionId);
  const key = (links: readonly InstitutionLink[]) => links.map((l) => `${l.institutionId}${l.origin}`).join();
  const changed = key(after) !== key(before);
  if (changed) await repo.setInstitutionLinks(a.id, after);
  if (choice) await repo.setRemovedInstitutions(a.id, [...removed]);
  return changed;
}

/**
 * After an institution's names or state changed: the articles that name it, or were linked to it
 * by their text, are looked at again (an editor's links and removals stand), in this transaction.
 * Returns how many articles' links changed.
 */
export async function relinkMentionsOf(repo: NewsRepo, institutionId: number): Promise<number> {
  const ids = await repo.articlesToRelink(institutionId);
  if (!ids.length) return 0;
  const names = new Map<string, { id: number; names: string[] }[]>();
  let changed = 0;
  for (const id of ids) {
    const a = await repo.findById(id);
    if (!a) continue;
    if (!names.has(a.lang)) names.set(a.lang, await repo.institutionNames(a.lang));
    if (await linkInstitutions(repo, a, undefined, names.get(a.lang))) changed++;
  }
  return changed;
}
