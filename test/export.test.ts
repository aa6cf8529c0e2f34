// The static export as the IT office relies on it: the same bytes as the server, only what changed
// written again, byte-identical runs, and a signed manifest that catches any change to any file.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, readlink, rm, writeFile, appendFile, symlink, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoIfEmpty } from '../src/demo/index.js';
import { exportSite } from '../src/export/export.js';
import { MANIFEST_FILE, type ExportState } from '../src/export/manifest.js';
import { problems, verifyExport } from '../src/export/verify.js';
import type { Actor } from '../src/people/index.js';
import { loadAssets } from '../src/site/assets.js';
import type { SiteContext } from '../src/site/routes.js';
import { articleInput, BASE_URL, testApp } from './helpers/app.js';
import * as fx from './helpers/media.js';
import { testDialects } from './helpers/store.js';

const { privateKey: key, publicKey } = generateKeyPairSync('ed25519');

async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const rel of (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile())) {
    const full = path.join(rel.parentPath, rel.name);
    out.set(path.relative(dir, full).split(path.sep).join('/'), await readFile(full));
  }
  return out;
}

const pad = (n: number) => String(n).padStart(2, '0');

describe.each(testDialects())('static export on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let work: string;
  let ctx: SiteContext;
  let assets: ReturnType<typeof loadAssets>;
  let editor: Actor;
  let pictureId: number;
  const run = (out: string, full = false) => exportSite({ ctx, assets: assets.files, out: path.join(work, out), key, full });

  beforeEach(async () => {
    t = await testApp(dialect, { media: {} });
    work = await mkdtemp(path.join(os.tmpdir(), 'beiguan-export-'));
    assets = loadAssets();
    ctx = { services: t.services, baseUrl: BASE_URL, assets: assets.site };
    await loadDemoIfEmpty(t.store, t.clock);
    await t.services.auth.addUser({ name: 'editor', role: 'editor', password: 'correct horse battery staple' });
    editor = (await t.services.auth.actorForToken((await t.services.auth.createToken('editor')).token))!;
    pictureId = (await t.services.media.upload(editor, { data: await fx.gif(), filename: 'lab.gif', alt: 'The laboratory' })).id;
    const [institution] = await t.services.institutions.directory('en');
    // Fourteen dated stories: two pages of news; story 7 shows a library picture and names an institution.
    for (let i = 1; i <= 14; i++) {
      const input = articleInput('en', `Story ${i}`, `2024-03-${pad(i)}T02:00:00.000Z`);
      const body = i === 7 ? { type: 'doc' as const, content: [...input.body.content, { type: 'image' as const, attrs: { mediaId: pictureId, alt: 'The laboratory' } }] } : input.body;
      if (i === 7) await t.services.news.create({ ...input, body, slug: 'story-7', legacyKey: 'story-7', institutionIds: [institution!.id] });
      else await t.services.news.upsertImported({ ...input, body, legacyKey: `story-${i}` });
    }
  });
  afterEach(async () => {
    await t.close();
    await rm(work, { recursive: true, force: true });
  });

  it('writes every page with exactly the bytes the server sends, and the files they show', async () => {
    const report = await run('site');
    expect(report.incremental).toBe(false);
    const files = await filesOf(path.join(work, 'site'));
    const state = JSON.parse(files.get('.beiguan/state.json')!.toString()) as ExportState;
    const pages = Object.entries(state.files).filter(([, r]) => r.url);
    expect(pages.length).toBeGreaterThan(20);
    for (const [file, record] of pages) {
      // The gone page is what the server sends at a gone address (see the redirects test below).
      if (record.url!.endsWith('/_410.html')) continue;
      // The search form page differs on purpose: its script searches the files written beside it.
      if (/^\/(zh|en)\/search$/.test(record.url!)) {
        const html = files.get(file)!.toString();
        expect(html).toContain('data-mode="static"');
        expect(html).toContain(`data-fold="${record.url}-fold.json"`);
        expect(html).not.toContain('/api/v1/');
        continue;
      }
      const res = await t.app.inject(record.url!);
      // The not-found pages are what the server answers to any address that leads nowhere.
      expect(res.statusCode, record.url).toBe(record.url!.endsWith('/_404.html') ? 404 : 200);
      expect(res.rawPayload.equals(files.get(file)!), `${record.url} → ${file}`).toBe(true);
    }
    // The folding table: each traditional character whose simplified form the index holds.
    const fold = JSON.parse(files.get('zh/search-fold.json')!.toString()) as Record<string, string>;
    const zhIndex = files.get('zh/search-index.json')!.toString();
    expect(Object.keys(fold).length).toBeGreaterThan(0);
    for (const [t, s] of Object.entries(fold)) expect(zhIndex.includes(s) && t !== s, t).toBe(true);
    for (const expected of ['en/_404.html', 'zh/_404.html', 'en/index.html', 'zh/index.html', 'en/news/index.html', 'en/news/page/2/index.html', 'en/news/story-7.html', 'en/about.html', 'en/institutions/index.html'])
      expect(files.has(expected), expected).toBe(true);
    // The theme's files and the picture's renditions, byte for byte as served.
    const copies = [...files.keys()].filter((f) => f.startsWith('assets/') || f.startsWith('media/'));
    expect(copies.some((f) => f.startsWith('media/'))).toBe(true);
    expect(copies.some((f) => f.endsWith('.css'))).toBe(true);
    for (const f of copies) expect((await t.app.inject(`/${f}`)).rawPayload.equals(files.get(f)!), f).toBe(true);
    // Nothing of the workspace.
    expect([...files.keys()].some((f) => f.startsWith('admin') || f.includes('editor'))).toBe(false);
  });

  it('writes again only what an edit changes, and ends where a full export would', async () => {
    await run('site');
    const unchanged = await run('site');
    expect(unchanged).toMatchObject({ incremental: true, written: 0, removed: 0 });

    // Story 7 gets a new title: its page, its neighbours' pages (they name it), the news page
    // that lists it and its institution's links change; the home page (newest five) does not.
    await t.services.news.upsertImported({ ...articleInput('en', 'Story 7, revised', '2024-03-07T02:00:00.000Z'), legacyKey: 'story-7' });
    const edit = await run('site');
    expect(edit.incremental).toBe(true);
    const written = new Set(edit.writtenFiles);
    for (const f of ['en/news/story-7.html', 'en/news/story-6.html', 'en/news/story-8.html', 'en/news/index.html']) expect(written, f).toContain(f);
    for (const f of ['en/news/story-2.html', 'en/news/story-12.html', 'en/index.html', 'zh/index.html', 'en/news/page/2/index.html', 'en/about.html']) expect(written, f).not.toContain(f);
    expect(edit.written).toBeLessThan(edit.files / 2);

    const full = await run('fresh', true);
    expect(full.written).toBe(full.files);
    const [a, b] = await Promise.all([filesOf(path.join(work, 'site')), filesOf(path.join(work, 'fresh'))]);
    for (const [file, bytes] of b) if (file !== '.beiguan/state.json') expect(a.get(file)?.equals(bytes), file).toBe(true);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  });

  it('makes each new build out of the one before the live one, carrying nothing altered there', async () => {
    const builds = path.join(work, '.site.builds');
    const live = async () => path.resolve(work, await readlink(path.join(work, 'site')));
    for (let i = 0; i < 3; i++) {
      await t.services.news.upsertImported({ ...articleInput('en', `Story 7, take ${i}`, '2024-03-07T02:00:00.000Z'), legacyKey: 'story-7' });
      await run('site');
    }
    const before = await live();
    const [older] = (await readdir(builds, { withFileTypes: true })).filter((e) => e.isDirectory() && path.join(builds, e.name) !== before);
    const rollback = path.join(builds, older!.name);
    // Someone alters the build a rollback would use: a page replaced, a file added, a folder
    // turned into a link out of the build.
    await rm(path.join(rollback, 'en/news/story-2.html'));
    await writeFile(path.join(rollback, 'en/news/story-2.html'), 'defaced');
    await writeFile(path.join(rollback, 'en/planted.html'), 'planted');
    const outside = await mkdtemp(path.join(os.tmpdir(), 'beiguan-outside-'));
    await writeFile(path.join(outside, 'keep.txt'), 'not the export\'s');
    await rm(path.join(rollback, 'en/institutions'), { recursive: true });
    await symlink(outside, path.join(rollback, 'en/institutions'));

    await t.services.news.upsertImported({ ...articleInput('en', 'Story 7, final', '2024-03-07T02:00:00.000Z'), legacyKey: 'story-7' });
    const r = await run('site');
    expect(r.incremental).toBe(true);
    // The build is made in place of the rollback one; the one live until now stays, untouched.
    expect(await live()).not.toBe(before);
    expect(problems(await verifyExport(before, publicKey))).toBe(0);
    expect(problems(await verifyExport(path.join(work, 'site'), publicKey))).toBe(0);
    // Nothing written through the link, nothing removed behind it.
    expect(await readdir(outside)).toEqual(['keep.txt']);
    await rm(outside, { recursive: true });

    const full = await run('fresh', true);
    const [a, b] = await Promise.all([filesOf(path.join(work, 'site')), filesOf(path.join(work, 'fresh'))]);
    for (const [file, bytes] of b) if (file !== '.beiguan/state.json') expect(a.get(file)?.equals(bytes), file).toBe(true);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    expect(full.files).toBe(r.files);
  });

  it('drops the files of an unpublished article and re-renders the pages around it', async () => {
    await run('site');
    const [story] = (await t.services.news.listPublished('en', { offset: 0, limit: 1 })).items;
    await t.services.auth.addUser({ name: 'publisher', role: 'publisher', password: 'correct horse battery staple' });
    const publisher = (await t.services.auth.actorForToken((await t.services.auth.createToken('publisher')).token))!;
    await t.services.newsWorkflow.transition(publisher, story!.id, { to: 'unpublished', revision: story!.revision });
    const r = await run('site');
    expect(r.removed).toBe(1);
    expect(r.writtenFiles).toEqual(expect.arrayContaining(['en/index.html', 'en/news/index.html', 'en/news/page/2/index.html', 'en/news/story-13.html']));
    const files = await filesOf(path.join(work, 'site'));
    expect(files.has(`en/news/${story!.slug}.html`)).toBe(false);
    expect(files.get('en/index.html')!.toString()).not.toContain(story!.title);
  });

  it('makes byte-identical exports of the same content', async () => {
    await run('one');
    await run('two');
    const [a, b] = await Promise.all([filesOf(path.join(work, 'one')), filesOf(path.join(work, 'two'))]);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [file, bytes] of a) expect(bytes.equals(b.get(file)!), file).toBe(true);
  });

  it('catches a one-byte change in any file, an added and a removed file, and puts the bytes back', async () => {
    await run('site');
    const dir = path.join(work, 'site');
    expect(problems(await verifyExport(dir, publicKey))).toBe(0);
    const files = await filesOf(dir);
    for (const [file, bytes] of files) {
      // Every file but the manifest, its signature and the exporter's unsigned record (an empty
      // nginx map has no byte to change: the added-line check below covers those).
      if (/^\.beiguan\/(manifest\.json|manifest\.sig|state\.json)$/.test(file) || bytes.length === 0) continue;
      const changed = Buffer.from(bytes);
      const at = changed.length >> 1;
      changed[at] = changed[at]! ^ 0x01;
      await writeFile(path.join(dir, file), changed);
      const r = await verifyExport(dir, publicKey);
      expect(r.modified, file).toEqual([file]);
      await writeFile(path.join(dir, file), bytes);
    }
    await writeFile(path.join(dir, 'en/news/story-3.html'), '<p>defaced</p>');
    await appendFile(path.join(dir, 'assets', [...files.keys()].find((f) => f.endsWith('.css'))!.slice('assets/'.length)), 'body{display:none}');
    await rm(path.join(dir, 'zh/index.html'));
    await mkdir(path.join(dir, 'en/extra'), { recursive: true });
    await writeFile(path.join(dir, 'en/extra/phish.html'), 'x');
    await symlink('/etc/passwd', path.join(dir, 'en/passwd.html'));
    const found = await verifyExport(dir, publicKey);
    expect(found.modified).toHaveLength(2);
    expect(found.removed).toEqual(['zh/index.html']);
    expect(found.added).toEqual(['en/extra/phish.html', 'en/passwd.html']);

    const restored = await verifyExport(dir, publicKey, { ctx, assets: assets.files });
    expect(restored.unrestorable).toEqual([]);
    expect(problems(await verifyExport(dir, publicKey))).toBe(0);
    const after = await filesOf(dir);
    for (const [file, bytes] of files) expect(after.get(file)?.equals(bytes), file).toBe(true);
  });

  it('refuses a manifest that was changed or signed with another key', async () => {
    await run('site');
    const dir = path.join(work, 'site');
    const other = generateKeyPairSync('ed25519').publicKey;
    await expect(verifyExport(dir, other)).rejects.toMatchObject({ code: 'EXPORT_SIGNATURE_INVALID' });
    const manifest = await readFile(path.join(dir, MANIFEST_FILE), 'utf8');
    await writeFile(path.join(dir, MANIFEST_FILE), manifest.replace(/"sha256": "[0-9a-f]/, '"sha256": "0'));
    await expect(verifyExport(dir, publicKey)).rejects.toMatchObject({ code: 'EXPORT_SIGNATURE_INVALID' });
  });

  it('tells a restore that cannot give the exported bytes any more, and repairs on the next export', async () => {
    await run('site');
    const dir = path.join(work, 'site');
    await writeFile(path.join(dir, 'en/news/story-7.html'), 'defaced');
    await t.services.news.upsertImported({ ...articleInput('en', 'Story 7, new text', '2024-03-07T02:00:00.000Z'), legacyKey: 'story-7' });
    const r = await verifyExport(dir, publicKey, { ctx, assets: assets.files });
    expect(r.unrestorable.map((u) => u.file)).toEqual(['en/news/story-7.html']);
    // A page nobody edited but someone defaced is written again by the next export, not kept.
    await writeFile(path.join(dir, 'en/news/story-2.html'), 'defaced');
    const next = await run('site');
    expect(next.repaired).toContain('en/news/story-2.html');
    expect(problems(await verifyExport(dir, publicKey))).toBe(0);
    expect((await readFile(path.join(dir, 'en/news/story-2.html'), 'utf8')).startsWith('<!doctype html>')).toBe(true);
  });

  it('writes the redirects and gone addresses for the web server, signed, as the server answers them', async () => {
    const admin = (await t.services.auth.addUser({ name: 'admin', role: 'administrator', password: 'correct horse battery staple' }), await t.services.auth.actorForToken((await t.services.auth.createToken('admin')).token))!;
    const never = async () => false;
    await t.services.redirects.create(admin, { from: '/Html/Article/20190612/2001.html', to: '/en/news/story-3', status: 301 }, never);
    await t.services.redirects.create(admin, { from: '/campaign', to: 'https://example.org/landing', status: 302 }, never);
    await t.services.redirects.create(admin, { from: '/Html/Old/Closed.html', status: 410 }, never);
    await run('site');
    const dir = path.join(work, 'site');
    const map = async (name: string) =>
      (await readFile(path.join(dir, '.beiguan/nginx', name), 'utf8'))
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          // "~*^regex$ value;": nginx's case-insensitive regular expression and the value it gives.
          const [, regex, value] = /^~\*(\S+) (\S+);$/.exec(line)!;
          return { re: new RegExp(regex!, 'i'), value: value!.replace(/^"|"$/g, '') };
        });
    const answer = (rules: { re: RegExp; value: string }[], uri: string) => rules.find((r) => r.re.test(uri))?.value;
    const moved = await map('redirects-301.map');
    for (const uri of ['/Html/Article/20190612/2001.html', '/html/article/20190612/2001.HTML?from=weibo']) {
      const live = await t.app.inject(uri);
      expect(live.statusCode, uri).toBe(301);
      expect(answer(moved, uri), uri).toBe(live.headers.location);
    }
    expect(answer(moved, '/Html/Article/20190612/20011.html')).toBeUndefined();
    expect(answer(await map('redirects-302.map'), '/campaign')).toBe('https://example.org/landing');
    expect(answer(await map('gone.map'), '/Html/Old/Closed.html')).toBe('1');
    // The gone page a static server shows is the one the live server sends with its 410.
    const gone = await t.app.inject({ url: '/Html/Old/Closed.html', headers: { 'accept-language': 'en' } });
    expect(gone.statusCode).toBe(410);
    expect(await readFile(path.join(dir, 'en/_410.html'), 'utf8')).toBe(gone.body.replace('/Html/Old/Closed.html', '/en/_410.html'));
    // A forged redirect is an alteration like any other.
    await appendFile(path.join(dir, '.beiguan/nginx/redirects-302.map'), '~*^/$ "https://evil.example";\n');
    expect((await verifyExport(dir, publicKey)).modified).toEqual(['.beiguan/nginx/redirects-302.map']);
  });

  it('refuses an output folder that is not its own', async () => {
    await mkdir(path.join(work, 'taken'));
    await writeFile(path.join(work, 'taken', 'index.html'), 'hand-made');
    await expect(run('taken')).rejects.toMatchObject({ code: 'EXPORT_OUT_NOT_MANAGED' });
    expect(await readFile(path.join(work, 'taken', 'index.html'), 'utf8')).toBe('hand-made');
  });
});
