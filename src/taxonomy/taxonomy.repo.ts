// Channels (news, notices…): the only place that queries the channel table.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/index.js';

export interface Channel {
  id: number;
  slug: string;
  nameZh: string;
  nameEn: string;
}

export function createTaxonomyRepo(db: Kysely<DB> | Transaction<DB>) {
  return {
    /** Every channel in its set order. */
    async channels(): Promise<Channel[]> {
      const rows = await db.selectFrom('channel').selectAll().orderBy('position').orderBy('id').execute();
      return rows.map((row) => ({ id: Number(row.id), slug: row.slug, nameZh: row.name_zh, nameEn: row.name_en }));
    },
    async channelBySlug(slug: string): Promise<Channel | undefined> {
      const row = await db.selectFrom('channel').selectAll().where('slug', '=', slug).executeTakeFirst();
      return row ? { id: Number(row.id), slug: row.slug, nameZh: row.name_zh, nameEn: row.name_en } : undefined;
    },
  };
}
export type TaxonomyRepo = ReturnType<typeof createTaxonomyRepo>;
