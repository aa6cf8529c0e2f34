// The export served by Debian's nginx with the configuration docs/static-export.md gives (read
// from the document itself): every page as exported, old and moved addresses redirected, removed
// content 410, unknown addresses 404 with the page in their language, the manifest not served.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoIfEmpty } from '../src/demo/index.js';
import { exportSite } from '../src/export/export.js';
import type { ExportState } from '../src/export/manifest.js';
import { loadAssets } from '../src/site/assets.js';
import { asElder } from '../src/site/display.js';
import { articleInput, BASE_URL, testApp } from './helpers/app.js';
import { env } from './helpers/store.js';

const NGINX = '/usr/sbin/nginx';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nginxPresent = existsSync(NGINX);
if (!nginxPresent) process.stderr.write(`\n[nginx] SKIPPED: no nginx at ${NGINX} (apt-get install nginx-light)\n\n`);

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** The nginx configuration of the docs, pointed at this export and a local port. */
async function configFromDocs(site: string, port: number, work: string): Promise<string> {
  const doc = await readFile(path.join(root, 'docs/static-export.md'), 'utf8');
  const block = /```nginx\n([\s\S]*?)```/.exec(doc)![1]!;
  const server = block
    .replaceAll('/srv/bjast/site', site)
    .replace(/listen 443 ssl http2;/, `listen 127.0.0.1:${port};`)
    .replace(/server_name [^;]+;/, 'server_name localhost;');
  return [
    `pid ${work}/nginx.pid;`,
    `error_log ${work}/error.log;`,
    'daemon off;',
    'events { worker_connections 64; }',
    'http {',
    '  include /etc/nginx/mime.types;',
    `  access_log off; client_body_temp_path ${work}/tmp; proxy_temp_path ${work}/tmp; fastcgi_temp_path ${work}/tmp; uwsgi_temp_path ${work}/tmp; scgi_temp_path ${work}/tmp;`,
    server,
    '}',
  ].join('\n');
}

