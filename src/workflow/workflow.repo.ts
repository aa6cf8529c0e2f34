// The queries the workflow makes of every content table (article, page, institution), and the
// revision rows of pages and institutions (content_revision). Each kind's repository maps the rows.
import { sql, type Kysely, type SqlBool, type Transaction, type Updateable } from 'kysely';
import { claimRows, prepared, type ArticleTable, type DB } from '../db/index.js';
import { parseStoredDoc } from '../richtext/index.js';
import { toIso } from '../shared/clock.js';
import { LANGS, type Lang } from '../shared/lang.js';
import type { PageRequest, Paged } from '../shared/page.js';
import { toCount } from '../shared/rows.js';
import type { AdminListFilter, ContentStatus, RevisionBase, StatusDates, WorkflowItem } from './workflow.types.js';

export type WorkflowTable = 'article' | 'page' | 'institution';
/** The columns holding what readers see of an item: a change to any of them is a change of its content. */
const CONTENT_COLUMNS: Record<WorkflowTable, readonly string[]> = {
  article: ['title', 'summary', 'body'],
  page: ['title', 'summary', 'body'],
  institution: ['name', 'profile', 'address', 'phone', 'email', 'external_url'],
};
type Db = Kysely<DB> | Transaction<DB>;

/**
 * LIMIT 1 written into the SQL: with the limit as a bound parameter SQLite spends twice as long on
 * a lookup by unique key (31 µs against 13 µs for an article by language and slug).
 */
const one = sql.lit(1);

/** Published, due and not yet due to come down: what a visitor may see at `now` (any content table). */
export const isVisible = (now: string) =>
  sql<SqlBool>`status = 'published' and (published_at is null or published_at <= ${now}) and (unpublish_at is null or unpublish_at > ${now})`;

type Stamp = string | Date;
/** The workflow's columns of any content row, as the domain names them. */
export function workflowFields(row: { status: string; author_id: number | null; published_at: Stamp | null; unpublish_at: Stamp | null; revision: number; created_at: Stamp; updated_at: Stamp; content_changed_at?: Stamp | null }) {
  return {
    status: row.status as ContentStatus,
    authorId: row.author_id == null ? null : Number(row.author_id),
    publishedAt: toIso(row.published_at),
    unpublishAt: toIso(row.unpublish_at),
    revision: Number(row.revision),
    createdAt: toIso(row.created_at)!,
    updatedAt: toIso(row.updated_at)!,
    contentChangedAt: toIso(row.content_changed_at ?? row.updated_at)!,
  };
}

/** The columns every revision table has (article_revision, content_revision), from the saved item. */
export const revisionColumns = <B extends string | null>(item: WorkflowItem & { title: string; summary: string | null }, body: B, savedBy: number | null, now: string) => ({
  revision: item.revision,
  title: item.title,
  slug: item.slug,
  summary: item.summary,
  body,
  published_at: item.publishedAt,
  status: item.status,
  author_id: item.authorId,
  saved_by: savedBy,
  created_at: now,
});

interface RevisionRow {
  revision: number;
  title: string;
  slug: string;
  summary: string | null;
  body: string | null;
  published_at: Stamp | null;
  status: string;
  author_id: number | null;
  saved_by: number | null;
  created_at: Stamp;
}
/** A revision row of any revision table; `where` names it in the error if its text is corrupt. */
export const toRevision = (r: RevisionRow, where: string): RevisionBase => ({
  revision: Number(r.revision),
  title: r.title,
  slug: r.slug,
  summary: r.summary,
  body: parseStoredDoc(r.body, `${where} revision ${r.revision}`),
  publishedAt: toIso(r.published_at),
  status: r.status as ContentStatus,
  authorId: r.author_id == null ? null : Number(r.author_id),
  savedBy: r.saved_by == null ? null : Number(r.saved_by),
  createdAt: toIso(r.created_at)!,
});

