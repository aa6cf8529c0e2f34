// The files under the media directory. Every path is chosen here (date and random name); nothing
// of an upload's name reaches the file system. Files appear whole or not at all (temp + rename).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** A stored path as Beiguan makes them: YYYY/MM/<20 hex>[-<width>].<ext>. */
export const STORED_PATH = /^\d{4}\/\d{2}\/[0-9a-f]{20}(?:-\d{1,5})?\.(?:avif|webp|jpg|png|pdf|docx|xlsx)$/;

export interface PendingFile {
  path: string;
  data: Uint8Array;
}

export function createMediaStorage(dir: string) {
  const root = path.resolve(dir);
  const absolute = (stored: string) => {
    if (!STORED_PATH.test(stored)) throw new Error(`not a stored media path: ${stored}`);
    return path.join(root, stored);
  };

  async function remove(paths: readonly string[]) {
    await Promise.all(paths.map((p) => fs.rm(absolute(p), { force: true })));
  }

  return {
    root,
    absolute,
    /** A fresh stem under this month's folder: "2026/11/3f9c…". */
    newStem(now: Date) {
      const month = String(now.getUTCMonth() + 1).padStart(2, '0');
      return `${now.getUTCFullYear()}/${month}/${randomBytes(10).toString('hex')}`;
    },
    /** Writes every file (each to a temporary name, then renamed); on failure none is left. */
    async writeAll(files: readonly PendingFile[]) {
      const done: string[] = [];
      try {
        for (const f of files) {
          const target = absolute(f.path);
          await fs.mkdir(path.dirname(target), { recursive: true });
          const temp = `${target}.${randomBytes(6).toString('hex')}.part`;
          try {
            await fs.writeFile(temp, f.data, { flag: 'wx' });
            await fs.rename(temp, target);
          } catch (e) {
            await fs.rm(temp, { force: true });
            throw e;
          }
          done.push(f.path);
        }
      } catch (e) {
        await remove(done);
        throw e;
      }
    },
    remove,
  };
}
export type MediaStorage = ReturnType<typeof createMediaStorage>;
