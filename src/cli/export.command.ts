// `beiguan export`, `beiguan verify` and `beiguan keygen`: the static site, its signed manifest,
// and the check that nobody altered it since.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { openConfiguredApp } from '../app/app.js';
import { loadConfig, type AppConfig, type ConfigFlags } from '../config/index.js';
import { exportSite } from '../export/export.js';
import { generateSigningKeys, loadPrivateKey, loadPublicKey } from '../export/keys.js';
import { problems, verifyExport } from '../export/verify.js';
import { invalid, isAppError } from '../shared/errors.js';
import { loadAssets } from '../site/assets.js';
import type { SiteContext } from '../site/routes.js';

const noKey = (what: string, flag: string, env: string) =>
  invalid('EXPORT_KEY_MISSING', `${what} needs an Ed25519 key: give ${flag} FILE or set ${env} (beiguan keygen makes a pair)`, { field: flag });

/** The site as the configuration describes it: the same context the server renders with. */
function siteOf(services: SiteContext['services'], config: AppConfig) {
  const assets = loadAssets();
  return { ctx: { services, baseUrl: config.baseUrl, assets: assets.site, publishing: config.publishing } satisfies SiteContext, assets: assets.files };
}

export async function exportCommand(flags: ConfigFlags & { out: string; full?: boolean; quiet?: boolean }) {
  const config = loadConfig(flags);
  if (!config.signingKey) throw noKey('the export', '--key', 'BEIGUAN_SIGNING_KEY');
  const key = loadPrivateKey(config.signingKey);
  if (!flags.baseUrl && !process.env.BEIGUAN_BASE_URL) process.stderr.write(`beiguan export: no --base-url given; links will name ${config.baseUrl}\n`);
  const opened = await openConfiguredApp(config);
  try {
    const started = performance.now();
    const site = siteOf(opened.services, config);
    const r = await exportSite({ ...site, out: flags.out, key, full: flags.full });
    const ms = Math.round(performance.now() - started);
    for (const f of r.repaired) process.stderr.write(`beiguan export: ${f} did not match the previous manifest; written again\n`);
    for (const a of r.skippedAddresses) process.stderr.write(`beiguan export: ${a}: a redirect or gone address nginx cannot take literally; left out of the maps (the live server still answers it)\n`);
    process.stdout.write(
      `Exported ${r.files} files to ${flags.out} (${r.incremental ? 'incremental' : 'full'}): ${r.written} written, ${r.kept} unchanged, ${r.removed} removed, in ${ms} ms.\n`,
    );
  } finally {
    await opened.close();
  }
}

export async function verifyCommand(dir: string, flags: ConfigFlags & { restore?: boolean }) {
  const config = loadConfig(flags);
  const keyFile = config.verifyKey ?? config.signingKey;
  if (!keyFile) throw noKey('verify', '--public-key', 'BEIGUAN_VERIFY_KEY');
  const key = loadPublicKey(keyFile);
  const opened = flags.restore ? await openConfiguredApp(config) : undefined;
  try {
    const r = await verifyExport(dir, key, opened ? siteOf(opened.services, config) : undefined).catch((e: unknown) => {
      // An altered manifest is an alteration found, like an altered page: exit 1, not "bad usage".
      if (isAppError(e) && e.code === 'EXPORT_SIGNATURE_INVALID') {
        process.stderr.write(`beiguan verify: ${e.message}\n`);
        process.exitCode = 1;
        return undefined;
      }
      throw e;
    });
    if (!r) return;
    const lines: string[] = [];
    for (const f of r.modified) lines.push(`modified  ${f}`);
    for (const f of r.added) lines.push(`added     ${f}`);
    for (const f of r.removed) lines.push(`removed   ${f}`);
    if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
    for (const f of r.restored) process.stdout.write(`restored  ${f}\n`);
    for (const u of r.unrestorable) process.stderr.write(`beiguan verify: cannot restore ${u.file}: ${u.why}\n`);
    const n = problems(r);
    if (n === 0) process.stdout.write(`OK: ${r.files} files match the signed manifest of ${r.dir}\n`);
    else if (flags.restore && r.unrestorable.length === 0) process.stdout.write(`${n} files differed from the signed manifest; all were restored.\n`);
    else process.stdout.write(`${n} files differ from the signed manifest of ${r.dir}.\n`);
    // Non-zero whenever something was found: cron and systemd report it even when restored.
    if (n > 0) process.exitCode = 1;
  } finally {
    await opened?.close();
  }
}

export async function keygenCommand(file: string) {
  const pub = `${file}.pub`;
  for (const f of [file, pub]) if (existsSync(f)) throw invalid('EXPORT_KEY_EXISTS', `${f}: exists; beiguan keygen never overwrites a key`, { field: f });
  const { privatePem, publicPem } = generateSigningKeys();
  await writeFile(file, privatePem, { mode: 0o600, flag: 'wx' });
  await writeFile(pub, publicPem, { mode: 0o644, flag: 'wx' });
  process.stdout.write(`Wrote the signing key ${file} (keep it secret) and its public key ${pub} (for the servers that verify).\n`);
}
