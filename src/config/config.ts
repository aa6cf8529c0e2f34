// The only reader of process.env: merges flags and environment, validates, returns a frozen config.
import path from 'node:path';
import { z } from 'zod';

export type DbTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export const DEFAULT_DB = './data/beiguan.sqlite';
/** Uploaded media, beside the default SQLite file. */
export const DEFAULT_MEDIA_DIR = './data/media';

/** `postgres://…`, `sqlite:PATH`, `:memory:` or a plain file path. */
export function parseDbTarget(value: string): DbTarget {
  const v = value.trim();
  if (v === '') throw new Error('is empty');
  if (/^postgres(ql)?:\/\//i.test(v)) {
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      throw new Error(`"${redactDbUrl(v)}" is not a valid PostgreSQL URL`);
    }
    if (!url.pathname || url.pathname === '/') throw new Error('the PostgreSQL URL names no database');
    return { kind: 'postgres', url: v };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) {
    throw new Error(`"${v.split('://')[0]}://" is not a supported store; use a file path, sqlite:PATH or postgres://…`);
  }
  const file = v.startsWith('sqlite:') ? v.slice('sqlite:'.length) : v;
  if (file === '') throw new Error('sqlite: needs a file path');
  return { kind: 'sqlite', path: file === ':memory:' ? file : path.resolve(file) };
}

/** A PostgreSQL URL with its password replaced, safe to print or log. */
export function redactDbUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString().replace('%2A%2A%2A', '***');
  } catch {
    // Not a URL: hide everything between "//user:" and the last "@".
    return value.replace(/(\/\/[^:/@]+:).*@/, '$1***@');
  }
}

export const describeDb = (db: DbTarget) => (db.kind === 'sqlite' ? `sqlite:${db.path}` : redactDbUrl(db.url));

const dbField = z.string().transform((value, ctx) => {
  try {
    return parseDbTarget(value);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});

const portField = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const booleanish = z
  .union([z.boolean(), z.enum(['1', '0', 'true', 'false', 'yes', 'no', ''])])
  .transform((v) => v === true || v === '1' || v === 'true' || v === 'yes');

/** A record number printed on the site: trimmed, empty meaning not set. */
const recordField = (pattern: RegExp, message: string) =>
  z
    .string()
    .trim()
    .max(100, 'must be at most 100 characters')
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || pattern.test(v), message)
    .optional();

/** What the pages print for China's registries of websites (see docs/publishing.md); each part optional. */
export interface PublishingSettings {
  /** 网站标识码: turns on the government-site page metadata (SiteName, SiteIDCode, ColumnName…). */
  siteIdCode?: string;
  /** ICP record number (ICP备案号), shown in the footer and linked to the MIIT registry. */
  icp?: string;
  /** Public-security record (公安备案号), shown in the footer and linked to the MPS registry by its number. */
  psb?: string;
}

