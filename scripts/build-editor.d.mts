export const EDITOR_BUNDLE: string;
export function buildEditor(): Promise<{ bytes: number; metafile: unknown }>;
