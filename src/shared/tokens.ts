// Random secrets and their stored form: tokens are shown once and kept only as SHA-256 hashes.
import { createHash, randomBytes } from 'node:crypto';

export const sha256 = (token: string): string => createHash('sha256').update(token).digest('hex');

/** `bytes` random bytes as base64url (32 bytes = 256 bits = 43 characters), after a prefix. */
export const newToken = (bytes = 32, prefix = ''): string => prefix + randomBytes(bytes).toString('base64url');
