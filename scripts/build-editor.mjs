// Bundles the workspace's rich-text editor (src/admin/client) for the browser with esbuild:
// one minified script, written to dist/editor/ (the app serves it under a hashed name).
// Run by `npm run build` (and so by `npm ci`, through `prepare`), and by the browser tests.
import { build } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const EDITOR_BUNDLE = resolve(root, 'dist/editor/editor.js');

export async function buildEditor() {
  const result = await build({
    entryPoints: [resolve(root, 'src/admin/client/editor.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020', 'chrome90', 'firefox90', 'safari15'],
    legalComments: 'eof',
    write: false,
    logLevel: 'warning',
    metafile: true,
  });
  mkdirSync(dirname(EDITOR_BUNDLE), { recursive: true });
  // Written aside and renamed: a reader (another test worker) never sees half a file.
  const tmp = `${EDITOR_BUNDLE}.${process.pid}.tmp`;
  writeFileSync(tmp, result.outputFiles[0].contents);
  renameSync(tmp, EDITOR_BUNDLE);
  return { bytes: result.outputFiles[0].contents.length, metafile: result.metafile };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { bytes } = await buildEditor();
  console.log(`editor bundle: ${EDITOR_BUNDLE} (${(bytes / 1024).toFixed(1)} KiB)`);
}
