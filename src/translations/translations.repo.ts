// The one query of the translation view: items of every kind without a version in a language, and
// versions whose words changed less recently than their source's, over the three content tables at
// once. "Changed" is content_changed_at (migration 0015), which a change of status leaves alone:
// publishing a translation does not make it newer, nor publishing its source make it outdated.
import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { DB } from '../db/index.js';
import { toIso } from '../shared/clock.js';
import { DEFAULT_LANG, LANGS, type Lang } from '../shared/lang.js';
import type { PageRequest, Paged } from '../shared/page.js';
import { toCount } from '../shared/rows.js';
import { TRANSLATION_KINDS, type TranslationFilter, type TranslationIssue, type TranslationKind, type TranslationTask } from './translations.types.js';

type Db = Kysely<DB> | Transaction<DB>;
// Archived items are out of the work; a draft translation still counts as begun.
const LIVE = 'archived';
const titleColumn = (kind: TranslationKind) => (kind === 'institution' ? 'name' : 'title');
/** When the words of the row under `alias` last changed (rows older than migration 0015 may have only updated_at). */
const changed = (alias: 'r' | 's') => sql<string | Date>`coalesce(${sql.ref(`${alias}.content_changed_at`)}, ${sql.ref(`${alias}.updated_at`)})`;
const changedAt = (alias: 'r' | 's') => changed(alias).as('changed_at');

export function createTranslationsRepo(db: Db) {
  /** Items of `kind` that have no (unarchived) version in `target`. */
  const missing = (kind: TranslationKind, target: Lang) =>
    db
      .selectFrom(`${kind} as r` as 'article as r')
      .select([
        sql<string>`${sql.lit(kind)}`.as('kind'),
        sql<string>`${sql.lit('missing')}`.as('issue'),
        'r.id',
        'r.lang',
        sql<string>`r.${sql.raw(titleColumn(kind))}`.as('title'),
        changedAt('r'),
        sql<string>`${sql.lit(target)}`.as('target'),
        // Untyped nulls: PostgreSQL gives them the outdated rows' column types in the union.
        sql<number | null>`null`.as('source_id'),
        sql<string | null>`null`.as('source_title'),
        sql<string | Date | null>`null`.as('source_changed_at'),
      ])
      .where('r.status', '!=', LIVE)
      .where('r.lang', '!=', target)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom(`${kind} as t` as 'article as t')
              .select('t.id')
              .whereRef('t.translation_group', '=', 'r.translation_group')
              .where('t.lang', '=', target)
              .where('t.status', '!=', LIVE),
          ),
        ),
      );

  /** Versions in `target` last changed before the default language's version of their group. */
  const outdated = (kind: TranslationKind, target: Lang) =>
    db
      .selectFrom(`${kind} as r` as 'article as r')
      .innerJoin(`${kind} as s` as 'article as s', (j) => j.onRef('s.translation_group', '=', 'r.translation_group').on('s.lang', '=', DEFAULT_LANG).on('s.status', '!=', LIVE))
      .select([
        sql<string>`${sql.lit(kind)}`.as('kind'),
        sql<string>`${sql.lit('outdated')}`.as('issue'),
        'r.id',
        'r.lang',
        sql<string>`r.${sql.raw(titleColumn(kind))}`.as('title'),
        changedAt('r'),
        sql<string>`${sql.lit(target)}`.as('target'),
        sql<number | null>`s.id`.as('source_id'),
        sql<string | null>`s.${sql.raw(titleColumn(kind))}`.as('source_title'),
        sql<string | Date | null>`${changed('s')}`.as('source_changed_at'),
      ])
      .where('r.status', '!=', LIVE)
      .where('r.lang', '=', target)
      .where(sql<SqlBool>`${changed('s')} > ${changed('r')}`);

  return {
    async page(f: TranslationFilter, req: PageRequest): Promise<Paged<TranslationTask>> {
      const kinds = f.kind ? [f.kind] : TRANSLATION_KINDS;
      const targets = f.target ? [f.target] : LANGS;
      const issues: TranslationIssue[] = f.issue ? [f.issue] : ['missing', 'outdated'];
      const pairs = kinds.flatMap((kind) => targets.map((target) => [kind, target] as const));
      // Outdated rows first: their typed source columns give the union (on PostgreSQL) the types
      // of the missing rows' nulls. The default language is every group's source: nothing in it is outdated.
      const parts = [
        ...(issues.includes('outdated') ? pairs.filter(([, target]) => target !== DEFAULT_LANG).map(([kind, target]) => outdated(kind, target)) : []),
        ...(issues.includes('missing') ? pairs.map(([kind, target]) => missing(kind, target)) : []),
      ];
      const [first, ...rest] = parts;
      if (!first) return { items: [], total: 0 };
      const tasks = () => rest.reduce((q, p) => q.unionAll(p), first).as('task');
      const [rows, count] = await Promise.all([
        db.selectFrom(tasks()).selectAll().orderBy('changed_at', 'desc').orderBy('kind').orderBy('id').orderBy('target').limit(req.limit).offset(req.offset).execute(),
        db.selectFrom(tasks()).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(toTask), total: toCount(count.n) };
    },
  };
}
export type TranslationsRepo = ReturnType<typeof createTranslationsRepo>;

function toTask(row: { kind: string; issue: string; id: number; lang: string; title: string; changed_at: string | Date; target: string; source_id: number | null; source_title: string | null; source_changed_at: string | Date | null }): TranslationTask {
  return {
    kind: row.kind as TranslationKind,
    issue: row.issue as TranslationIssue,
    id: Number(row.id),
    lang: row.lang as Lang,
    title: row.title,
    changedAt: toIso(row.changed_at)!,
    target: row.target as Lang,
    source:
      row.source_id == null ? null : { id: Number(row.source_id), title: row.source_title ?? '', changedAt: toIso(row.source_changed_at)! },
  };
}
