// Measures of a ranked result list against graded judgements (the judged relevance set).

/** The share of the relevant documents found among the first k results. */
export function recallAt(k: number, ranked: readonly string[], relevant: Record<string, number>): number {
  const wanted = Object.keys(relevant).filter((key) => (relevant[key] ?? 0) > 0);
  if (wanted.length === 0) return 1;
  const top = new Set(ranked.slice(0, k));
  return wanted.filter((key) => top.has(key)).length / wanted.length;
}

/** Normalised discounted cumulative gain at k, with gains 2^grade − 1 (1 is the ideal order). */
export function ndcgAt(k: number, ranked: readonly string[], relevant: Record<string, number>): number {
  const gain = (grade: number) => 2 ** grade - 1;
  const dcg = (grades: number[]) => grades.slice(0, k).reduce((sum, g, i) => sum + gain(g) / Math.log2(i + 2), 0);
  const ideal = dcg(Object.values(relevant).sort((a, b) => b - a));
  if (ideal === 0) return 1;
  return dcg(ranked.map((key) => relevant[key] ?? 0)) / ideal;
}

/** The mean of a measure over every query. */
export const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
