// The presence rows: the only place that queries the presence table.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/index.js';
import { toIso } from '../shared/clock.js';

export interface PresenceRef {
  type: 'article';
  id: number;
}

export interface Present {
  userId: number;
  displayName: string;
  seenAt: string;
}

export function createPresenceRepo(db: Kysely<DB> | Transaction<DB>) {
  return {
    /** Records that the user has the item open now (one row per user and item). */
    async touch(ref: PresenceRef, userId: number, now: string) {
      await db
        .insertInto('presence')
        .values({ entity_type: ref.type, entity_id: ref.id, user_id: userId, seen_at: now })
        .onConflict((oc) => oc.columns(['entity_type', 'entity_id', 'user_id']).doUpdateSet({ seen_at: now }))
        .execute();
    },
    async remove(ref: PresenceRef, userId: number) {
      await db.deleteFrom('presence').where('entity_type', '=', ref.type).where('entity_id', '=', ref.id).where('user_id', '=', userId).execute();
    },
    /** Forgets everyone not seen since `before`, on every item. */
    async prune(before: string) {
      await db.deleteFrom('presence').where('seen_at', '<', before).execute();
    },
    /** Everyone but `exceptUserId` seen on the item since `since`, most recent first. */
    async others(ref: PresenceRef, exceptUserId: number | null, since: string): Promise<Present[]> {
      let q = db
        .selectFrom('presence')
        .innerJoin('app_user', 'app_user.id', 'presence.user_id')
        .select(['presence.user_id', 'app_user.display_name', 'presence.seen_at'])
        .where('presence.entity_type', '=', ref.type)
        .where('presence.entity_id', '=', ref.id)
        .where('presence.seen_at', '>=', since)
        .orderBy('presence.seen_at', 'desc');
      if (exceptUserId !== null) q = q.where('presence.user_id', '!=', exceptUserId);
      const rows = await q.execute();
      return rows.map((r) => ({ userId: Number(r.user_id), displayName: r.display_name, seenAt: toIso(r.seen_at)! }));
    },
  };
}
export type PresenceRepo = ReturnType<typeof createPresenceRepo>;
