// `beiguan doctor`: what an operator checks before (and after) starting the server. One line per
// check, ok / warn / FAIL with the reason; exits 1 when any check fails. It changes nothing: no
// migration, no store file created.
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, describeDb, loadConfig, type AppConfig, type ConfigFlags } from '../config/index.js';
import { migrationStatus, openStore, pingStore, type Store } from '../db/index.js';
import { loadPrivateKey, loadPublicKey } from '../export/keys.js';
import { searchIndexIsCurrent } from '../search/index.js';

type Level = 'ok' | 'warn' | 'FAIL';
interface Check {
  level: Level;
  name: string;
  detail: string;
}

/** Free space below these: a warning, then a failure (uploads and the SQLite journal need room). */
const WARN_FREE_BYTES = 1024 ** 3;
const FAIL_FREE_BYTES = 100 * 1024 ** 2;
const MIN_NODE = [20, 19] as const;
/** An unreachable PostgreSQL host may not answer at all. */
const STORE_TIMEOUT_MS = 10_000;

export async function doctorCommand(flags: ConfigFlags) {
  const checks: Check[] = [];
  const add = (level: Level, name: string, detail: string) => checks.push({ level, name, detail });
  checkNode(add);
  let config: AppConfig | undefined;
  try {
    config = loadConfig(flags);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    for (const problem of e.problems) add('FAIL', 'config', problem);
  }
  if (config) {
    checkConfig(config, add);
    await checkStore(config, add);
    checkDirectory('media', config.mediaDir, add);
    if (config.db.kind === 'sqlite' && config.db.path !== ':memory:') checkDiskSpace('store disk', path.dirname(config.db.path), add);
    checkDiskSpace('media disk', config.mediaDir, add);
  }
  const width = Math.max(...checks.map((c) => c.name.length));
  for (const c of checks) process.stdout.write(`${c.level.padEnd(4)}  ${c.name.padEnd(width)}  ${c.detail}\n`);
  const count = (level: Level) => checks.filter((c) => c.level === level).length;
  process.stdout.write(`${checks.length} checks: ${count('ok')} ok, ${count('warn')} warning(s), ${count('FAIL')} failed\n`);
  if (count('FAIL')) process.exitCode = 1;
}

type Add = (level: Level, name: string, detail: string) => void;

function checkNode(add: Add) {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const recent = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  add(recent ? 'ok' : 'FAIL', 'node', `Node.js ${process.versions.node}${recent ? '' : ` (Beiguan needs ${MIN_NODE.join('.')} or later)`}`);
}

function checkConfig(config: AppConfig, add: Add) {
  add('ok', 'config', `settings valid; store ${describeDb(config.db)}`);
  const url = new URL(config.baseUrl);
  if (/^(localhost|127\.|\[::1\])/.test(url.host)) add('warn', 'base url', `${config.baseUrl} is this machine: set BEIGUAN_BASE_URL to the public address (canonical links, feeds and the API name it)`);
  else if (url.protocol !== 'https:') add('warn', 'base url', `${config.baseUrl} is not https: browsers send the session cookie in the clear`);
  else add('ok', 'base url', config.baseUrl);
  if (config.signingKey) checkKeyFile('signing key', config.signingKey, true, add);
  if (config.verifyKey) checkKeyFile('verify key', config.verifyKey, false, add);
  add('ok', 'audit log', `records kept ${config.auditKeepDays} days; shutdown grace ${config.shutdownGraceSeconds} s`);
}

function checkKeyFile(name: string, file: string, isPrivate: boolean, add: Add) {
  try {
    (isPrivate ? loadPrivateKey : loadPublicKey)(file);
  } catch (e) {
    return add('FAIL', name, (e as Error).message);
  }
  const mode = fs.statSync(file).mode & 0o777;
  if (isPrivate && mode & 0o077) return add('warn', name, `${file} can be read by other accounts (mode ${mode.toString(8)}): chmod 600 it`);
  add('ok', name, file);
}

async function checkStore(config: AppConfig, add: Add) {
  if (config.db.kind === 'sqlite' && config.db.path !== ':memory:' && !fs.existsSync(config.db.path))
    return add('FAIL', 'store', `no store at ${config.db.path} (\`beiguan migrate\` or \`beiguan serve\` makes one)`);
  let store: Store | undefined;
  try {
    store = await withTimeout(openStore(config.db, { poolSize: 1 }));
    await withTimeout(pingStore(store));
  } catch (e) {
    await store?.close().catch(() => undefined);
    return add('FAIL', 'store', `cannot reach ${describeDb(config.db)}: ${(e as Error).message}`);
  }
  add('ok', 'store', `${describeDb(config.db)} answers`);
  try {
    const { applied, pending, unknown } = await withTimeout(migrationStatus(store));
    if (pending.length) add('FAIL', 'migrations', `${pending.length} pending: ${pending.join(', ')} (apply them with \`beiguan migrate up\`)`);
    else if (unknown.length) add('FAIL', 'migrations', `applied by a newer version of Beiguan: ${unknown.join(', ')} (run that version)`);
    else add('ok', 'migrations', `${applied.length} applied, none pending`);
    if (!pending.length) {
      const current = await withTimeout(searchIndexIsCurrent(store.db));
      add(current ? 'ok' : 'warn', 'search index', current ? 'current' : 'built with an older version: the next start rebuilds it (or run `beiguan search reindex`)');
    }
  } catch (e) {
    add('FAIL', 'store', `${describeDb(config.db)}: ${(e as Error).message}`);
  } finally {
    await store.close();
  }
}

function checkDirectory(name: string, dir: string, add: Add) {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    const parent = nearestExisting(dir);
    return writable(parent) ? add('warn', name, `${dir} does not exist yet (made at the first upload)`) : add('FAIL', name, `${dir} does not exist and ${parent} is not writable`);
  }
  if (!stat.isDirectory()) return add('FAIL', name, `${dir} is not a directory`);
  if (!writable(dir)) return add('FAIL', name, `${dir} is not writable by this account`);
  add('ok', name, `${dir} is writable`);
}

/** Writes and removes a file: access() alone says yes to root on a read-only mount. */
function writable(dir: string): boolean {
  const probe = path.join(dir, `.beiguan-doctor-${process.pid}`);
  try {
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
    return true;
  } catch {
    return false;
  }
}

function checkDiskSpace(name: string, dir: string, add: Add) {
  const at = nearestExisting(dir);
  const s = fs.statfsSync(at);
  const free = s.bavail * s.bsize;
  const shown = `${(free / 1024 ** 3).toFixed(1)} GB free at ${at}`;
  add(free < FAIL_FREE_BYTES ? 'FAIL' : free < WARN_FREE_BYTES ? 'warn' : 'ok', name, free < WARN_FREE_BYTES ? `only ${shown}` : shown);
}

function nearestExisting(p: string): string {
  let at = path.resolve(p);
  while (!fs.existsSync(at) && path.dirname(at) !== at) at = path.dirname(at);
  return at;
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${STORE_TIMEOUT_MS / 1000} s`)), STORE_TIMEOUT_MS)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
