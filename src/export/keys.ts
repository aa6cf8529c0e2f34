// The Ed25519 keys that sign an export's manifest. The private key stays with whoever exports;
// the web servers that verify need only the public key.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { invalid } from '../shared/errors.js';

function readKey(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw invalid('EXPORT_KEY_UNREADABLE', `${file}: cannot read the ${what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { field: file });
  }
}

export function loadPrivateKey(file: string): KeyObject {
  const pem = readKey(file, 'signing key');
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (e) {
    throw invalid('EXPORT_KEY_INVALID', `${file}: not a PEM private key (${(e as Error).message})`, { field: file });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw invalid('EXPORT_KEY_INVALID', `${file}: is a ${key.asymmetricKeyType} key; the export is signed with Ed25519`, { field: file });
  return key;
}

/** A public key file, or the public half of a private key file. */
export function loadPublicKey(file: string): KeyObject {
  const pem = readKey(file, 'public key');
  let key: KeyObject;
  try {
    key = pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
  } catch (e) {
    throw invalid('EXPORT_KEY_INVALID', `${file}: not a PEM key (${(e as Error).message})`, { field: file });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw invalid('EXPORT_KEY_INVALID', `${file}: is a ${key.asymmetricKeyType} key; the export is signed with Ed25519`, { field: file });
  return key;
}

export function generateSigningKeys(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
