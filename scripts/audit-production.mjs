#!/usr/bin/env node
// CI's gate on known vulnerabilities: `npm audit` of the production dependencies (what `npm ci
// --omit=dev` installs on a server). Exit 0: no high or critical advisory; 1: at least one (each
// is named); 3: the advisory service did not answer, so nothing could be checked (.ci/run decides
// whether that fails the run).
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export const BLOCKING = ['high', 'critical'];

/**
 * What an `npm audit --json` report says: the advisories at a blocking severity, one line each,
 * or why there is no answer. Reports of npm 7 and later (`auditReportVersion: 2`).
 */
export function judgeAudit(report) {
  const counts = report?.metadata?.vulnerabilities;
  if (!counts || typeof report.vulnerabilities !== 'object') {
    const why = report?.error?.summary || report?.message || (report?.statusCode ? `HTTP ${report.statusCode}` : 'no report');
    return { answered: false, why: String(why) };
  }
  const blocking = [];
  for (const [name, v] of Object.entries(report.vulnerabilities)) {
    if (!BLOCKING.includes(v.severity)) continue;
    // `via` holds the advisories themselves, or the names of the dependencies that bring them.
    const advisories = (v.via ?? []).filter((a) => typeof a === 'object');
    const what = advisories.length ? advisories.map((a) => `${a.title ?? 'advisory'}${a.url ? ` (${a.url})` : ''}`).join('; ') : `through ${(v.via ?? []).join(', ')}`;
    blocking.push(`${v.severity}: ${name} ${v.range ?? ''}: ${what}${v.fixAvailable ? ' [a fix is available]' : ''}`);
  }
  return { answered: true, counts, blocking };
}

function main() {
  const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    report = { message: (run.stderr || run.stdout || `npm audit exited ${run.status}`).trim().split('\n').pop() };
  }
  const verdict = judgeAudit(report);
  if (!verdict.answered) {
    process.stderr.write(`audit: the advisory service did not answer (${verdict.why}): production dependencies NOT checked\n`);
    return 3;
  }
  const c = verdict.counts;
  process.stdout.write(`audit: production dependencies: ${c.critical ?? 0} critical, ${c.high ?? 0} high, ${c.moderate ?? 0} moderate, ${c.low ?? 0} low\n`);
  for (const line of verdict.blocking) process.stderr.write(`audit: ${line}\n`);
  return verdict.blocking.length ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main();
