// Media rows ↔ domain objects; the only place that queries media, media_variant and media_use.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, MediaTable, MediaVariantTable } from '../db/index.js';
import { toIso } from '../shared/clock.js';
import type { PageRequest, Paged } from '../shared/page.js';
import { toCount } from '../shared/rows.js';
import type { MediaItem, MediaKind, MediaListFilter, MediaOwner, MediaOwnerType, MediaVariant } from './media.types.js';

/** Where each kind of owner keeps its title (see MEDIA_OWNERS in media.types.ts). */
const OWNER_TITLES: Record<MediaOwnerType, { table: 'article'; title: 'title' }> = {
  article: { table: 'article', title: 'title' },
};

const toVariant = (r: Selectable<MediaVariantTable>): MediaVariant => ({
  path: r.path,
  mime: r.mime,
  width: r.width == null ? null : Number(r.width),
  height: r.height == null ? null : Number(r.height),
  byteSize: Number(r.byte_size),
});

function toItem(r: Selectable<MediaTable>, variants: MediaVariant[]): MediaItem {
  return {
    id: Number(r.id),
    kind: r.kind as MediaKind,
    mime: r.mime,
    name: r.original_name,
    alt: r.alt,
    width: r.width == null ? null : Number(r.width),
    height: r.height == null ? null : Number(r.height),
    byteSize: Number(r.byte_size),
    sha256: r.sha256,
    createdBy: r.created_by == null ? null : Number(r.created_by),
    createdAt: toIso(r.created_at)!,
    updatedAt: toIso(r.updated_at)!,
    variants,
  };
}

export interface NewMedia {
  kind: MediaKind;
  mime: string;
  name: string;
  alt: string | null;
  width: number | null;
  height: number | null;
  byteSize: number;
  sha256: string;
  createdBy: number;
  variants: MediaVariant[];
}

