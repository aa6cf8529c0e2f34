#!/usr/bin/env node
// The published entry point runs the compiled CLI; `npm ci` builds it through the `prepare` script.
import { existsSync } from 'node:fs';
const main = new URL('../dist/cli/bin.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('beiguan: the compiled program is missing (dist/). Run `npm ci` or `npm run build` first.\n');
  process.exit(1);
}
await import(main.href);
