// Password hashing (scrypt with OWASP's parameters, from Node's own crypto) and the password rules.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import { invalid } from '../shared/errors.js';

export const MIN_PASSWORD_LENGTH = 12;
const KEY_LENGTH = 32;
const R = 8;
const P = 1;

function derive(password: string, salt: Buffer, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { N: n, r: R, p: P, maxmem: 256 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** "scrypt$N$r$p$salt$hash", so that the cost can rise later without breaking old hashes. */
export async function hashPassword(password: string, n: number): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, n);
  return ['scrypt', n, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash || Number(r) !== R || Number(p) !== P) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), Number(n));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

// zxcvbn-ts's list of the ~50,000 most common passwords: 14 MiB, loaded when a password is first
// set, not by every process (a server that only serves pages never needs it).
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  if (!common) {
    const { dictionary } = createRequire(import.meta.url)('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    common = new Set(dictionary['passwords-common'] as string[]);
  }
  return common;
}

/** Refuses short passwords, common ones, and ones made of the account name. */
export function checkPasswordRules(password: string, accountName: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    throw invalid('PASSWORD_TOO_SHORT', `a password needs at least ${MIN_PASSWORD_LENGTH} characters`, { field: 'password' });
  const lower = password.toLowerCase();
  const stripped = lower.replace(/[\d\s!@#$%^&*._-]+$/, '');
  const COMMON = commonPasswords();
  if (COMMON.has(lower) || COMMON.has(stripped) || new Set(lower).size < 4)
    throw invalid('PASSWORD_TOO_COMMON', 'this password is too common; choose another', { field: 'password' });
  if (accountName.length >= 3 && lower.includes(accountName.toLowerCase()))
    throw invalid('PASSWORD_CONTAINS_NAME', 'a password must not contain the account name', { field: 'password' });
}
