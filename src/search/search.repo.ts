// The search index's rows, and the one query that differs by store: which documents hold every
// token (SQLite: FTS5 MATCH; PostgreSQL: tsvector @@ tsquery). Both stores hold the same tokens,
// so they find the same documents; ranking them is the service's, in TypeScript.
import { sql, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction } from 'kysely';
import { dialectOf, type DB, type DialectName } from '../db/index.js';
import { toIso } from '../shared/clock.js';
import type { Lang } from '../shared/lang.js';
import { toCount } from '../shared/rows.js';
import type { SearchFilter, SearchType } from './search.types.js';

type Db = Kysely<DB> | Transaction<DB>;

/** A row as the repository writes it (tokens already made). */
export interface SearchDocRow {
  type: SearchType;
  itemId: number;
  lang: Lang;
  title: string;
  text: string;
  titleTokens: string;
  bodyTokens: string;
  titleLength: number;
  bodyLength: number;
  url: string;
  channelId: number | null;
  year: number | null;
  publishedAt: string | null;
  unpublishAt: string | null;
  updatedAt: string;
}

/** What ranking needs of a candidate. */
export interface Candidate {
  id: number;
  type: SearchType;
  itemId: number;
  titleTokens: string;
  bodyTokens: string;
  titleLength: number;
  bodyLength: number;
  publishedAt: string | null;
}

/** What a result shows. */
export interface Shown {
  id: number;
  type: SearchType;
  itemId: number;
  lang: Lang;
  title: string;
  text: string;
  url: string;
  publishedAt: string | null;
}

export interface IndexStats {
  count: number;
  titleLengths: number;
  bodyLengths: number;
}

/**
 * Documents holding every token. Tokens are letters and digits only (segment.ts), so they go into
 * the store's query syntax quoted, as whole tokens; the query text itself is a bound parameter.
 */
function matchesAll(dialect: DialectName, tokens: readonly string[]) {
  if (dialect === 'postgres') {
    const query = tokens.map((t) => `'${t.replaceAll("'", "''")}'`).join(' & ');
    return sql<SqlBool>`search_doc.tokens @@ ${query}::tsquery`;
  }
  const query = tokens.map((t) => `"${t.replaceAll('"', '""')}"`).join(' ');
  return sql<SqlBool>`search_doc.id in (select rowid from search_fts where search_fts match ${query})`;
}

/** Documents holding a token that starts with `prefix` (letters only, as the caller makes it). */
function matchesPrefix(dialect: DialectName, prefix: string) {
  if (dialect === 'postgres') return sql<SqlBool>`search_doc.tokens @@ ${`'${prefix}':*`}::tsquery`;
  return sql<SqlBool>`search_doc.id in (select rowid from search_fts where search_fts match ${`"${prefix}"*`})`;
}

