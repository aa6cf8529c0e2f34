// The domain says what went wrong, never which HTTP status; the HTTP layer maps `kind` to a status.
export type ErrorKind = 'not_found' | 'invalid' | 'conflict' | 'forbidden' | 'unauthenticated' | 'too_large' | 'unsupported';

export interface ErrorExtra {
  isPublic?: boolean;
  details?: unknown;
  cause?: unknown;
}

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly extra: ErrorExtra = {},
  ) {
    super(message, { cause: extra.cause });
    this.name = new.target.name;
  }
  get isPublic(): boolean {
    return this.extra.isPublic ?? false;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

export const notFound = (code: string, message: string) =>
  new AppError('not_found', code, message, { isPublic: true });

export const invalid = (code: string, message: string, details?: unknown) =>
  new AppError('invalid', code, message, { isPublic: true, details });

export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError('conflict', code, message, { isPublic: true, details });
