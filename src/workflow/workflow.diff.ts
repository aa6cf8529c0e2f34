// Comparing two revisions: which fields changed, and the text word by word. Chinese has no spaces,
// so words come from Intl.Segmenter (built in), which also splits English at word boundaries.
import { diffArrays } from 'diff';
import { docToParagraphs } from '../richtext/index.js';
import type { RevisionBase } from './workflow.types.js';

export type DiffPart = { op: 'same' | 'added' | 'removed'; text: string };
export interface RevisionComparison {
  from: number;
  to: number;
  /** title, slug, summary, publishedAt, status, then what only this kind has (address, phone…). */
  fields: { field: string; from: string | null; to: string | null }[];
  body: DiffPart[];
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const tokens = (text: string) => [...segmenter.segment(text)].map((s) => s.segment);

/** Word-level difference of two texts, with runs of the same kind merged. */
export function diffWords(before: string, after: string): DiffPart[] {
  const parts: DiffPart[] = [];
  for (const change of diffArrays(tokens(before), tokens(after))) {
    const op = change.added ? 'added' : change.removed ? 'removed' : 'same';
    const text = change.value.join('');
    const last = parts.at(-1);
    if (last && last.op === op) last.text += text;
    else parts.push({ op, text });
  }
  return parts;
}

const asText = (v: string | number | null | undefined) => (v == null ? null : String(v));

export function compareRevisions(a: RevisionBase, b: RevisionBase): RevisionComparison {
  const fields: RevisionComparison['fields'] = [];
  for (const field of ['title', 'slug', 'summary', 'publishedAt', 'status'] as const) {
    if ((a[field] ?? null) !== (b[field] ?? null)) fields.push({ field, from: a[field] ?? null, to: b[field] ?? null });
  }
  for (const field of new Set([...Object.keys(a.fields ?? {}), ...Object.keys(b.fields ?? {})])) {
    const [from, to] = [asText(a.fields?.[field]), asText(b.fields?.[field])];
    if (from !== to) fields.push({ field, from, to });
  }
  const text = (r: RevisionBase) => (r.body ? docToParagraphs(r.body).join('\n\n') : '');
  return { from: a.revision, to: b.revision, fields, body: diffWords(text(a), text(b)) };
}
