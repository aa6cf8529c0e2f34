// The judged relevance set: 70-odd queries over a corpus we wrote, scored by recall@10 and
// nDCG@10 against thresholds set from the first honest run, and the same ranking on both stores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../src/app/services.js';
import type { Store } from '../src/db/index.js';
import { docFromParagraphs } from '../src/richtext/index.js';
import { SEARCH_CORPUS } from './fixtures/search-corpus.js';
import { JUDGEMENTS } from './fixtures/search-judgements.js';
import { mean, ndcgAt, recallAt } from './helpers/relevance.js';
import { freshServices, testDialects } from './helpers/store.js';

/**
 * Set from the first honest run (55 queries, both stores alike: recall@10 0.982, nDCG@10 0.995;
 * the two misses are documents graded 1 that lack one of the query's words): a drop fails. With
 * the words the segmenter cuts into single characters, one-character, traditional, both-language
 * and mixed queries added (76 queries), the tokens of segment.ts score recall@10 0.987, nDCG@10
 * 0.997; the tokens before them scored 0.961 and 0.966 on the same set.
 */
const MIN_RECALL_AT_10 = 0.98;
const MIN_NDCG_AT_10 = 0.99;

/** Writes the corpus through the services, as the importer and the workspace would. */
async function loadCorpus(services: Services): Promise<Map<string, string>> {
  const keyOf = new Map<string, string>();
  const ids = new Map<string, number>();
  for (const d of SEARCH_CORPUS.filter((x) => x.type === 'institution')) {
    const i = await services.institutions.create({ lang: d.lang, position: ids.size + 1, name: d.title, profile: docFromParagraphs(d.paragraphs) });
    ids.set(d.key, i.id);
    keyOf.set(`institution:${i.id}`, d.key);
  }
  for (const d of SEARCH_CORPUS.filter((x) => x.type === 'page')) {
    const p = await services.pages.create({ lang: d.lang, title: d.title, body: docFromParagraphs(d.paragraphs), status: 'published' });
    keyOf.set(`page:${p.id}`, d.key);
  }
  for (const d of SEARCH_CORPUS.filter((x) => x.type === 'article')) {
    const a = await services.news.create({
      lang: d.lang,
      title: d.title,
      body: docFromParagraphs(d.paragraphs),
      status: 'published',
      publishedAt: d.publishedAt ?? null,
      institutionIds: (d.institutions ?? []).map((k) => ids.get(k)!),
    });
    keyOf.set(`article:${a.id}`, d.key);
  }
  return keyOf;
}

async function rankings(services: Services, keyOf: Map<string, string>) {
  const out: string[][] = [];
  for (const j of JUDGEMENTS) {
    const r = await services.search.search({ q: j.query, lang: j.lang, offset: 0, limit: 10 });
    out.push(r.items.map((i) => keyOf.get(`${i.type}:${i.id}`) ?? `${i.type}:${i.id}`));
  }
  return out;
}

describe('the judged relevance set', () => {
  const runs: { dialect: string; store: Store; ranked: string[][] }[] = [];
  beforeAll(async () => {
    for (const dialect of testDialects()) {
      const { store, services } = await freshServices(dialect);
      runs.push({ dialect, store, ranked: await rankings(services, await loadCorpus(services)) });
    }
  });
  afterAll(async () => {
    for (const r of runs) await r.store.close();
  });

  it(`finds the judged documents: mean recall@10 ≥ ${MIN_RECALL_AT_10}, nDCG@10 ≥ ${MIN_NDCG_AT_10}`, () => {
    for (const { dialect, ranked } of runs) {
      const recall = JUDGEMENTS.map((j, i) => recallAt(10, ranked[i]!, j.relevant));
      const ndcg = JUDGEMENTS.map((j, i) => ndcgAt(10, ranked[i]!, j.relevant));
      const worst = JUDGEMENTS.map((j, i) => ({ q: j.query, recall: recall[i]!, ndcg: ndcg[i]!, got: ranked[i]!.slice(0, 5) }))
        .filter((x) => x.recall < 1 || x.ndcg < 0.8)
        .map((x) => `${x.q}: recall ${x.recall.toFixed(2)}, nDCG ${x.ndcg.toFixed(2)}, got ${x.got.join(' ')}`);
      process.stdout.write(`[relevance] ${dialect}: recall@10 ${mean(recall).toFixed(3)}, nDCG@10 ${mean(ndcg).toFixed(3)} over ${JUDGEMENTS.length} queries\n`);
      expect(mean(recall), `${dialect}\n${worst.join('\n')}`).toBeGreaterThanOrEqual(MIN_RECALL_AT_10);
      expect(mean(ndcg), `${dialect}\n${worst.join('\n')}`).toBeGreaterThanOrEqual(MIN_NDCG_AT_10);
    }
  });

  it('ranks every judged query the same on SQLite and PostgreSQL', () => {
    if (runs.length < 2) return expect(runs.map((r) => r.dialect)).toEqual(['sqlite']);
    const [a, b] = runs;
    JUDGEMENTS.forEach((j, i) => expect(b!.ranked[i], j.query).toEqual(a!.ranked[i]));
  });
});