export function createSearchRepo(db: Db) {
  const dialect = dialectOf(db);

  /** Visible at `now` and within the filter. */
  function where(filter: SearchFilter, now: string) {
    return (eb: ExpressionBuilder<DB, 'search_doc'>) => {
      const and = [
        eb.or([eb('published_at', 'is', null), eb('published_at', '<=', now)]),
        eb.or([eb('unpublish_at', 'is', null), eb('unpublish_at', '>', now)]),
      ];
      if (filter.lang) and.push(eb('lang', '=', filter.lang));
      if (filter.type) and.push(eb('type', '=', filter.type));
      if (filter.channelId !== undefined) and.push(eb('channel_id', '=', filter.channelId));
      if (filter.year !== undefined) and.push(eb('year', '=', filter.year));
      if (filter.institutionId !== undefined)
        and.push(
          eb('type', '=', 'article'),
          eb.exists(
            eb
              .selectFrom('article_institution')
              .select('article_institution.article_id')
              .whereRef('article_institution.article_id', '=', 'search_doc.item_id')
              .where('article_institution.institution_id', '=', filter.institutionId),
          ),
        );
      return eb.and(and);
    };
  }

  return {
    async put(row: SearchDocRow): Promise<void> {
      const values = {
        type: row.type,
        item_id: row.itemId,
        lang: row.lang,
        title: row.title,
        text: row.text,
        title_tokens: row.titleTokens,
        body_tokens: row.bodyTokens,
        title_length: row.titleLength,
        body_length: row.bodyLength,
        url: row.url,
        channel_id: row.channelId,
        year: row.year,
        published_at: row.publishedAt,
        unpublish_at: row.unpublishAt,
        updated_at: row.updatedAt,
      };
      const { type, item_id, ...changed } = values;
      await db
        .insertInto('search_doc')
        .values(values)
        .onConflict((oc) => oc.columns(['type', 'item_id']).doUpdateSet(changed))
        .execute();
    },

    async remove(type: SearchType, itemId: number): Promise<void> {
      await db.deleteFrom('search_doc').where('type', '=', type).where('item_id', '=', itemId).execute();
    },

    async clear(): Promise<void> {
      await db.deleteFrom('search_doc').execute();
    },

    /**
     * The visible documents within the filter that hold every token, the newest `limit` of them
     * (undated last, then by id): the same set from both stores, which the service ranks.
     */
    async candidates(tokens: readonly string[], filter: SearchFilter, now: string, limit: number): Promise<Candidate[]> {
      const rows = await db
        .selectFrom('search_doc')
        .select(['id', 'type', 'item_id', 'title_tokens', 'body_tokens', 'title_length', 'body_length', 'published_at'])
        .where(matchesAll(dialect, tokens))
        .where(where(filter, now))
        .orderBy(sql`published_at desc nulls last`)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: Number(r.id),
        type: r.type as SearchType,
        itemId: Number(r.item_id),
        titleTokens: r.title_tokens,
        bodyTokens: r.body_tokens,
        titleLength: Number(r.title_length),
        bodyLength: Number(r.body_length),
        publishedAt: toIso(r.published_at),
      }));
    },

    /** How many visible documents within the filter hold every token. */
    async countMatching(tokens: readonly string[], filter: SearchFilter, now: string): Promise<number> {
      const row = await db
        .selectFrom('search_doc')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(matchesAll(dialect, tokens))
        .where(where(filter, now))
        .executeTakeFirstOrThrow();
      return toCount(row.n);
    },

    /**
     * The titles of the newest `limit` visible documents within the filter that hold a token
     * starting with `prefix` (the same set from both stores): where a misspelt word's likely
     * meaning is looked for.
     */
    async titlesWithPrefix(prefix: string, filter: SearchFilter, now: string, limit: number): Promise<string[]> {
      const rows = await db
        .selectFrom('search_doc')
        .select('title')
        .where(matchesPrefix(dialect, prefix))
        .where(where(filter, now))
        .orderBy(sql`published_at desc nulls last`)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => r.title);
    },

    /** How many documents of the whole index hold the token (its document frequency). */
    async documentFrequency(token: string): Promise<number> {
      const row = await db
        .selectFrom('search_doc')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(matchesAll(dialect, [token]))
        .executeTakeFirstOrThrow();
      return toCount(row.n);
    },

    /** Sums, not averages: integers read the same from both stores. */
    async stats(): Promise<IndexStats> {
      const row = await db
        .selectFrom('search_doc')
        .select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum('title_length').as('t'), eb.fn.sum('body_length').as('b')])
        .executeTakeFirstOrThrow();
      return { count: toCount(row.n), titleLengths: toCount(row.t as number | null), bodyLengths: toCount(row.b as number | null) };
    },

    async shown(ids: readonly number[]): Promise<Shown[]> {
      if (!ids.length) return [];
      const rows = await db.selectFrom('search_doc').select(['id', 'type', 'item_id', 'lang', 'title', 'text', 'url', 'published_at']).where('id', 'in', ids).execute();
      return rows.map((r) => ({
        id: Number(r.id),
        type: r.type as SearchType,
        itemId: Number(r.item_id),
        lang: r.lang as Lang,
        title: r.title,
        text: r.text,
        url: r.url,
        publishedAt: toIso(r.published_at),
      }));
    },
  };
}
export type SearchRepo = ReturnType<typeof createSearchRepo>;
