// The integrity manifest of an export: the SHA-256 of every file, signed with Ed25519. It lives
// in the export's `.beiguan/` folder (which a web server should not serve, see docs/publishing.md)
// with the exporter's own record of what each file depends on (state.json, not signed: a forged
// one can only make the next export render more).
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { DepVersions } from '../site/state.js';

export const META_DIR = '.beiguan';
export const MANIFEST_FILE = `${META_DIR}/manifest.json`;
export const SIGNATURE_FILE = `${META_DIR}/manifest.sig`;
export const STATE_FILE = `${META_DIR}/state.json`;

export interface ManifestFile {
  sha256: string;
  size: number;
}

export interface Manifest {
  format: 'beiguan-export/1';
  /** The address the site was exported for. */
  baseUrl: string;
  /** SHA-256 of the signing key's public half (DER), to tell keys apart. */
  keyId: string;
  files: Record<string, ManifestFile>;
}

/** How each file was made, for the next incremental export and for `verify --restore`. */
export interface ExportRecord {
  /** The address the file answers (pages, feeds), or undefined for assets and media copies. */
  url?: string;
  deps?: DepVersions;
  /** The /assets/ and /media/ files the page refers to. */
  refs?: string[];
}

export interface ExportState {
  format: 'beiguan-export-state/1';
  /** Program, templates and settings the files were made with: another one means a full export. */
  fingerprint: string;
  files: Record<string, ExportRecord>;
}

export const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

export function keyId(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return sha256(pub.export({ type: 'spki', format: 'der' }));
}

/** Stable JSON: keys sorted, so two exports of the same content are byte-identical. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v), 2)}\n`;
}

export function signManifest(manifest: Manifest, key: KeyObject): { json: string; signature: string } {
  const json = stableJson(manifest);
  return { json, signature: `${sign(null, Buffer.from(json), key).toString('base64')}\n` };
}

export function manifestSignatureValid(json: Buffer, signature: string, key: KeyObject): boolean {
  try {
    return verify(null, json, key, Buffer.from(signature.trim(), 'base64'));
  } catch {
    return false;
  }
}