const ConfigSchema = z.object({
  db: dbField,
  port: portField,
  host: z.string().min(1, 'must not be empty'),
  baseUrl: z
    .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  demo: booleanish,
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  trustProxy: booleanish,
  mlps: booleanish,
  sessionIdleMinutes: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(24 * 60, 'must be at most 1440'),
  sessionMaxHours: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(24 * 30, 'must be at most 720'),
  mediaDir: z.string().trim().min(1, 'must not be empty').transform((p) => path.resolve(p)),
  mediaMaxImageMb: z.coerce.number({ error: 'must be a number' }).positive('must be more than 0').max(200, 'must be at most 200'),
  mediaMaxDocumentMb: z.coerce.number({ error: 'must be a number' }).positive('must be more than 0').max(500, 'must be at most 500'),
  mediaMaxImageMegapixels: z.coerce.number({ error: 'must be a number' }).positive('must be more than 0').max(250, 'must be at most 250'),
  signingKey: z.string().trim().min(1, 'must not be empty').transform((p) => path.resolve(p)).optional(),
  verifyKey: z.string().trim().min(1, 'must not be empty').transform((p) => path.resolve(p)).optional(),
  pageCacheMb: z.coerce.number({ error: 'must be a number' }).min(0, 'must be 0 or more').max(16384, 'must be at most 16384'),
  siteIdCode: recordField(/^[A-Za-z0-9]{1,32}$/, 'must be the letters and digits of the site identification code'),
  icp: recordField(/\S/, 'must not be empty'),
  psb: recordField(/\d{6,}/, 'must contain the record number (e.g. 京公网安备 11010802012345号)'),
  // Audit log and shutdown (operations).
  auditKeepDays: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(183, 'must be at least 183 (audit records are kept six months)').max(36_500, 'must be at most 36500'),
  shutdownGraceSeconds: z.coerce.number({ error: 'must be a number' }).min(1, 'must be at least 1').max(3600, 'must be at most 3600'),
  // While PostgreSQL tells an instance of each change, it still reads the change counter this often (a safety net).
  changeCheckSeconds: z.coerce.number({ error: 'must be a number' }).min(1, 'must be at least 1').max(3600, 'must be at most 3600'),
  // SQLite durability (docs/backup.md): full fsyncs the write-ahead log at every commit.
  sqliteSync: z.enum(['full', 'normal'], { error: 'must be full or normal' }),
});

type Flat = z.infer<typeof ConfigSchema>;

export type AppConfig = Readonly<Omit<Flat, 'baseUrl' | keyof PublishingSettings> & { baseUrl: string; publishing: Readonly<PublishingSettings> }>;

/** Flags given on the command line; each overrides its environment variable. */
export interface ConfigFlags {
  db?: string;
  port?: string | number;
  host?: string;
  baseUrl?: string;
  demo?: boolean;
  logLevel?: string;
  mediaDir?: string;
  /** Ed25519 private key (PEM) that signs an export's manifest. */
  key?: string;
  /** Ed25519 public (or private) key (PEM) that checks an export's manifest. */
  publicKey?: string;
  /** `audit prune`: days audit records are kept. */
  keepDays?: string | number;
}

