// Who else has an item open: the editor sends a heartbeat every 20 seconds; whoever was seen in the
// last minute counts as there. Rows are kept in the store (several app instances share it) and
// pruned lazily, by the heartbeats themselves.
import { requireRole, type Actor } from '../people/index.js';
import type { Clock } from '../shared/clock.js';
import type { Present, PresenceRef, PresenceRepo } from './presence.repo.js';

/** Seen within this long: still there. */
export const PRESENCE_WINDOW_MS = 60_000;
/** Rows older than this are deleted by the next heartbeat, whatever the item. */
const FORGET_AFTER_MS = 10 * 60_000;

export interface PresenceDeps {
  repo: PresenceRepo;
  clock: Clock;
  /** Throws unless the actor may open the item (presence tells nothing of items one may not read). */
  mayOpen: (actor: Actor, ref: PresenceRef) => Promise<unknown>;
}

export function createPresenceService({ repo, clock, mayOpen }: PresenceDeps) {
  const at = (msAgo: number) => new Date(clock.now().getTime() - msAgo).toISOString();
  return {
    /** "I have it open": records it and returns the others who have it open too. */
    async heartbeat(actor: Actor | undefined, ref: PresenceRef): Promise<Present[]> {
      const who = requireRole(actor, 'contributor', 'open workspace items');
      await mayOpen(who, ref);
      await repo.prune(at(FORGET_AFTER_MS));
      await repo.touch(ref, who.id, at(0));
      return repo.others(ref, who.id, at(PRESENCE_WINDOW_MS));
    },
    /** The page is closed: the others stop seeing this user at once. */
    async leave(actor: Actor | undefined, ref: PresenceRef): Promise<void> {
      const who = requireRole(actor, 'contributor', 'open workspace items');
      await repo.remove(ref, who.id);
    },
    /** Who else had the item open in the last minute (for the page rendered on the server). */
    async others(actor: Actor | undefined, ref: PresenceRef): Promise<Present[]> {
      const who = requireRole(actor, 'contributor', 'open workspace items');
      await mayOpen(who, ref);
      return repo.others(ref, who.id, at(PRESENCE_WINDOW_MS));
    },
  };
}
export type PresenceService = ReturnType<typeof createPresenceService>;