export function createMediaRepo(db: Kysely<DB> | Transaction<DB>) {
  async function variantsOf(ids: number[]): Promise<Map<number, MediaVariant[]>> {
    const out = new Map<number, MediaVariant[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return out;
    const rows = await db.selectFrom('media_variant').selectAll().where('media_id', 'in', ids).orderBy('width').orderBy('id').execute();
    for (const r of rows) out.get(Number(r.media_id))?.push(toVariant(r));
    return out;
  }

  return {
    isTransaction: db.isTransaction,

    async insert(m: NewMedia, now: string): Promise<MediaItem> {
      const row = await db
        .insertInto('media')
        .values({
          kind: m.kind,
          mime: m.mime,
          original_name: m.name,
          alt: m.alt,
          width: m.width,
          height: m.height,
          byte_size: m.byteSize,
          sha256: m.sha256,
          created_by: m.createdBy,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (m.variants.length)
        await db
          .insertInto('media_variant')
          .values(m.variants.map((v) => ({ media_id: row.id, path: v.path, mime: v.mime, width: v.width, height: v.height, byte_size: v.byteSize })))
          .execute();
      return toItem(row, m.variants);
    },

    /** Each item's last change, by id (for the site's state: a new alt text changes pages). */
    async versions(): Promise<Map<number, string>> {
      const rows = await db.selectFrom('media').select(['id', 'updated_at']).execute();
      return new Map(rows.map((r) => [Number(r.id), toIso(r.updated_at)!]));
    },
    async findById(id: number): Promise<MediaItem | undefined> {
      const row = await db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toItem(row, (await variantsOf([Number(row.id)])).get(Number(row.id))!) : undefined;
    },

    async list(f: MediaListFilter, req: PageRequest): Promise<Paged<MediaItem>> {
      let q = db.selectFrom('media');
      if (f.kind) q = q.where('kind', '=', f.kind);
      if (f.createdBy !== undefined) q = q.where('created_by', '=', f.createdBy);
      if (f.q) {
        const like = `%${f.q.toLowerCase().replace(/[%_\\]/g, '')}%`;
        q = q.where((eb) => eb.or([eb(eb.fn('lower', ['original_name']), 'like', like), eb(eb.fn('lower', ['alt']), 'like', like)]));
      }
      const ordered =
        f.sort === 'oldest'
          ? q.orderBy('created_at', 'asc').orderBy('id', 'asc')
          : f.sort === 'name'
            ? q.orderBy('original_name', 'asc').orderBy('id', 'asc')
            : f.sort === 'size'
              ? q.orderBy('byte_size', 'desc').orderBy('id', 'desc')
              : q.orderBy('created_at', 'desc').orderBy('id', 'desc');
      const [rows, count] = await Promise.all([
        ordered.selectAll().limit(req.limit).offset(req.offset).execute(),
        q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
      ]);
      const variants = await variantsOf(rows.map((r) => Number(r.id)));
      return { items: rows.map((r) => toItem(r, variants.get(Number(r.id))!)), total: toCount(count.n) };
    },

    async updateAlt(id: number, alt: string | null, now: string) {
      await db.updateTable('media').set({ alt, updated_at: now }).where('id', '=', id).execute();
    },

    /** Deletes the item and its variant rows; media_use's foreign key refuses it while in use. */
    async delete(id: number) {
      await db.deleteFrom('media_variant').where('media_id', '=', id).execute();
      await db.deleteFrom('media').where('id', '=', id).execute();
    },

    /** The image variants of these items, in one query. */
    async imageVariants(ids: number[]) {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('media_variant')
        .innerJoin('media', 'media.id', 'media_variant.media_id')
        .select(['media.id as id', 'media.width as item_width', 'media.height as item_height', 'media_variant.path', 'media_variant.mime', 'media_variant.width', 'media_variant.height', 'media_variant.byte_size'])
        .where('media.kind', '=', 'image')
        .where('media.id', 'in', ids)
        .orderBy('media_variant.width')
        .execute();
      return rows.map((r) => ({ mediaId: Number(r.id), itemWidth: Number(r.item_width), itemHeight: Number(r.item_height), variant: toVariant({ ...r, id: 0, media_id: Number(r.id) }) }));
    },

    /** Which of these ids are images in the library. */
    async existingImageIds(ids: number[]): Promise<Set<number>> {
      if (ids.length === 0) return new Set();
      const rows = await db.selectFrom('media').select('id').where('kind', '=', 'image').where('id', 'in', ids).execute();
      return new Set(rows.map((r) => Number(r.id)));
    },

    /** A stored file by its exact path, with what is needed to send it. */
    async findVariantByPath(path: string) {
      return db
        .selectFrom('media_variant')
        .innerJoin('media', 'media.id', 'media_variant.media_id')
        .select(['media_variant.path', 'media_variant.mime', 'media_variant.byte_size', 'media.kind', 'media.original_name'])
        .where('media_variant.path', '=', path)
        .executeTakeFirst();
    },

    /** Makes the stored uses of `owner` exactly `mediaIds`. */
    async replaceUses(owner: MediaOwner, mediaIds: number[]) {
      await db.deleteFrom('media_use').where('owner_type', '=', owner.type).where('owner_id', '=', owner.id).execute();
      if (mediaIds.length)
        await db
          .insertInto('media_use')
          .values(mediaIds.map((media_id) => ({ media_id, owner_type: owner.type, owner_id: owner.id })))
          .execute();
    },

    /** Where the item is used, with each owner's title. */
    async usesOf(mediaId: number) {
      const rows = await db.selectFrom('media_use').select(['owner_type', 'owner_id']).where('media_id', '=', mediaId).orderBy('owner_type').orderBy('owner_id').execute();
      const out: { type: MediaOwnerType; id: number; title: string }[] = [];
      for (const [type, source] of Object.entries(OWNER_TITLES) as [MediaOwnerType, (typeof OWNER_TITLES)[MediaOwnerType]][]) {
        const ids = rows.filter((r) => r.owner_type === type).map((r) => Number(r.owner_id));
        if (ids.length === 0) continue;
        const titles = await db.selectFrom(source.table).select(['id', source.title]).where('id', 'in', ids).execute();
        const byId = new Map(titles.map((t) => [Number(t.id), t[source.title]]));
        for (const id of ids) out.push({ type, id, title: byId.get(id) ?? `${type} ${id}` });
      }
      return out;
    },
  };
}
export type MediaRepo = ReturnType<typeof createMediaRepo>;