/** Names a setting the way the operator wrote it: the flag and its environment variable. */
const SOURCES: Record<keyof Flat, string> = {
  db: '--db / BEIGUAN_DB',
  port: '--port / PORT',
  host: '--host / HOST',
  baseUrl: '--base-url / BEIGUAN_BASE_URL',
  demo: '--no-demo / BEIGUAN_DEMO',
  logLevel: '--log-level / LOG_LEVEL',
  trustProxy: 'BEIGUAN_TRUST_PROXY',
  mlps: 'BEIGUAN_MLPS',
  sessionIdleMinutes: 'BEIGUAN_SESSION_IDLE_MINUTES',
  sessionMaxHours: 'BEIGUAN_SESSION_MAX_HOURS',
  mediaDir: '--media-dir / BEIGUAN_MEDIA_DIR',
  mediaMaxImageMb: 'BEIGUAN_MEDIA_MAX_IMAGE_MB',
  mediaMaxDocumentMb: 'BEIGUAN_MEDIA_MAX_DOCUMENT_MB',
  mediaMaxImageMegapixels: 'BEIGUAN_MEDIA_MAX_IMAGE_MEGAPIXELS',
  signingKey: '--key / BEIGUAN_SIGNING_KEY',
  verifyKey: '--public-key / BEIGUAN_VERIFY_KEY',
  pageCacheMb: 'BEIGUAN_PAGE_CACHE_MB',
  siteIdCode: 'BEIGUAN_SITE_ID_CODE',
  icp: 'BEIGUAN_ICP',
  psb: 'BEIGUAN_PSB',
  auditKeepDays: '--keep-days / BEIGUAN_AUDIT_KEEP_DAYS',
  shutdownGraceSeconds: 'BEIGUAN_SHUTDOWN_GRACE_SECONDS',
  changeCheckSeconds: 'BEIGUAN_CHANGE_CHECK_SECONDS',
  sqliteSync: 'BEIGUAN_SQLITE_SYNC',
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = {
    db: flags.db ?? env.BEIGUAN_DB ?? DEFAULT_DB,
    port: flags.port ?? env.PORT ?? 3000,
    host: flags.host ?? env.HOST ?? '127.0.0.1',
    baseUrl: flags.baseUrl ?? (env.BEIGUAN_BASE_URL || undefined),
    demo: flags.demo === false ? false : (env.BEIGUAN_DEMO ?? true),
    logLevel: flags.logLevel ?? env.LOG_LEVEL ?? 'info',
    trustProxy: env.BEIGUAN_TRUST_PROXY ?? false,
    mlps: env.BEIGUAN_MLPS ?? false,
    sessionIdleMinutes: env.BEIGUAN_SESSION_IDLE_MINUTES ?? 30,
    sessionMaxHours: env.BEIGUAN_SESSION_MAX_HOURS ?? 12,
    mediaDir: flags.mediaDir ?? env.BEIGUAN_MEDIA_DIR ?? DEFAULT_MEDIA_DIR,
    mediaMaxImageMb: env.BEIGUAN_MEDIA_MAX_IMAGE_MB ?? 20,
    mediaMaxDocumentMb: env.BEIGUAN_MEDIA_MAX_DOCUMENT_MB ?? 50,
    mediaMaxImageMegapixels: env.BEIGUAN_MEDIA_MAX_IMAGE_MEGAPIXELS ?? 50,
    signingKey: flags.key ?? (env.BEIGUAN_SIGNING_KEY || undefined),
    verifyKey: flags.publicKey ?? (env.BEIGUAN_VERIFY_KEY || undefined),
    pageCacheMb: env.BEIGUAN_PAGE_CACHE_MB ?? 64,
    siteIdCode: env.BEIGUAN_SITE_ID_CODE,
    icp: env.BEIGUAN_ICP,
    psb: env.BEIGUAN_PSB,
    auditKeepDays: flags.keepDays ?? (env.BEIGUAN_AUDIT_KEEP_DAYS || 365),
    shutdownGraceSeconds: env.BEIGUAN_SHUTDOWN_GRACE_SECONDS || 10,
    changeCheckSeconds: env.BEIGUAN_CHANGE_CHECK_SECONDS || 10,
    sqliteSync: env.BEIGUAN_SQLITE_SYNC || 'full',
  };
  const result = ConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const key = issue.path[0] as keyof typeof SOURCES;
        const shown = key === 'db' ? redactDbUrl(String(raw.db)) : String(raw[key]);
        return `${SOURCES[key] ?? String(key)}: ${issue.message} (got "${shown}")`;
      }),
    );
  }
  const { siteIdCode, icp, psb, ...c } = result.data;
  const host = c.host === '0.0.0.0' || c.host === '::' ? 'localhost' : c.host.includes(':') ? `[${c.host}]` : c.host;
  const baseUrl = c.baseUrl ?? `http://${host}:${c.port}`;
  const publishing = Object.freeze({ ...(siteIdCode && { siteIdCode }), ...(icp && { icp }), ...(psb && { psb }) });
  return Object.freeze({ ...c, baseUrl, publishing });
}

/** The store alone, for commands that need nothing else (import, migrate). */
export function loadDbTarget(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): DbTarget {
  const value = flag ?? env.BEIGUAN_DB ?? DEFAULT_DB;
  try {
    return parseDbTarget(value);
  } catch (e) {
    throw new ConfigError([`${SOURCES.db}: ${(e as Error).message} (got "${redactDbUrl(value)}")`]);
  }
}

/** Test settings, read here so that nothing else touches the environment. */
export const testEnv = (env: NodeJS.ProcessEnv = process.env) => ({
  pgUrl: env.BEIGUAN_TEST_PG || undefined,
  isCi: env.CI === 'true' || env.CI === '1',
  chromium: env.BEIGUAN_CHROMIUM || '/usr/bin/chromium',
  seedsDir: env.BEIGUAN_SEEDS_DIR,
});
