// The static export: every address of the route table, rendered by the same functions the server
// uses (so the bytes are the same), with the theme's assets and the media the pages show, a signed
// manifest of hashes, and an atomic switch. A second export re-renders only the files whose
// dependencies changed (site/state.ts), and makes its build out of the one before the live one,
// replacing only the files that differ from it (linked from the live build when unchanged there).
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { invalid } from '../shared/errors.js';
import type { Asset } from '../site/assets.js';
import { LANGS, type Lang } from '../shared/lang.js';
import { renderNotFound, siteRoutes, type SiteContext, type SiteRoute } from '../site/routes.js';
import { dep, loadSiteState, type SiteState } from '../site/state.js';
import { keyId, MANIFEST_FILE, manifestSignatureValid, sha256, signManifest, SIGNATURE_FILE, stableJson, STATE_FILE, type ExportRecord, type ExportState, type Manifest, type ManifestFile } from './manifest.js';
import { cleanUp, currentBuild, newBuild, outDir, switchTo, type OutDir } from './outdir.js';
import { serverFiles } from './server-files.js';
import { fileForUrl, matchPattern } from './paths.js';

export interface ExportOptions {
  ctx: SiteContext;
  /** The theme's files (loadAssets().files): those the pages refer to are copied. */
  assets: readonly Asset[];
  out: string;
  key: KeyObject;
  /** Render every file again, whatever the previous export holds. */
  full?: boolean;
  /** Called after each file (the CLI's progress, the tests' interruptions). */
  onFile?: (file: string) => void | Promise<void>;
}

export interface ExportReport {
  dir: string;
  files: number;
  /** Rendered or copied by this export. */
  written: number;
  /** Taken unchanged from the previous export. */
  kept: number;
  /** In the previous export but no more. */
  removed: number;
  /** Files of the previous export that no longer matched its manifest, written again. */
  repaired: string[];
  /** Whether the previous export could be built upon. */
  incremental: boolean;
  /** Names of the files written, for the curious and the tests. */
  writtenFiles: string[];
  /** Redirects and gone addresses the nginx maps could not carry (quotes, spaces, "$" in them). */
  skippedAddresses: string[];
}

/** Attribute values that name files: src, href, content (Open Graph images) and each srcset entry. */
const ATTRIBUTE = /\s(?:src|href|content|srcset)="([^"]*)"/g;

/**
 * The theme's and the library's files a page shows ("/assets/…", "/media/…"), read from its
 * attributes only: an address quoted in an article's text is not a file to copy.
 */
function refsOf(body: string, baseUrl: string): string[] {
  const refs = new Set<string>();
  for (const [, value] of body.matchAll(ATTRIBUTE))
    for (const candidate of value!.split(',')) {
      let ref = candidate.trim().split(/\s+/)[0] ?? '';
      if (ref.startsWith(baseUrl)) ref = ref.slice(baseUrl.length);
      if (/^\/(?:assets|media)\/[^?#]+$/.test(ref) && safeName(ref.slice(1))) refs.add(ref);
    }
  // Copied out: a piece cut from a string keeps the whole string alive in V8, and the records
  // of ten thousand pages would hold every page's HTML to the end of the export.
  return [...refs].sort().map((ref) => Buffer.from(ref).toString());
}

const FORMAT = 'beiguan-export/1';

/**
 * A file's inode, change time and size. Writing to a file changes its change time, and nobody
 * can set that time back without root and the clock: a file whose stamp is the one recorded
 * still holds the bytes the export wrote, so it is linked again without being read.
 */
function stampOf(full: string): string | undefined {
  try {
    const st = lstatSync(full, { bigint: true });
    return st.isFile() ? `${st.ino}:${st.ctimeNs}:${st.size}` : undefined;
  } catch {
    return undefined;
  }
}

let codeHash: string | undefined;
/**
 * A hash of the program itself (src/ or dist/): new templates mean every page is rendered again.
 * Read synchronously: two hundred small files one awaited read after another took 3x longer.
 */
function programHash(): string {
  if (codeHash) return codeHash;
  const root = fileURLToPath(new URL('../', import.meta.url));
  const h = createHash('sha256');
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(js|ts|tsx|css|svg|json)$/.test(e.name) && !/\.test\.|\.map$/.test(e.name)) h.update(path.relative(root, full)).update(readFileSync(full));
    }
  };
  walk(root);
  return (codeHash = h.digest('hex'));
}

