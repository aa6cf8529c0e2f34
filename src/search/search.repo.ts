// The search index's rows and postings. A query's documents are found and scored from the postings
// (each token's documents with an integer weight), in the same SQL on both stores, so that both
// rank alike and read only the best rows. The stores' full-text indexes (SQLite: FTS5 MATCH;
// PostgreSQL: tsvector @@ tsquery) answer what postings cannot: words by their beginning, and the
// counts suggestions are chosen by.
import { sql, type ExpressionBuilder, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import { dialectOf, type DB, type DialectName } from '../db/index.js';
import { toIso } from '../shared/clock.js';
import type { Lang } from '../shared/lang.js';
import { toCount } from '../shared/rows.js';
import type { Countable } from '../shared/types.js';
import { MAX_TOKEN_LENGTH } from './segment.js';
import type { SearchDocInput, SearchFilter, SearchType } from './search.types.js';

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

/** A document's tokens, each with its weight (search.service.ts makes them). */
export type Weights = ReadonlyMap<string, number>;

/** A query's token in one language: its term, and how much a posting's weight counts. */
export interface QueryTerm {
  termId: number;
  /** The token's inverse document frequency, a positive integer. */
  idf: number;
}

/** A term of the index: a token of one language and how many documents hold it. */
export interface TermRow {
  id: number;
  token: string;
  lang: Lang;
  docs: number;
}

/** A matching document in ranking order: its score (the sum of idf × weight over the query's tokens) and what ties are broken by. */
export interface Scored {
  id: number;
  score: number;
  type: SearchType;
  itemId: number;
  publishedAt: string | null;
}

/** Where a read of a token's postings stopped (by weight, then document): the next read starts after it. */
export interface After {
  weight: number;
  id: number;
}

/**
 * A read of one language's matches among one year's postings (0: items freshness does not boost),
 * or with `older`, among those of that year and every one before it (0 too), in the order of its
 * first term's weights, after `after`; the others are looked up by document.
 */
export interface Stream {
  terms: readonly QueryTerm[];
  year: number;
  older: boolean;
  after: After | null;
  limit: number;
}

/** How many of the first postings of a query's rarest token (`read`, at most as many as asked) are of documents that match it (`matched`). */
export interface Sampled {
  read: number;
  matched: number;
}

/** What a result shows: the entry's id and what the index holds of the item to show it. */
export type Shown = { id: number } & Pick<SearchDocInput, 'type' | 'itemId' | 'lang' | 'title' | 'text' | 'url' | 'publishedAt'>;

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

/** Rows or values a statement writes or looks up at most: well within both stores' limits on parameters. */
const CHUNK = 500;
/** Streams read by one statement (each is an arm of a compound select). */
const MAX_ARMS = 100;

function chunked<T>(xs: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

/** The distinct tokens of a row's stored token strings. */
const tokensOf = (title: string, body: string) => [...new Set(`${title} ${body}`.split(' ').filter(Boolean))];

/** A document as its postings are written or removed. */
interface Posted {
  id: number;
  lang: string;
}

/** A document as its postings are written: each token's weight, and its year (0: not boosted by freshness). */
export interface ToPost extends Posted {
  weights: Weights;
  year: number;
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
      and.push(...narrowing(eb, filter));
      return eb.and(and);
    };
  }

  /** The filter's conditions besides language and visibility. */
  function narrowing(eb: ExpressionBuilder<DB, 'search_doc'>, filter: SearchFilter) {
    const and = [];
    if (filter.type) and.push(eb('search_doc.type', '=', filter.type));
    if (filter.channelId !== undefined) and.push(eb('search_doc.channel_id', '=', filter.channelId));
    if (filter.year !== undefined) and.push(eb('search_doc.year', '=', filter.year));
    if (filter.institutionId !== undefined)
      and.push(
        eb('search_doc.type', '=', 'article'),
        eb.exists(
          eb
            .selectFrom('article_institution')
            .select('article_institution.article_id')
            .whereRef('article_institution.article_id', '=', 'search_doc.item_id')
            .where('article_institution.institution_id', '=', filter.institutionId),
        ),
      );
    return and;
  }

  /** Whether postings alone cannot tell (they know the language and the year). */
  const narrows = (filter: SearchFilter) => filter.type !== undefined || filter.channelId !== undefined || filter.institutionId !== undefined;

  /** The ids of the documents not visible at `now`: dated later, or taken down. Few, and found by two indexes. */
  const hidden = (now: string) => sql`select id from search_doc where published_at > ${now} or unpublish_at <= ${now}`;

  /**
   * The condition that leaves them out, and the statement's `with` clause that finds them once for
   * all the arms of a ranking read (binding their ids in each arm would pass the stores' limits on
   * parameters); none when nothing is hidden, as is usual.
   */
  async function visible(now: string): Promise<{ head: RawBuilder<unknown>; shown: RawBuilder<unknown> }> {
    const { rows } = await sql<{ id: number }>`${hidden(now)} limit 1`.execute(db);
    if (!rows.length) return { head: sql``, shown: sql`` };
    return { head: sql`with hidden as (${hidden(now)}) `, shown: sql` and p0.doc_id not in (select id from hidden)` };
  }

  /** The term ids of tokens by language ("lang token" keys; tokens hold no spaces). */
  async function termIds(wanted: ReadonlyMap<string, ReadonlySet<string>>): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    for (const [lang, tokens] of wanted)
      for (const part of chunked([...tokens])) {
        const rows = await db.selectFrom('search_term').select(['id', 'token']).where('lang', '=', lang).where('token', 'in', part).execute();
        for (const r of rows) ids.set(`${lang} ${r.token}`, Number(r.id));
      }
    return ids;
  }

  /**
   * Replaces the postings of `old` documents (their tokens as stored) by those of `next`, and
   * counts the terms' documents by the difference, in one statement in a fixed order (so that two
   * saves at once never wait on each other crosswise).
   */
  async function repost(old: readonly (Posted & { tokens: readonly string[] })[], next: readonly ToPost[]): Promise<void> {
    const delta = new Map<string, { token: string; lang: string; docs: number }>();
    const count = (lang: string, token: string, by: number) => {
      const key = `${lang} ${token}`;
      const d = delta.get(key) ?? { token, lang, docs: 0 };
      d.docs += by;
      delta.set(key, d);
    };
    // The empty token is held by every document: its count is the language's number of documents.
    for (const o of old) for (const t of ['', ...o.tokens]) count(o.lang, t, -1);
    for (const n of next) for (const t of ['', ...n.weights.keys()]) count(n.lang, t, 1);
    const changed = [...delta.entries()]
      .filter(([, d]) => d.docs !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, d]) => d);
    for (const part of chunked(changed))
      await db
        .insertInto('search_term')
        .values(part)
        .onConflict((oc) => oc.columns(['token', 'lang']).doUpdateSet({ docs: sql`search_term.docs + excluded.docs` }))
        .execute();

    const wanted = new Map<string, Set<string>>();
    const want = (lang: string, tokens: Iterable<string>) => {
      const set = wanted.get(lang) ?? new Set<string>();
      for (const t of tokens) set.add(t);
      wanted.set(lang, set);
    };
    for (const o of old) want(o.lang, o.tokens);
    for (const n of next) want(n.lang, n.weights.keys());
    const ids = await termIds(wanted);
    for (const o of old) {
      const terms = o.tokens.map((t) => ids.get(`${o.lang} ${t}`)).filter((id): id is number => id !== undefined);
      for (const part of chunked(terms)) await db.deleteFrom('search_posting').where('doc_id', '=', o.id).where('term_id', 'in', part).execute();
    }
    const rows = next.flatMap((n) => [...n.weights].map(([t, weight]) => ({ term_id: ids.get(`${n.lang} ${t}`)!, doc_id: n.id, weight, year: n.year })));
    for (const part of chunked(rows)) await db.insertInto('search_posting').values(part).execute();
  }

  async function stored(type: SearchType, itemId: number) {
    const row = await db
      .selectFrom('search_doc')
      .select(['id', 'lang', 'title_tokens', 'body_tokens'])
      .where('type', '=', type)
      .where('item_id', '=', itemId)
      .executeTakeFirst();
    return row && { id: Number(row.id), lang: row.lang, tokens: tokensOf(row.title_tokens, row.body_tokens) };
  }

  /** The filter's conditions besides language, visibility and year, on the document of posting p0. */
  function narrowedAt(filter: SearchFilter) {
    return narrows(filter)
      ? sql` and exists ${db
          .selectFrom('search_doc')
          .select('search_doc.id')
          .where(sql<SqlBool>`search_doc.id = p0.doc_id`)
          .where((eb) => eb.and(narrowing(eb, { ...filter, year: undefined })))}`
      : sql``;
  }

  /**
   * PostgreSQL plans every arm of a compound select, and a ranking read has one a stream (a word
   * and a year each): planning cost more than reading. There the streams are one table of
   * parameters, each read by the same lateral select, planned once: the same rows as ranked()'s
   * arms, in the same order, with the same integer scores (all of the query's words' weights
   * looked up by document, the document kept when it holds them all).
   */
  function rankedLateral(streams: readonly Stream[], filter: SearchFilter, shown: RawBuilder<unknown>) {
    const { terms, older } = streams[0]!;
    // No read yet: past a weight no posting has (weights are below 2²⁴).
    const afterWeight = streams.map((s) => s.after?.weight ?? 2 ** 31 - 1);
    const afterId = streams.map((s) => s.after?.id ?? 0);
    return sql`
      select s.stream, r.id, r.score, r.weight
      from unnest(${streams.map((_, i) => i)}::int[], ${streams.map((s) => s.terms[0]!.termId)}::int[], ${streams.map((s) => s.year)}::int[],
        ${streams.map((s) => s.limit)}::int[], ${afterWeight}::int[], ${afterId}::int[]) as s(stream, term_id, year, lim, after_weight, after_id)
      cross join lateral (
        select p0.doc_id as id, p0.weight, m.score
        from search_posting p0
        cross join lateral (
          select count(*) as n, sum(t.idf * q.weight) as score
          from unnest(${terms.map((t) => t.termId)}::int[], ${terms.map((t) => t.idf)}::bigint[]) as t(term_id, idf)
          join search_posting q on q.term_id = t.term_id and q.doc_id = p0.doc_id
        ) m
        where p0.term_id = s.term_id and ${older ? sql`p0.year <= s.year` : sql`p0.year = s.year`} and p0.weight <= s.after_weight and (p0.weight < s.after_weight or p0.doc_id > s.after_id)
          and m.n = ${terms.length}${shown}${narrowedAt(filter)}
        order by p0.weight desc, p0.doc_id
        limit s.lim
      ) r`;
  }

  /**
   * The query's documents of one language as the store finds them: the postings of its first
   * token (of one year, or those a select of their documents gives), joined to the others' by
   * document, visible now and within the filter.
   */
  function matching(terms: readonly QueryTerm[], source: Pick<Stream, 'year' | 'older'> | RawBuilder<unknown>, filter: SearchFilter, shown: RawBuilder<unknown>) {
    // Each other token's posting is looked up by document, row by row: a year's share of the rarest
    // token's postings is small. PostgreSQL would rather hash all of a common token's postings for
    // every year read (20,000 rows each time), so there the lookup is made explicit (lateral, and
    // kept apart by its limit, which the planner would otherwise fold back into a join).
    const from = sql.join(
      terms.map((t, i) => {
        const p = sql.raw(`p${i}`);
        // Several years are read in the order of weights whatever the year (SQLite would rather read
        // the years' range of the other index and sort it all).
        if (i === 0) return !('older' in source) ? sql`(${source}) p0` : source.older ? sql`search_posting p0 indexed by search_posting_weight_ix` : sql`search_posting p0`;
        return dialect === 'postgres'
          ? sql`join lateral (select weight from search_posting where term_id = ${t.termId} and doc_id = p0.doc_id limit 1) ${p} on true`
          : sql`join search_posting ${p} on ${p}.term_id = ${t.termId} and ${p}.doc_id = p0.doc_id`;
      }),
      sql` `,
    );
    const narrowed = narrowedAt(filter);
    // Integers on both stores (bigint on PostgreSQL, where a sum of many can pass 2³¹).
    const score = sql.join(
      terms.map((t, i) => sql`cast(${t.idf} as bigint) * ${sql.raw(`p${i}`)}.weight`),
      sql` + `,
    );
    const first = 'older' in source ? sql`p0.term_id = ${terms[0]!.termId} and p0.year ${sql.raw(source.older ? '<=' : '=')} ${source.year}` : sql`true`;
    return { from: sql`${from} where ${first}${shown}${narrowed}`, score };
  }

  return {
    /** Writes a document's entry and its postings (`weights`: each of its tokens' weight). */
    async put(row: SearchDocRow, weights: Weights): Promise<void> {
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
      const old = await stored(row.type, row.itemId);
      const { type, item_id, ...changed } = values;
      const { id } = await db
        .insertInto('search_doc')
        .values(values)
        .onConflict((oc) => oc.columns(['type', 'item_id']).doUpdateSet(changed))
        .returning('id')
        .executeTakeFirstOrThrow();
      await repost(old ? [old] : [], [{ id: Number(id), lang: row.lang, weights, year: row.year ?? 0 }]);
    },

    async remove(type: SearchType, itemId: number): Promise<void> {
      const old = await stored(type, itemId);
      if (!old) return;
      await repost([old], []);
      await db.deleteFrom('search_doc').where('id', '=', old.id).execute();
    },

    async clear(): Promise<void> {
      await db.deleteFrom('search_posting').execute();
      await db.deleteFrom('search_term').execute();
      await db.deleteFrom('search_doc').execute();
    },

    /** The terms of these tokens in every language, with how many documents hold each ('' : how many a language has). */
    async terms(tokens: readonly string[]): Promise<TermRow[]> {
      if (!tokens.length) return [];
      const rows = await db.selectFrom('search_term').select(['id', 'token', 'lang', 'docs']).where('token', 'in', tokens).execute();
      return rows.map((r) => ({ id: Number(r.id), token: r.token, lang: r.lang as Lang, docs: toCount(r.docs) }));
    },

    /**
     * The years from `from` on that a term's postings have, in order: found by stepping through the
     * index from one to the next, a handful of seeks, and only those there are (an article dated
     * by mistake centuries ahead adds one year, not hundreds).
     */
    async years(termId: number, from: number): Promise<number[]> {
      const { rows } = await sql<{ year: number | null }>`
        with recursive y(year) as (
          select min(year) from search_posting where term_id = ${termId} and year >= ${from}
          union all
          select (select min(year) from search_posting where term_id = ${termId} and year > y.year) from y where y.year is not null
        )
        select year from y where year is not null`.execute(db);
      return rows.map((r) => Number(r.year));
    },

    /**
     * For each stream, its next `limit` matches in the order of its first term's weights (then by
     * document), with their scores, in one statement: the rows are read in the index's order, the
     * other terms' weights looked up by document, so only the rows read cost.
     */
    async ranked(streams: readonly Stream[], filter: SearchFilter, now: string): Promise<(Scored & { stream: number; weight: number })[]> {
      const { head, shown } = await visible(now);
      const rows: { stream: number; id: number; score: Countable; weight: number; type: string; item_id: number; published_at: Date | string | null }[] = [];
      /** Reads `from` (rows of stream, id, score, weight), its streams numbered as `numbers` has them. */
      const read = async (from: RawBuilder<unknown>, numbers: (stream: number) => number) => {
        const part = await sql<(typeof rows)[number]>`
          ${head}select r.stream, r.id, r.score, r.weight, d.type, d.item_id, d.published_at
          from (${from}) r
          join search_doc d on d.id = r.id`.execute(db);
        for (const r of part.rows) rows.push({ ...r, stream: numbers(Number(r.stream)) });
      };
      if (dialect === 'postgres') {
        // One statement a language (the streams of one query's words), and another for its older years.
        const byTerms = new Map<string, number[]>();
        streams.forEach((s, i) => {
          const key = `${s.older} ${s.terms.map((t) => t.termId).sort((a, b) => a - b).join(' ')}`;
          byTerms.set(key, [...(byTerms.get(key) ?? []), i]);
        });
        for (const indexes of byTerms.values())
          await read(
            rankedLateral(
              indexes.map((i) => streams[i]!),
              filter,
              shown,
            ),
            (k) => indexes[k]!,
          );
      } else {
        const arms = streams.map(({ terms, year, older, after, limit }, i) => {
          const { from, score } = matching(terms, { year, older }, filter, shown);
          // The bound on the weight lets the store start its range there rather than filter from the top.
          const past = after ? sql` and p0.weight <= ${after.weight} and (p0.weight < ${after.weight} or p0.doc_id > ${after.id})` : sql``;
          return sql`select * from (select ${i} as stream, p0.doc_id as id, ${score} as score, p0.weight as weight from ${from}${past} order by p0.weight desc, p0.doc_id limit ${limit}) ${sql.raw(`s${i}`)}`;
        });
        // SQLite takes at most 500 arms in a compound select: a statement reads this many streams.
        for (let at = 0; at < arms.length; at += MAX_ARMS) await read(sql.join(arms.slice(at, at + MAX_ARMS), sql` union all `), (k) => k);
      }
      return rows.map((r) => ({
        stream: Number(r.stream),
        id: Number(r.id),
        score: Number(r.score),
        weight: Number(r.weight),
        type: r.type as SearchType,
        itemId: Number(r.item_id),
        publishedAt: toIso(r.published_at),
      }));
    },

    /**
     * Of the newest `sample` postings of the query's first (rarest) term, of one year or of all, how
     * many are of visible documents within the filter that hold every other term: a count of the
     * matches when fewer were read, and otherwise their share, for an estimate.
     */
    async sampled(terms: readonly QueryTerm[], year: number | undefined, filter: SearchFilter, now: string, sample: number): Promise<Sampled> {
      const { head, shown } = await visible(now);
      const inYear = year === undefined ? sql`` : sql` and year = ${year}`;
      const first = sql`select doc_id from search_posting where term_id = ${terms[0]!.termId}${inYear} order by doc_id desc limit ${sample}`;
      const { from } = matching(terms, first, filter, shown);
      const { rows } = await sql<{ read: Countable; matched: Countable }>`
        ${head}select (select count(*) from (${first}) f) as read, (select count(*) from ${from}) as matched`.execute(db);
      return { read: toCount(rows[0]?.read), matched: toCount(rows[0]?.matched) };
    },

    /** How many postings a term has in a year. */
    async postings(termId: number, year: number): Promise<number> {
      const { rows } = await sql<{ n: Countable }>`select count(*) as n from search_posting where term_id = ${termId} and year = ${year}`.execute(db);
      return toCount(rows[0]?.n);
    },

    /**
     * How many documents of one language hold a token, with no filter but the language: its
     * term's count (`docs`), less the few documents not visible now that hold it.
     */
    async countHolding(termId: number, docs: number, now: string): Promise<number> {
      const { rows } = await sql<{ n: Countable }>`
        select count(*) as n from search_posting where term_id = ${termId} and doc_id in (${hidden(now)})`.execute(db);
      return docs - toCount(rows[0]?.n);
    },

    /** Whether the filter asks what postings cannot tell alone (a kind, a channel, an institution). */
    narrows,

    /** How many visible documents within the filter hold every token (the full-text index's answer, for suggestions). */
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
     * The words of the index that start with `prefix` (Latin letters), the most widely held first:
     * a range of the terms' key, so a two-letter prefix costs what its words do, not its documents.
     */
    async wordsWithPrefix(prefix: string, lang: Lang | undefined, limit: number): Promise<string[]> {
      const rows = await db
        .selectFrom('search_term')
        .select(['token', 'docs'])
        .where('token', '>=', prefix)
        .where('token', '<=', prefix + 'z'.repeat(MAX_TOKEN_LENGTH))
        .$if(lang !== undefined, (q) => q.where('lang', '=', lang!))
        .orderBy('docs', 'desc')
        .orderBy('token')
        .limit(limit)
        .execute();
      return rows.map((r) => r.token).filter((t) => t.startsWith(prefix));
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
