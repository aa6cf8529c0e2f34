// After the suite: fail unless the PostgreSQL, browser, seed and nginx tests ran and passed.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  console.error(`ci: FAIL: no test report at ${file}: ${e.message}`);
  process.exit(1);
}
const tests = report.testResults.flatMap((f) => f.assertionResults.map((t) => ({ ...t, file: f.name })));
const groups = {
  postgres: (t) => / on postgres\b/.test(t.fullName),
  browser: (t) => t.file.includes('/test/e2e/'),
  seeds: (t) => t.file.includes('seed'),
  nginx: (t) => t.file.includes('export-nginx'),
  // Durability is proven on the production store too, not only on SQLite.
  'crash on postgres': (t) => t.file.endsWith('/test/crash.test.ts') && / on postgres\b/.test(t.fullName),
  'backup under load on postgres': (t) => t.file.endsWith('/test/backup-under-load.test.ts') && / on postgres\b/.test(t.fullName),
};
let ok = true;
for (const [name, match] of Object.entries(groups)) {
  const mine = tests.filter(match);
  const passed = mine.filter((t) => t.status === 'passed').length;
  const other = mine.length - passed;
  console.log(`ci: ${name} tests: ${passed} passed, ${other} not passed`);
  if (passed === 0 || other > 0) {
    console.error(`ci: FAIL: the ${name} tests did not all run and pass`);
    ok = false;
  }
}
console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests + report.numTodoTests} skipped`);
process.exit(ok && report.success ? 0 : 1);