describe.skipIf(!nginxPresent && !env.isCi)('the export behind nginx, configured as the docs say', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let work: string;
  let site: string;
  let nginx: ChildProcess;
  let base: string;
  let exported: ExportState;
  const get = (p: string) => fetch(`${base}${p}`, { redirect: 'manual' });

  beforeAll(async () => {
    t = await testApp('sqlite');
    await loadDemoIfEmpty(t.store, t.clock);
    await t.services.auth.addUser({ name: 'admin', role: 'administrator', password: 'correct horse battery staple' });
    const admin = (await t.services.auth.actorForToken((await t.services.auth.createToken('admin')).token))!;
    await t.services.news.create({ ...articleInput('en', 'Telescope week', '2024-03-01T02:00:00.000Z'), slug: 'telescope-week' });
    const never = async () => false;
    await t.services.redirects.create(admin, { from: '/Html/Article/20190612/2001.html', to: '/en/news/telescope-week', status: 301 }, never);
    await t.services.redirects.create(admin, { from: '/library', to: 'https://library.example.org/catalogue', status: 302 }, never);
    await t.services.redirects.create(admin, { from: '/Html/Notice/Closed.html', status: 410 }, never);
    await t.services.redirects.create(admin, { from: '/en/old-programme', status: 410 }, never);

    work = await mkdtemp(path.join(os.tmpdir(), 'beiguan-nginx-'));
    // nginx's workers may run as another user: the export must be readable by them.
    await chmod(work, 0o755);
    site = path.join(work, 'site');
    const assets = loadAssets();
    await exportSite({ ctx: { services: t.services, baseUrl: BASE_URL, assets: assets.site }, assets: assets.files, out: site, key: generateKeyPairSync('ed25519').privateKey });
    exported = JSON.parse(await readFile(path.join(site, '.beiguan/state.json'), 'utf8')) as ExportState;

    const port = await freePort();
    await writeFile(path.join(work, 'nginx.conf'), await configFromDocs(site, port, work));
    nginx = spawn(NGINX, ['-p', work, '-c', path.join(work, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    nginx.stderr!.on('data', (d) => (stderr += String(d)));
    base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      if (await fetch(base).then(() => true, () => false)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`nginx did not start: ${stderr} ${await readFile(path.join(work, 'error.log'), 'utf8').catch(() => '')}`);
  });
  afterAll(async () => {
    nginx?.kill('SIGTERM');
    await t?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('serves every exported page at its address, byte for byte', async () => {
    const pages = Object.entries(exported.files).filter(([file, r]) => r.url && !path.basename(file).startsWith('_'));
    expect(pages.length).toBeGreaterThan(15);
    for (const [file, r] of pages) {
      const res = await get(r.url!);
      expect(res.status, r.url).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(await readFile(path.join(site, file))), r.url).toBe(true);
    }
    expect((await get('/en/news/telescope-week')).headers.get('content-type')).toContain('text/html');
    expect((await get('/en/feed.xml')).headers.get('content-type')).toMatch(/xml/);
  });

  it('redirects old and moved addresses in any letter case and with a query, as the live server does', async () => {
    for (const uri of ['/Html/Article/20190612/2001.html', '/html/article/20190612/2001.HTML?from=weibo']) {
      const res = await get(uri);
      const live = await t.app.inject(uri);
      expect(res.status, uri).toBe(live.statusCode);
      expect(res.headers.get('location'), uri).toMatch(new RegExp(`${live.headers.location as string}$`));
    }
    const found = await get('/library');
    expect(found.status).toBe(302);
    expect(found.headers.get('location')).toBe('https://library.example.org/catalogue');
  });

  it('answers 410 with the gone page and 404 with the not-found page, in the language of the address', async () => {
    const gone = await get('/en/old-programme');
    expect(gone.status).toBe(410);
    expect(await gone.text()).toBe(await readFile(path.join(site, 'en/_410.html'), 'utf8'));
    const goneZh = await get('/Html/Notice/Closed.html');
    expect(goneZh.status).toBe(410);
    expect(await goneZh.text()).toBe(await readFile(path.join(site, 'zh/_410.html'), 'utf8'));
    const missing = await get('/en/nowhere');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe(await readFile(path.join(site, 'en/_404.html'), 'utf8'));
    // A published page always wins over a rule at its address.
    expect((await get('/en/news/telescope-week')).status).toBe(200);
    expect((await get('/.beiguan/manifest.json')).status).toBe(403);
  });

  it("sends the live server's security headers on every kind of answer, the policy naming the exported scripts by hash", async () => {
    const live = (await t.app.inject('/en/news/telescope-week')).headers;
    const policy = live['content-security-policy'] as string;
    expect(policy).toMatch(/script-src 'sha256-[^']+'/);
    const search = (await readFile(path.join(site, 'en/search.html'), 'utf8')).match(/<script src="([^"]+)" integrity="([^"]+)"/)!;
    expect(policy).toContain(`'${search[2]}'`);
    const asset = path.join(site, search[1]!);
    expect(`sha256-${createHash('sha256').update(await readFile(asset)).digest('base64')}`).toBe(search[2]);
    for (const uri of ['/en/news/telescope-week', search[1]!, '/en/nowhere', '/en/old-programme', '/Html/Article/20190612/2001.html', '/display?mode=elder&back=/en/']) {
      const res = await get(uri);
      // The site's address is https://: HSTS too.
      for (const name of ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'x-frame-options', 'cross-origin-opener-policy', 'permissions-policy', 'strict-transport-security'])
        expect(res.headers.get(name), `${uri} ${name}`).toBe(live[name]);
    }
    expect(live['strict-transport-security']).toMatch(/^max-age=\d{8}/);
  });

  it('switches to the elder display and back as the live server does: a cookie, the page with its class', async () => {
    const on = await get('/display?mode=elder&back=/en/news/telescope-week');
    expect(on.status).toBe(303);
    expect(on.headers.get('location')).toMatch(/\/en\/news\/telescope-week$/);
    const cookie = on.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^bg_display=elder;.*Max-Age=31536000/);
    const file = await readFile(path.join(site, 'en/news/telescope-week.html'), 'utf8');
    const elder = await fetch(`${base}/en/news/telescope-week`, { headers: { cookie: 'bg_display=elder' } });
    expect(await elder.text()).toBe(asElder(file));
    expect(elder.headers.get('vary')).toMatch(/Cookie/);
    // A browser that kept the standard page and revalidates it after the switch gets the elder one, not a 304.
    const standard = await get('/en/news/telescope-week');
    const validators: Record<string, string> = {};
    for (const [header, asked] of [['etag', 'if-none-match'], ['last-modified', 'if-modified-since']]) {
      const value = standard.headers.get(header!);
      if (value) validators[asked!] = value;
    }
    const revalidated = await fetch(`${base}/en/news/telescope-week`, { headers: { cookie: 'bg_display=elder', ...validators } });
    expect(revalidated.status).toBe(200);
    expect(await revalidated.text()).toBe(asElder(file));
    // The not-found page too, and the standard display stays the exported bytes.
    expect(await (await fetch(`${base}/en/nowhere`, { headers: { cookie: 'bg_display=elder' } })).text()).toContain('<html class="elder" lang="en');
    expect(await (await get('/en/news/telescope-week')).text()).toBe(file);

    const off = await get('/display?mode=standard&back=/en/');
    expect(off.headers.get('set-cookie')).toMatch(/^bg_display=;.*Max-Age=0/);
    expect(off.headers.get('location')).toMatch(/\/en\/$/);
    // Never to another site.
    for (const back of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)']) {
      const res = await get(`/display?mode=elder&back=${back}`);
      expect(res.status, back).toBe(303);
      expect(new URL(res.headers.get('location')!, base).origin, back).toBe(base);
    }
  });
});