function fingerprint(o: ExportOptions): string {
  const settings = { format: FORMAT, baseUrl: o.ctx.baseUrl, assets: o.ctx.assets, publishing: o.ctx.publishing ?? null };
  return sha256(`${programHash()}\n${stableJson(settings)}`);
}

interface Previous {
  dir: string;
  manifest: Manifest;
  state: ExportState;
  stamps: Record<string, string | undefined>;
}

const stampsFile = (build: string) => `${build}.stamps.json`;

/** A file name an export writes: relative, with no way out of the build. */
const safeName = (name: string) => !path.isAbsolute(name) && !name.split(/[\\/]/).some((part) => part === '..' || part === '');

/**
 * The previous export, when it can be built upon: its manifest signed by this very key (a forged
 * manifest must not let altered files be linked into the next export and signed again), and
 * every name it holds a plain relative one. Otherwise everything is rendered again.
 */
async function readPrevious(dir: string | undefined, key: KeyObject, withState = true): Promise<Previous | undefined> {
  if (!dir) return undefined;
  try {
    const json = await readFile(path.join(dir, MANIFEST_FILE));
    const signature = await readFile(path.join(dir, SIGNATURE_FILE), 'utf8');
    if (!manifestSignatureValid(json, signature, createPublicKey(key))) return undefined;
    const manifest = JSON.parse(json.toString('utf8')) as Manifest;
    // A reused build's records are not needed (a few megabytes to parse at 10,000 pages).
    const state = withState ? (JSON.parse(await readFile(path.join(dir, STATE_FILE), 'utf8')) as ExportState) : { format: 'beiguan-export-state/1' as const, fingerprint: '', files: {} };
    const stamps = JSON.parse(await readFile(stampsFile(dir), 'utf8').catch(() => '{}')) as Previous['stamps'];
    const names = [...Object.keys(manifest.files), ...Object.keys(state.files), ...Object.values(state.files).flatMap((r) => (r.refs ?? []).map((ref) => ref.slice(1)))];
    if (!names.every(safeName)) return undefined;
    return manifest.format === FORMAT && state.format === 'beiguan-export-state/1' ? { dir, manifest, state, stamps } : undefined;
  } catch {
    // No readable record of the previous export: everything is rendered again.
    return undefined;
  }
}

/**
 * The build before the live one, to be brought up to date in place: only the files that differ
 * from the new export are replaced, where a new build would link every file (and removing the
 * oldest unlink every one), which on ext4 cost seconds for ten thousand pages.
 */
async function reusableBuild(out: OutDir, current: string, key: KeyObject): Promise<Previous | undefined> {
  const names = (await readdir(out.builds, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.endsWith('.partial')).map((e) => path.join(out.builds, e.name));
  const older = names.filter((n) => n !== current).sort().at(-1);
  const base = older ? await readPrevious(older, key, false) : undefined;
  return base && Object.keys(base.stamps).length > 0 ? base : undefined;
}

/**
 * Removes from a reused build whatever its manifest does not list as a plain file (something added
 * since, a link where a folder was): nothing unknown is carried into the new export, and no write
 * follows a link out of the build.
 */
function removeUnknown(root: string, known: Set<string>) {
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (e.isDirectory()) walk(full);
      else if (!(e.isFile() && (known.has(rel) || rel === MANIFEST_FILE || rel === SIGNATURE_FILE || rel === STATE_FILE))) rmSync(full, { recursive: true, force: true });
    }
  };
  walk(root);
}

/** Keeps one export at a time per folder; a lock left by a killed export is taken over. */
async function lock(builds: string): Promise<() => Promise<void>> {
  await mkdir(builds, { recursive: true });
  const file = path.join(builds, '.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const h = await open(file, 'wx');
      await h.writeFile(String(process.pid));
      await h.close();
      return () => rm(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(await readFile(file, 'utf8').catch(() => ''));
      let alive = false;
      try {
        alive = pid > 0 && process.kill(pid, 0);
      } catch {
        alive = false;
      }
      if (alive && pid !== process.pid) throw invalid('EXPORT_RUNNING', `another export (process ${pid}) is writing beside ${builds}`, { field: '--out' });
      await rm(file, { force: true });
    }
  }
  throw invalid('EXPORT_RUNNING', `cannot lock ${builds}`, { field: '--out' });
}

