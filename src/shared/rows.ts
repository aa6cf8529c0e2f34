// Row values that differ between SQLite and PostgreSQL, made uniform.
import type { Countable } from './types.js';

export const toCount = (value: Countable | null | undefined): number => Number(value ?? 0);
