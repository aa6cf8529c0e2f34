// What the old site's text exports contain, once parsed (before anything touches the store).
export interface DirectoryEntry {
  number: number;
  name: string;
  paragraphs: string[];
  /** 1-based line of the entry's heading, for messages. */
  line: number;
}

export interface LegacyDirectory {
  kind: 'directory';
  entries: DirectoryEntry[];
}

export interface LegacyArticle {
  kind: 'article';
  /** Which of the old layouts it came in. */
  layout: 'bulleted' | 'dated';
  title: string;
  paragraphs: string[];
  /** Beijing local date and time as the page gave them; null when the page gave none. */
  date: { date: string; time: string } | null;
  next: string | null;
  previous: string | null;
  legacyUrl: string | null;
  legacyId: string | null;
}

export type LegacyDocument = LegacyDirectory | LegacyArticle;

/** A file the importer refuses, with the reason a person can act on. */
export class LegacyFormatError extends Error {
  override name = 'LegacyFormatError';
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line?: number,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${reason}`);
  }
}