/** Which route serves an address, and with which parameters. */
export function routeFor(url: string, routes: readonly SiteRoute[] = siteRoutes): { route: SiteRoute; params: Record<string, string> } | undefined {
  // Fastify prefers static segments over parameters; so does this: the most static pattern first.
  const staticSegments = (p: string) => p.split('/').filter((s) => s && !s.startsWith(':')).length;
  for (const route of [...routes].sort((a, b) => staticSegments(b.pattern) - staticSegments(a.pattern))) {
    const params = matchPattern(route.pattern, url);
    if (params) return { route, params };
  }
  return undefined;
}

/** Renders one address the way the server answers it. */
export async function renderUrl(live: SiteContext, state: SiteState, url: string, route?: SiteRoute) {
  const ctx: SiteContext = { ...live, staticCopy: true };
  // Named with an underscore, which no slug has: a page can never take their place.
  const missing = /^\/(zh|en)\/_(404|410)\.html$/.exec(url);
  if (missing) {
    // The pages a static server shows for an address that leads nowhere (error_page 404) or to
    // content taken down (410).
    const lang = missing[1] as Lang;
    const body = await renderNotFound(ctx, lang, url, { state, gone: missing[2] === '410' });
    return { body: Buffer.from(body), record: { url, deps: state.versions([dep.about(lang)]), refs: refsOf(body, ctx.baseUrl) } satisfies ExportRecord };
  }
  const found = route ? { route, params: matchPattern(route.pattern, url)! } : routeFor(url);
  if (!found) throw new Error(`no route serves ${url}`);
  const rendered = await found.route.render(ctx, found.params, state);
  return { body: Buffer.from(rendered.body), record: { url, deps: state.versions(rendered.deps), refs: refsOf(rendered.body, ctx.baseUrl) } satisfies ExportRecord };
}

/** The bytes of a theme or library file an export copies, by its address. */
export async function fileAt(ctx: SiteContext, assets: readonly Asset[], ref: string): Promise<Buffer | undefined> {
  if (ref.startsWith('/assets/')) return assets.find((a) => a.path === ref)?.body;
  let stored: string;
  try {
    stored = decodeURIComponent(ref.slice('/media/'.length));
  } catch {
    // Not an address the library ever made ("/media/%zz").
    return undefined;
  }
  const found = await ctx.services.media.findFile(stored);
  return found ? readFile(found.absolutePath).catch(() => undefined) : undefined;
}

