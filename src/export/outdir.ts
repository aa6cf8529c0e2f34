// The export folder is a symbolic link to a complete build. A new export is written beside it in
// full, then the link is swapped in one rename(2): killed at any moment, the link still points at
// the previous export, whole. The previous build is kept until the next export (requests in
// flight finish on it; an operator may roll back by pointing the link at it), which brings it up
// to date in place when it can (export.ts).
import { existsSync } from 'node:fs';
import { lstat, mkdir, readdir, readlink, rename, rm, rmdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { invalid } from '../shared/errors.js';

export interface OutDir {
  /** The path given: the link web servers serve. */
  link: string;
  /** Where the builds live: a hidden folder beside the link. */
  builds: string;
}

export function outDir(out: string): OutDir {
  const link = path.resolve(out);
  return { link, builds: path.join(path.dirname(link), `.${path.basename(link)}.builds`) };
}

/** The build the link points at now, if any. */
export async function currentBuild(o: OutDir): Promise<string | undefined> {
  const st = await lstat(o.link).catch(() => undefined);
  if (!st) return undefined;
  if (st.isSymbolicLink()) {
    const target = path.resolve(path.dirname(o.link), await readlink(o.link));
    return existsSync(target) ? target : undefined;
  }
  if (st.isDirectory() && (await readdir(o.link)).length === 0) {
    // An empty folder made for us: it becomes the link.
    await rmdir(o.link);
    return undefined;
  }
  throw invalid(
    'EXPORT_OUT_NOT_MANAGED',
    `${o.link}: exists and is not an export made by beiguan (which keeps it as a link to a complete build so that each switch is atomic); remove it or choose another --out`,
    { field: '--out' },
  );
}

/** A fresh, empty folder for a new build (its name sorts after the older ones). */
export async function newBuild(o: OutDir): Promise<{ dir: string; finalName: string }> {
  await mkdir(o.builds, { recursive: true });
  const finalName = `${new Date().toISOString().replace(/[-:.]/g, '')}-${process.pid}`;
  const dir = path.join(o.builds, `${finalName}.partial`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir);
  return { dir, finalName };
}

/** Completes a build and points the link at it, atomically. */
export async function switchTo(o: OutDir, partial: string, finalName: string): Promise<string> {
  const done = path.join(o.builds, finalName);
  await rename(partial, done);
  const tmp = path.join(path.dirname(o.link), `.${path.basename(o.link)}.link-${process.pid}`);
  await rm(tmp, { force: true });
  await symlink(path.relative(path.dirname(o.link), done), tmp);
  await rename(tmp, o.link);
  return done;
}

/** Removes unfinished builds and every build older than the previous one; tells whether there was one. */
export async function cleanUp(o: OutDir, keep: string[]): Promise<boolean> {
  const names = existsSync(o.builds) ? await readdir(o.builds) : [];
  let removed = false;
  for (const name of names) {
    const full = path.join(o.builds, name);
    if (name !== '.lock' && !keep.includes(full)) {
      await rm(full, { recursive: true, force: true });
      removed = true;
    }
  }
  // Links left by an export killed before its switch.
  const prefix = `.${path.basename(o.link)}.link-`;
  for (const name of await readdir(path.dirname(o.link))) if (name.startsWith(prefix)) await rm(path.join(path.dirname(o.link), name), { force: true });
  return removed;
}