/** A visible item in the columns the site's state needs (see visibleIndex). */
export interface IndexRow {
  id: number;
  lang: Lang;
  slug: string;
  title: string;
  revision: number;
  updatedAt: string;
  publishedAt: string | null;
  translationGroup: number | null;
}

/** Where a visitor looks for one item. */
export interface VisibleKey {
  id?: number;
  lang?: Lang;
  slug?: string;
  title?: string;
  translationGroup?: number;
}
const VISIBLE_COLUMNS = { id: 'id', lang: 'lang', slug: 'slug', title: 'title', translationGroup: 'translation_group' } as const;
const VISIBLE_KEYS = Object.keys(VISIBLE_COLUMNS) as (keyof VisibleKey)[];

/**
 * The workflow's queries on one content table. The three tables share the columns used here
 * (migrations 0001, 0003 and 0008), so Kysely is told they are the article table's; `toItem`
 * maps the rows of the real one.
 */
export function workflowQueries<T>(db: Db, table: WorkflowTable, toItem: (row: never) => T, titleColumn: 'title' | 'name' = 'title') {
  const t = table as 'article';
  const item = (row: unknown) => (row ? toItem(row as never) : undefined);
  const title = sql.ref<string>(titleColumn);
  const visible = (now: string) => db.selectFrom(t).selectAll().where(isVisible(now));
  /**
   * content_changed_at for an update writing `columns`: now if any of the words readers see
   * differs from the stored row, else as it was. Compared in the UPDATE itself, so that the row it
   * compares with is the row it writes.
   */
  const contentStamp = (columns: object, now: string) => {
    const values = columns as Record<string, unknown>;
    const changed = CONTENT_COLUMNS[table].filter((c) => c in values).map((c) => sql<SqlBool>`${sql.ref(c)} is distinct from ${values[c] ?? null}`);
    if (changed.length === 0) return {};
    return { content_changed_at: sql<string>`case when ${sql.join(changed, sql` or `)} then ${now} else content_changed_at end` };
  };
  // The public site looks items up by a few combinations of keys, each compiled once.
  const findVisibleBy = new Map<string, (values: VisibleKey & { now: string }) => Promise<unknown[]>>();
  return {
    /** A visible item (see isVisible) matching every key given; the oldest when several do. */
    async findVisible(now: string, key: VisibleKey): Promise<T | undefined> {
      const given = VISIBLE_KEYS.filter((k) => key[k] !== undefined);
      const shape = given.join();
      let find = findVisibleBy.get(shape);
      if (!find) {
        find = prepared(db, (v: VisibleKey & { now: string }) => {
          let q = visible(v.now);
          for (const k of given) q = q.where(VISIBLE_COLUMNS[k], '=', v[k]!);
          return q.orderBy('id').limit(one);
        });
        findVisibleBy.set(shape, find);
      }
      return item((await find({ ...key, now }))[0]);
    },
    /** What visitors see, a page at a time: newest first, or (pages, institutions) in their set order. */
    async pageVisible(lang: Lang | undefined, now: string, req: PageRequest, order: 'published' | 'position'): Promise<Paged<T>> {
      let q = visible(now);
      let c = db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).where(isVisible(now));
      if (lang) {
        q = q.where('lang', '=', lang);
        c = c.where('lang', '=', lang);
      }
      const by = order === 'published' ? [sql`published_at desc nulls last`, sql`id desc`] : [sql`lang desc`, sql`position asc`, sql`id asc`];
      for (const o of by) q = q.orderBy(o);
      const [rows, count] = await Promise.all([q.limit(req.limit).offset(req.offset).execute(), c.executeTakeFirstOrThrow()]);
      return { items: rows.map((r) => toItem(r as never)), total: toCount(count.n) };
    },
    /**
     * Every visible item in a few columns, in the order visitors see them: what the site's state
     * (site/state.ts) is built from, for the page cache and the static export.
     */
    async visibleIndex(now: string, order: 'published' | 'position'): Promise<IndexRow[]> {
      let q = db
        .selectFrom(t)
        .select(['id', 'lang', 'slug', title.as('title'), 'revision', 'updated_at', 'published_at', 'translation_group'])
        .where(isVisible(now));
      const by = order === 'published' ? [sql`lang asc`, sql`published_at desc nulls last`, sql`id desc`] : [sql`lang asc`, sql`position asc`, sql`id asc`];
      for (const o of by) q = q.orderBy(o);
      return (await q.execute()).map((r) => ({
        id: Number(r.id),
        // The constant, not the driver's copy of it: one string for all, not one an item.
        lang: LANGS.find((l) => l === r.lang) ?? (r.lang as Lang),
        slug: r.slug,
        title: r.title,
        revision: Number(r.revision),
        updatedAt: toIso(r.updated_at)!,
        publishedAt: toIso(r.published_at),
        translationGroup: r.translation_group == null ? null : Number(r.translation_group),
      }));
    },
    /** The next moment after `now` at which an item comes up or down without anyone saving it. */
    async nextVisibilityChange(now: string): Promise<string | null> {
      const r = await db
        .selectFrom(t)
        .select((eb) => [
          eb.fn.min(sql<string>`case when published_at > ${now} then published_at end`).as('up'),
          eb.fn.min(sql<string>`case when unpublish_at > ${now} then unpublish_at end`).as('down'),
        ])
        .where('status', '=', 'published')
        .executeTakeFirst();
      const times = [toIso(r?.up ?? null), toIso(r?.down ?? null)].filter((x): x is string => x !== null);
      return times.length ? times.sort()[0]! : null;
    },
    async findById(id: number): Promise<T | undefined> {
      return item(await db.selectFrom(t).selectAll().where('id', '=', id).executeTakeFirst());
    },
    async isSlugTaken(lang: Lang, slug: string, exceptId?: number) {
      let q = db.selectFrom(t).select('id').where('lang', '=', lang).where('slug', '=', slug);
      if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
      return (await q.executeTakeFirst()) !== undefined;
    },
    async count(): Promise<number> {
      const r = await db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return toCount(r.n);
    },
    /**
     * Writes only when the stored revision is still `expected` and the status still `status` (the
     * one the save was checked against); undefined when another save or a transition came first.
     * Without the status condition a save would put back the status it read, undoing a transition.
     */
    async updateIfRevision(id: number, expected: number, status: ContentStatus, columns: object, now: string): Promise<T | undefined> {
      const row = await db
        .updateTable(t)
        .set({ ...(columns as Updateable<ArticleTable>), ...contentStamp(columns, now), status, updated_at: now, revision: expected + 1 })
        .where('id', '=', id)
        .where('revision', '=', expected)
        .where('status', '=', status)
        .returningAll()
        .executeTakeFirst();
      return item(row);
    },
    /** An update outside the workflow (an import): a new revision, so that a save based on the old one is refused. */
    async updateAsNewRevision(id: number, columns: object, now: string): Promise<T> {
      const row = await db
        .updateTable(t)
        .set((eb) => ({ ...(columns as Updateable<ArticleTable>), ...contentStamp(columns, now), updated_at: now, revision: eb('revision', '+', 1) }))
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toItem(row as never);
    },
    /** Moves an item from one status to another; undefined when it was no longer in `from`. */
    async changeStatus(id: number, from: ContentStatus, to: ContentStatus, set: StatusDates, now: string, revision?: number): Promise<T | undefined> {
      const row = await db
        .updateTable(t)
        .set({
          status: to,
          updated_at: now,
          ...(set.publishedAt !== undefined ? { published_at: set.publishedAt } : {}),
          ...(set.unpublishAt !== undefined ? { unpublish_at: set.unpublishAt } : {}),
        })
        .where('id', '=', id)
        .where('status', '=', from)
        .$if(revision !== undefined, (q) => q.where('revision', '=', revision!))
        .returningAll()
        .executeTakeFirst();
      return item(row);
    },
    /** The item of a translation group in one language, whatever its status (the oldest if several). */
    async findInGroup(group: number, lang: Lang): Promise<T | undefined> {
      return item(await db.selectFrom(t).selectAll().where('translation_group', '=', group).where('lang', '=', lang).orderBy('id').limit(one).executeTakeFirst());
    },
    /** The ids in a translation group. */
    async groupMembers(group: number): Promise<number[]> {
      return (await db.selectFrom(t).select('id').where('translation_group', '=', group).orderBy('id').execute()).map((r) => Number(r.id));
    },
    /**
     * Puts items in a translation group (null: in none). The row's update is what tells the site's
     * page cache (the site_change triggers of migration 0010 fire on any update of a published row).
     */
    async setTranslationGroup(ids: number[], group: number | null) {
      if (ids.length) await db.updateTable(t).set({ translation_group: group }).where('id', 'in', ids).execute();
    },
    /**
     * Ids of scheduled items that are due, and of published ones due to come down; in a transaction,
     * claimed by it: another instance's run at the same moment passes them over.
     */
    async dueForSchedule(now: string) {
      const [publish, unpublish] = await Promise.all([
        claimRows(db, db.selectFrom(t).select('id').where('status', '=', 'scheduled').where('published_at', '<=', now)).execute(),
        claimRows(db, db.selectFrom(t).select('id').where('status', '=', 'published').where('unpublish_at', '<=', now)).execute(),
      ]);
      return { publish: publish.map((r) => Number(r.id)), unpublish: unpublish.map((r) => Number(r.id)) };
    },
    /** The workspace's list: any status, filtered, sorted and paginated. */
    async listForAdmin(f: AdminListFilter, req: PageRequest): Promise<Paged<T>> {
      const filter = () => {
        const conds = [];
        if (f.statuses?.length) conds.push(sql<SqlBool>`status in (${sql.join(f.statuses)})`);
        if (f.lang) conds.push(sql<SqlBool>`lang = ${f.lang}`);
        if (f.authorId !== undefined) conds.push(sql<SqlBool>`author_id = ${f.authorId}`);
        if (f.q) conds.push(sql<SqlBool>`lower(${title}) like ${`%${f.q.toLowerCase().replace(/[%_]/g, '')}%`}`);
        return conds.length ? sql<SqlBool>`${sql.join(conds, sql` and `)}` : sql<SqlBool>`1 = 1`;
      };
      const order = f.sort === 'title' ? sql`${title} asc` : f.sort === 'published' ? sql`published_at desc nulls last` : sql`updated_at desc nulls last`;
      const [rows, count] = await Promise.all([
        db.selectFrom(t).selectAll().where(filter()).orderBy(order).orderBy('id', 'desc').limit(req.limit).offset(req.offset).execute(),
        db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).where(filter()).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map((r) => toItem(r as never)), total: toCount(count.n) };
    },
  };
}

/** A revision of a page or an institution, with what only its kind has in `fields`. */
export interface ContentRevision<F extends Record<string, string | number | null>> extends RevisionBase {
  fields: F;
}

/** The revisions of pages or of institutions, in the one table they share. */
export function createContentRevisionRepo<F extends Record<string, string | number | null>>(db: Db, entityType: 'page' | 'institution') {
  return {
    async insert(item: WorkflowItem & { title: string; summary: string | null }, body: string | null, fields: F, savedBy: number | null, now: string) {
      await db
        .insertInto('content_revision')
        .values({ entity_type: entityType, entity_id: item.id, ...revisionColumns(item, body, savedBy, now), fields: JSON.stringify(fields) })
        .execute();
    },
    async list(entityId: number): Promise<ContentRevision<F>[]> {
      const rows = await db
        .selectFrom('content_revision')
        .selectAll()
        .where('entity_type', '=', entityType)
        .where('entity_id', '=', entityId)
        .orderBy('revision', 'desc')
        .execute();
      return rows.map((r) => ({ ...toRevision(r, `${entityType} ${entityId}`), fields: JSON.parse(r.fields) as F }));
    },
  };
}