export async function exportSite(o: ExportOptions): Promise<ExportReport> {
  const out = outDir(o.out);
  const unlock = await lock(out.builds);
  let clearing: Promise<boolean> | undefined;
  try {
    const state = await loadSiteState(o.ctx.services);
    const fp = fingerprint(o);
    const current = await currentBuild(out);
    const previous = await readPrevious(current, o.key);
    const incremental = !o.full && previous?.state.fingerprint === fp;
    // Reused only beside an incremental export: a full one means to write every file.
    const base = incremental ? await reusableBuild(out, current!, o.key) : undefined;
    let dir: string;
    let finalName: string;
    if (base) {
      // Renamed first: an export killed from here on leaves it unfinished, and it is removed.
      ({ dir, finalName } = await newBuild(out));
      rmdirSync(dir);
      await rename(base.dir, dir);
      await rm(stampsFile(base.dir), { force: true });
      removeUnknown(dir, new Set(Object.keys(base.manifest.files)));
    } else ({ dir, finalName } = await newBuild(out));
    // The reused build's files that still hold what its manifest says (unchanged stamp).
    const baseIntact = new Set<string>();
    if (base) for (const [file, stamp] of Object.entries(base.stamps)) if (stamp && stampOf(path.join(dir, file)) === stamp) baseIntact.add(file);
    const keepBuilds = current ? [current, stampsFile(current)] : [];
    if (!incremental) {
      // Builds older than the live one, and what killed exports left, go while every page is
      // rendered: unlinking ten thousand files waits on the disk, rendering on the processor.
      // Not beside an incremental export: unlinking the files it shares with the live build
      // changes their change time, and every stamp would fail (each file read and hashed again).
      clearing = cleanUp(out, [dir, ...keepBuilds]);
      // Its failure is reported where it is awaited, after the pages.
      clearing.catch(() => undefined);
    }

    const files: Record<string, ManifestFile> = {};
    const records: Record<string, ExportRecord> = {};
    const writtenFiles: string[] = [];
    const repaired: string[] = [];
    let kept = 0;
    const made = new Set<string>();
    // Synchronous file calls: one after another they cost a few microseconds each, where each
    // awaited one waits for a turn of the thread pool (this halved the time of an export).
    const folderOf = (full: string) => {
      const parent = path.dirname(full);
      if (!made.has(parent)) {
        mkdirSync(parent, { recursive: true });
        made.add(parent);
      }
    };
    /** Files of the reused build replaced or removed, and files of the live build linked into it (their change times moved). */
    const touched = new Set<string>();
    /** The live build's files known intact before this export touched them. */
    const liveIntact = new Map<string, boolean>();
    const liveChecked = (file: string) => {
      let intact = liveIntact.get(file);
      if (intact === undefined) {
        const stamp = previous?.stamps[file];
        intact = !!stamp && stampOf(path.join(previous!.dir, file)) === stamp;
        liveIntact.set(file, intact);
      }
      return intact;
    };
    /** Writes or links a file into the new build, noting whose change time that moves. */
    const place = (file: string, fill: (full: string) => void, linked = false) => {
      const full = path.join(dir, file);
      folderOf(full);
      if (base || linked) {
        if (previous?.manifest.files[file]) liveChecked(file);
        touched.add(file);
      }
      // The reused build's file may share its inode with the live build, which a write in place
      // would change: the new file is a new inode under the name.
      if (base)
        try {
          unlinkSync(full);
        } catch {
          // Absent, or a folder where the file goes.
          rmSync(full, { recursive: true, force: true });
        }
      fill(full);
    };
    const sameInBase = (file: string, hash: string) => baseIntact.has(file) && base!.manifest.files[file]?.sha256 === hash;
    const write = async (file: string, body: Buffer, record: ExportRecord) => {
      const hash = sha256(body);
      if (!base || !sameInBase(file, hash)) place(file, (to) => writeFileSync(to, body));
      files[file] = { sha256: hash, size: body.length };
      records[file] = record;
      writtenFiles.push(file);
      await o.onFile?.(file);
    };
    /** Links a file from the previous build when it still holds exactly what its manifest says. */
    const keep = async (file: string): Promise<boolean> => {
      if (!incremental) return false;
      const entry = previous!.manifest.files[file];
      if (!entry) return false;
      if (base && sameInBase(file, entry.sha256)) {
        files[file] = entry;
        records[file] = previous!.state.files[file] ?? {};
        kept++;
        await o.onFile?.(file);
        return true;
      }
      const from = path.join(previous!.dir, file);
      let bytes: Buffer | undefined;
      if (!liveChecked(file)) {
        try {
          bytes = readFileSync(from);
        } catch {
          bytes = undefined;
        }
        if (!bytes || sha256(bytes) !== entry.sha256) {
          repaired.push(file);
          return false;
        }
      }
      // A hard link costs no copy; where the file system refuses one, the bytes are written.
      place(
        file,
        (to) => {
          try {
            linkSync(from, to);
          } catch {
            writeFileSync(to, bytes ?? readFileSync(from));
          }
        },
        true,
      );
      files[file] = entry;
      records[file] = previous!.state.files[file] ?? {};
      kept++;
      await o.onFile?.(file);
      return true;
    };

    const notFoundPages = { id: 'not-found', pattern: '/:lang/:status.html', list: () => LANGS.flatMap((l) => [`/${l}/_404.html`, `/${l}/_410.html`]) } as const;
    for (const route of [...siteRoutes, notFoundPages]) {
      for (const url of await route.list(o.ctx, state)) {
        const file = fileForUrl(url);
        if (records[file]) throw new Error(`two addresses are written to ${file} (the second is ${url})`);
        const before = previous?.state.files[file];
        if (incremental && before?.url === url && before.deps && state.isCurrent(before.deps) && (await keep(file))) continue;
        const { body, record } = await renderUrl(o.ctx, state, url, 'render' in route ? route : undefined);
        await write(file, body, record);
      }
    }

    // The theme's files and the library's files the pages show (names never change: an existing
    // one is kept as it is).
    const refs = new Set<string>();
    for (const r of Object.values(records)) for (const ref of r.refs ?? []) refs.add(ref);
    for (const ref of [...refs].sort()) {
      const file = ref.slice(1);
      if (records[file] || (await keep(file))) continue;
      const bytes = await fileAt(o.ctx, o.assets, ref);
      // A page may name a library file that is gone: its link fails there as it does on the server.
      if (bytes) await write(file, bytes, {});
    }

    // The redirects, gone addresses and security headers, for the web server.
    const server = await serverFiles(o.ctx.services, o.assets, o.ctx.baseUrl);
    for (const [file, bytes] of server.files) {
      if (incremental && previous!.manifest.files[file]?.sha256 === sha256(bytes) && (await keep(file))) continue;
      await write(file, bytes, {});
    }

    // What the reused build holds and this export does not.
    if (base)
      for (const file of Object.keys(base.manifest.files)) {
        if (files[file]) continue;
        if (previous?.manifest.files[file]) liveChecked(file);
        touched.add(file);
        const full = path.join(dir, file);
        rmSync(full, { force: true });
        // Its folder too, when nothing else is left in it (a list with fewer pages).
        try {
          rmdirSync(path.dirname(full));
        } catch {
          // Not empty.
        }
      }

    const manifest: Manifest = { format: FORMAT, baseUrl: o.ctx.baseUrl, keyId: keyId(o.key), files };
    const signed = signManifest(manifest, o.key);
    const sortedRecords = Object.fromEntries(Object.keys(records).sort().map((f) => [f, records[f]!]));
    const exportState: ExportState = { format: 'beiguan-export-state/1', fingerprint: fp, files: sortedRecords };
    await mkdir(path.join(dir, path.dirname(MANIFEST_FILE)), { recursive: true });
    // A reused build's own records, never linked anywhere; removed all the same before writing.
    for (const meta of [STATE_FILE, MANIFEST_FILE, SIGNATURE_FILE]) await rm(path.join(dir, meta), { force: true });
    // Compact, in a stable order (each record is made with its fields in one order): it is read
    // back whole by the next export, not by people, and at 10,000 pages indented JSON was 6.7 MB.
    await writeFile(path.join(dir, STATE_FILE), JSON.stringify(exportState));
    await writeFile(path.join(dir, MANIFEST_FILE), signed.json);
    await writeFile(path.join(dir, SIGNATURE_FILE), signed.signature);

    await clearing;
    const done = await switchTo(out, dir, finalName);
    // The build that was live until now stays (requests in flight, a rollback), whether or not it
    // could be built upon.
    const cleared = await cleanUp(out, [done, ...keepBuilds]);
    // Stamped last: removing an old build's links changes the change time of the files it shared.
    // Inode numbers and times differ from one export to the next, so they are kept beside the
    // build, not in it, and two exports of the same content stay byte-identical. A reused build's
    // file nothing touched keeps its stamp, unless an older build that may have shared it went.
    const stamps: Record<string, string | undefined> = {};
    for (const file of Object.keys(files)) stamps[file] = base && !cleared && !touched.has(file) && baseIntact.has(file) ? base.stamps[file] : stampOf(path.join(done, file));
    await writeFile(stampsFile(done), JSON.stringify(stamps));
    if (current && touched.size > 0) {
      // The live build, now the one before, shares the inodes of the files linked from it or
      // replaced beside it: those it held intact are stamped again, so the next export can reuse it.
      const liveStamps = cleared ? {} : previous!.stamps;
      for (const file of touched) liveStamps[file] = liveIntact.get(file) ? stampOf(path.join(current, file)) : undefined;
      await writeFile(stampsFile(current), JSON.stringify(liveStamps));
    }
    const removed = previous ? Object.keys(previous.manifest.files).filter((f) => !files[f]).length : 0;
    return { dir: done, files: Object.keys(files).length, written: writtenFiles.length, kept, removed, repaired, incremental, writtenFiles, skippedAddresses: server.skipped };
  } finally {
    // A failed export still lets its removals finish before another may start.
    await clearing?.catch(() => undefined);
    await unlock();
  }
}
