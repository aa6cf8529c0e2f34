// The media library through HTTP, as browsers and scripts use it: uploads decided by content,
// re-encoded images, files under paths Beiguan chooses, served with the right headers, and media
// in use that cannot be deleted.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORED_PATH } from '../../src/media/index.js';
import { browserFor, testApp } from '../helpers/app.js';
import * as fx from '../helpers/media.js';
import { testDialects } from '../helpers/store.js';

const PASSWORD = 'correct horse battery staple';
type App = Awaited<ReturnType<typeof testApp>>;
type Item = { id: number; kind: string; name: string; alt: string | null; width: number | null; height: number | null; thumbUrl: string | null };

async function filesUnder(dir: string): Promise<string[]> {
  const all = (await readdir(dir, { recursive: true, withFileTypes: true })) as { name: string; parentPath: string; isFile(): boolean }[];
  return all.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

describe.each(testDialects())('media library on %s', (dialect) => {
  let t: App;
  const tokens: Record<string, string> = {};
  beforeEach(async () => {
    t = await testApp(dialect, { media: { maxImageBytes: 2 * 1024 * 1024, maxDocumentBytes: 64 * 1024, maxImagePixels: 4_000_000 } });
    for (const role of ['contributor', 'editor', 'publisher'] as const) {
      await t.services.auth.addUser({ name: role, role, password: PASSWORD, locale: 'en' });
      tokens[role] = (await t.services.auth.createToken(role)).token;
    }
    await t.services.auth.addUser({ name: 'other', role: 'contributor', password: PASSWORD, locale: 'en' });
    tokens.other = (await t.services.auth.createToken('other')).token;
  });
  afterEach(() => t.close());

  const upload = (who: string, filename: string, data: Buffer, alt?: string, type = 'application/octet-stream') => {
    const body = fx.multipart([...(alt !== undefined ? ([['alt', alt]] as fx.Part[]) : []), ['file', { filename, data, type }]]);
    return t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': body.contentType }, payload: body.payload });
  };
  const uploaded = async (who: string, filename: string, data: Buffer, alt?: string) => {
    const res = await upload(who, filename, data, alt);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Item;
  };
  const api = (who: string, method: 'POST' | 'PATCH' | 'GET', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${tokens[who]}` }, ...(payload ? { payload } : {}) });
  const imageDoc = (mediaId: number, alt: string, caption?: string) => ({
    type: 'doc',
    content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Around the picture.' }] }, { type: 'image', attrs: { mediaId, alt, caption } }],
  });
  const variants = async (id: number) => (await t.services.media.get((await t.services.auth.actorForToken(tokens.editor!))!, id)).item.variants;

  it('re-encodes a turned JPEG upright, without its EXIF, at widths no larger than the original', async () => {
    const item = await uploaded('contributor', 'camera.jpg', await fx.orientedJpeg(), '红色在上，蓝色在下');
    // Stored 1200 × 600 with "turn 90°": the picture is 600 wide and 1200 high.
    expect(item).toMatchObject({ kind: 'image', name: 'camera.jpg', alt: '红色在上，蓝色在下', width: 600, height: 1200 });
    const files = await variants(item.id);
    expect(files.map((v) => `${v.mime} ${v.width}`).sort()).toEqual(['image/avif 480', 'image/avif 600', 'image/jpeg 480', 'image/jpeg 600', 'image/png 480', 'image/png 600', 'image/webp 480', 'image/webp 600'].filter((x) => !x.startsWith('image/png')));
    const jpeg = files.find((v) => v.mime === 'image/jpeg' && v.width === 600)!;
    const res = await t.app.inject(`/media/${jpeg.path}`);
    expect(res.statusCode).toBe(200);
    const meta = await sharp(res.rawPayload).metadata();
    expect({ width: meta.width, height: meta.height, exif: meta.exif, orientation: meta.orientation }).toEqual({ width: 600, height: 1200, exif: undefined, orientation: undefined });
    // The red half was on the left as stored: turned clockwise it is at the top.
    const { data } = await sharp(res.rawPayload).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [...data.subarray((y * 600 + x) * 3, (y * 600 + x) * 3 + 3)];
    expect(at(300, 100)[0]).toBeGreaterThan(200);
    expect(at(300, 100)[2]).toBeLessThan(60);
    expect(at(300, 1100)[2]).toBeGreaterThan(200);
    expect(res.rawPayload.includes(Buffer.from('Secret Camera Owner'))).toBe(false);
  });

  it('keeps transparency in a PNG fallback and accepts GIF, WebP and AVIF', async () => {
    const png = await uploaded('contributor', 'logo.png', await fx.transparentPng(), 'Logo');
    expect((await variants(png.id)).map((v) => v.mime)).not.toContain('image/jpeg');
    expect((await variants(png.id)).filter((v) => v.mime === 'image/png').map((v) => v.width)).toEqual([480, 640]);
    for (const [name, data, size] of [
      ['a.gif', await fx.gif(), [200, 100]],
      ['b.webp', await fx.webp(), [300, 200]],
      ['c.avif', await fx.avif(), [120, 80]],
    ] as const) {
      const item = await uploaded('contributor', name, data, `picture ${name}`);
      expect([item.width, item.height]).toEqual(size);
      expect(item.thumbUrl).toMatch(/^\/media\/\d{4}\/\d{2}\/[0-9a-f]{20}-\d+\.webp$/);
      expect((await t.app.inject(item.thumbUrl!)).headers['content-type']).toBe('image/webp');
    }
  });

  it('stores PDF, DOCX and XLSX as documents, decided by their content, and serves them as downloads', async () => {
    for (const [name, data, mime] of [
      ['年度报告.pdf', fx.pdf(), 'application/pdf'],
      ['minutes.docx', fx.docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['budget.xlsx', fx.xlsx(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      // The name says JPEG; the content is a PDF, and a PDF it is.
      ['photo.jpg', fx.pdf(), 'application/pdf'],
    ] as const) {
      const item = await uploaded('contributor', name, data);
      expect(item).toMatchObject({ kind: 'document', name, width: null, thumbUrl: null });
      const [file] = await variants(item.id);
      expect(file!.mime).toBe(mime);
      expect(file!.path.endsWith(`.${mime === 'application/pdf' ? 'pdf' : name.split('.').pop()}`)).toBe(true);
      const res = await t.app.inject(`/media/${file!.path}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(mime);
      expect(res.rawPayload.equals(data)).toBe(true);
      expect(res.headers['content-disposition']).toMatch(/^attachment; /);
    }
    const list = (await api('editor', 'GET', '/api/v1/articles')).statusCode; // unrelated endpoints still answer
    expect(list).not.toBe(500);
    const report = (await t.services.media.list((await t.services.auth.actorForToken(tokens.editor!))!, { q: '年度' }, { offset: 0, limit: 5 })).items[0]!;
    const res = await t.app.inject(`/media/${report.variants[0]!.path}`);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('年度报告.pdf')}`);
    const misnamed = (await t.services.media.list((await t.services.auth.actorForToken(tokens.editor!))!, { q: 'photo' }, { offset: 0, limit: 5 })).items[0]!;
    expect((await t.app.inject(`/media/${misnamed.variants[0]!.path}`)).headers['content-disposition']).toContain('filename="photo.jpg.pdf"');
  });

  it('refuses SVG, HTML, oversize files and decompression bombs, and keeps no file of them', async () => {
    for (const [name, data] of [
      ['icon.svg', fx.svg()],
      ['page.html', fx.html()],
      ['page.jpg', fx.html()],
    ] as const) {
      const res = await upload('contributor', name, data, 'x', name.endsWith('.svg') ? 'image/svg+xml' : 'image/jpeg');
      expect(res.statusCode).toBe(415);
      expect(res.json().error.code).toBe('MEDIA_TYPE_REFUSED');
      expect(res.json().error.message).toMatch(/not accepted/);
    }
    const big = await upload('contributor', 'big.pdf', fx.pdf(70 * 1024));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('MEDIA_TOO_LARGE');
    const beyondAny = await upload('contributor', 'huge.pdf', fx.pdf(3 * 1024 * 1024));
    expect([beyondAny.statusCode, beyondAny.json().error.code]).toEqual([413, 'MEDIA_TOO_LARGE']);
    const bomb = await fx.manyPixels(3000);
    expect(bomb.byteLength).toBeLessThan(200 * 1024);
    const res = await upload('contributor', 'bomb.png', bomb, 'white');
    expect([res.statusCode, res.json().error.code]).toEqual([413, 'MEDIA_IMAGE_TOO_MANY_PIXELS']);
    const noAlt = await upload('contributor', 'a.gif', await fx.gif());
    expect([noAlt.statusCode, noAlt.json().error.code]).toEqual([400, 'MEDIA_ALT_REQUIRED']);
    expect(await filesUnder(t.mediaDir!)).toEqual([]);
  });

  it('chooses every stored path itself: a name with folders in it is only a label', async () => {
    for (const name of ['../../../etc/passwd.png', '..\\..\\windows\\evil.png', '/tmp/x.png', 'a\u0000b<script>.png']) {
      const item = await uploaded('contributor', name, await fx.gif(), 'alt');
      expect(item.name).not.toMatch(/[/\\<>\u0000]|\.\./);
    }
    const files = await filesUnder(t.mediaDir!);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(f).toMatch(STORED_PATH);
    expect(files.join(' ')).not.toMatch(/passwd|evil|script|\.\./);
  });

  it('serves files with long caching and nosniff, and nothing it did not store', async () => {
    const item = await uploaded('contributor', 'a.webp', await fx.webp(), 'Orange');
    const res = await t.app.inject(item.thumbUrl!);
    expect(res.headers).toMatchObject({ 'content-type': 'image/webp', 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' });
    expect(res.headers['content-disposition']).toBeUndefined();
    const stored = item.thumbUrl!.slice('/media/'.length);
    for (const url of ['/media/2020/01/0123456789abcdef0123-480.webp', '/media/../package.json', '/media/%2e%2e/%2e%2e/package.json', `/media/${stored}/../../../../package.json`, '/media/', '/media/x', `/media/${stored.replace('.webp', '.svg')}`])
      expect((await t.app.inject(url)).statusCode, url).toBe(404);
  });

  it('shows an article image as <picture> with AVIF and WebP sources, the fallback srcset and the alt text', async () => {
    const image = await uploaded('contributor', 'hall.jpg', await fx.orientedJpeg(), 'Default alt');
    const created = await api('publisher', 'POST', '/api/v1/articles', { lang: 'en', slug: 'with-picture', title: 'With a picture', body: imageDoc(image.id, 'The great hall at night', 'The hall') });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json();
    for (const to of ['in_review', 'approved', 'published']) expect((await api('publisher', 'POST', `/api/v1/articles/${id}/transitions`, { to })).statusCode).toBe(200);
    const page = await t.app.inject('/en/news/with-picture');
    expect(page.statusCode).toBe(200);
    const picture = page.body.match(/<picture>.*?<\/picture>/s)?.[0] ?? '';
    expect(picture).toMatch(/<source type="image\/avif" srcset="\/media\/[^"]+-480\.avif 480w, \/media\/[^"]+-600\.avif 600w"/);
    expect(picture).toMatch(/<source type="image\/webp" srcset="[^"]+-480\.webp 480w, [^"]+-600\.webp 600w"/);
    expect(picture).toMatch(/<img src="\/media\/[^"]+-600\.jpg" srcset="[^"]+-480\.jpg 480w, [^"]+-600\.jpg 600w"[^>]* width="600" height="1200" alt="The great hall at night"/);
    expect(page.body).toContain('<figcaption>The hall</figcaption>');
    for (const src of picture.match(/\/media\/[^" ]+/g)!) expect((await t.app.inject(src)).statusCode).toBe(200);
  });

  it('shows the images in the admin preview and the shared preview link of a draft', async () => {
    const image = await uploaded('contributor', 'draft.gif', await fx.gif(), 'Blue');
    const { id } = (await api('contributor', 'POST', '/api/v1/articles', { lang: 'zh', title: '草稿配图', body: imageDoc(image.id, '蓝色方块') })).json();
    const writer = await browserFor(t, 'contributor');
    const preview = await writer.get(`/admin/articles/${id}/preview`);
    expect(preview.body).toMatch(/<picture>.*alt="蓝色方块".*<\/picture>/s);
    await writer.get(`/admin/articles/${id}`);
    const shared = await writer.post(`/admin/articles/${id}/preview-link`, {});
    const link = shared.body.match(/https:\/\/www\.example\.test(\/preview\/[A-Za-z0-9_-]+)/)![1]!;
    expect((await t.app.inject(link)).body).toMatch(/<picture>.*srcset=.*alt="蓝色方块".*<\/picture>/s);
  });

  it('refuses to delete media in use, listing the uses, and deletes it once no article uses it (restores count)', async () => {
    const image = await uploaded('contributor', 'used.gif', await fx.gif(), 'Used');
    const created = (await api('editor', 'POST', '/api/v1/articles', { lang: 'en', title: 'Uses the picture', body: imageDoc(image.id, 'Alt') })).json();
    const editor = await browserFor(t, 'editor');
    const detail = await editor.get(`/admin/media/${image.id}`);
    expect(detail.body).toContain(`<a href="/admin/articles/${created.id}">Uses the picture</a>`);
    const refused = await editor.post(`/admin/media/${image.id}/delete`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('in use');
    expect(refused.body).toContain(`<a href="/admin/articles/${created.id}">Uses the picture</a>`);
    const before = await filesUnder(t.mediaDir!);

    // The article stops using it: now it may go.
    const edited = await api('editor', 'PATCH', `/api/v1/articles/${created.id}`, { revision: 1, body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'No picture now.' }] }] } });
    expect(edited.statusCode).toBe(200);
    // Restoring the revision that showed it makes it used again.
    await editor.get(`/admin/articles/${created.id}/revisions`);
    expect((await editor.post(`/admin/articles/${created.id}/restore`, { revision: '1', basedOn: '2' })).statusCode).toBe(303);
    await editor.get(`/admin/media/${image.id}`);
    expect((await editor.post(`/admin/media/${image.id}/delete`, {})).statusCode).toBe(409);
    expect((await api('editor', 'PATCH', `/api/v1/articles/${created.id}`, { revision: 3, body: { type: 'doc', content: [] } })).statusCode).toBe(200);

    await editor.get(`/admin/media/${image.id}`);
    const deleted = await editor.post(`/admin/media/${image.id}/delete`, {});
    expect([deleted.statusCode, deleted.headers.location]).toEqual([303, '/admin/media?done=deleted']);
    expect((await editor.get(`/admin/media/${image.id}`)).statusCode).toBe(404);
    const after = await filesUnder(t.mediaDir!);
    expect(before.length).toBeGreaterThan(0);
    expect(after).toEqual([]);
    const audit = await t.services.auth.listAudit({ action: 'media.delete', limit: 5, offset: 0 });
    expect(audit.map((a) => [a.actorName, a.entityId])).toEqual([['editor', image.id]]);
  });

  it('refuses an article body pointing at an image the library does not have', async () => {
    const res = await api('editor', 'POST', '/api/v1/articles', { lang: 'en', title: 'Dangling', body: imageDoc(999, 'Nothing') });
    expect([res.statusCode, res.json().error.code]).toEqual([400, 'MEDIA_IMAGE_UNKNOWN']);
    const doc = await uploaded('contributor', 'a.pdf', fx.pdf());
    const asImage = await api('editor', 'POST', '/api/v1/articles', { lang: 'en', title: 'A PDF as a picture', body: imageDoc(doc.id, 'No') });
    expect(asImage.json().error.code).toBe('MEDIA_IMAGE_UNKNOWN');
  });

  it('lets contributors upload and list, delete only their own unused uploads; editors delete any', async () => {
    const mine = await uploaded('contributor', 'mine.pdf', fx.pdf());
    const theirs = await uploaded('other', 'theirs.pdf', fx.pdf());
    const writer = await browserFor(t, 'contributor');
    const list = await writer.get('/admin/media');
    expect(list.body).toContain('mine.pdf');
    expect(list.body).toContain('theirs.pdf');
    await writer.get(`/admin/media/${theirs.id}`);
    expect((await writer.post(`/admin/media/${theirs.id}/delete`, {})).statusCode).toBe(403);
    await writer.get(`/admin/media/${mine.id}`);
    expect((await writer.post(`/admin/media/${mine.id}/delete`, {})).statusCode).toBe(303);
    const editor = await browserFor(t, 'editor');
    await editor.get(`/admin/media/${theirs.id}`);
    expect((await editor.post(`/admin/media/${theirs.id}/delete`, {})).statusCode).toBe(303);

    const anonymous = fx.multipart([['file', { filename: 'a.pdf', data: fx.pdf() }]]);
    const res = await t.app.inject({ method: 'POST', url: '/admin/api/media', headers: { 'content-type': anonymous.contentType }, payload: anonymous.payload });
    expect([res.statusCode, res.json().error.code]).toEqual([401, 'SIGN_IN_REQUIRED']);
    expect((await t.app.inject('/admin/media')).headers.location).toBe('/admin/login');
    expect((await t.app.inject('/admin/api/media')).statusCode).toBe(401);
    expect(await filesUnder(t.mediaDir!)).toEqual([]);
  });

  it('checks the CSRF token of a multipart upload, from the form field or the header', async () => {
    const writer = await browserFor(t, 'contributor');
    const file: fx.Part = ['file', { filename: 'a.gif', data: await fx.gif(), type: 'image/gif' }];
    const without = await writer.upload('/admin/media', [['alt', 'x'], file]);
    expect(without.statusCode).toBe(403);
    const wrong = await writer.upload('/admin/media', [['_csrf', 'not-the-token'], ['alt', 'x'], file]);
    expect(wrong.statusCode).toBe(403);
    const json = await writer.upload('/admin/api/media', [['alt', 'x'], file]);
    expect([json.statusCode, json.json().error.code]).toEqual([403, 'CSRF_REFUSED']);
    expect(await filesUnder(t.mediaDir!)).toEqual([]);

    const form = await writer.upload('/admin/media', [['_csrf', writer.csrf()], ['alt', 'Blue square'], file]);
    expect(form.statusCode).toBe(303);
    expect(form.headers.location).toMatch(/^\/admin\/media\/\d+\?done=uploaded$/);
    const viaHeader = await writer.upload('/admin/api/media', [['alt', 'Blue square'], file], { 'x-csrf-token': writer.csrf() });
    expect(viaHeader.statusCode).toBe(201);
    expect(viaHeader.json()).toMatchObject({ kind: 'image', name: 'a.gif', alt: 'Blue square', width: 200, height: 100 });
  });

  it('lists, searches, filters and pages the library for the editor (25 a page)', async () => {
    for (let i = 1; i <= 26; i++) await uploaded('contributor', `report-${String(i).padStart(2, '0')}.pdf`, fx.pdf());
    await uploaded('contributor', 'lotus.gif', await fx.gif(), '荷花池');
    const writer = await browserFor(t, 'contributor');
    const get = (q: string) => writer.get(`/admin/api/media?${q}`).then((r) => r.json() as { items: Item[]; total: number });
    const first = await get('');
    expect([first.items.length, first.total]).toEqual([25, 27]);
    expect(first.items[0]).toEqual({ id: expect.any(Number), kind: 'image', name: 'lotus.gif', alt: '荷花池', width: 200, height: 100, thumbUrl: expect.stringMatching(/^\/media\/.+\.webp$/) });
    expect((await get('page=2')).items.length).toBe(2);
    expect((await get('q=荷花')).items.map((i) => i.name)).toEqual(['lotus.gif']);
    expect((await get('q=REPORT-1')).total).toBe(10);
    expect((await get('kind=document')).total).toBe(26);
    const page = await writer.get('/admin/media?kind=image&sort=name');
    expect(page.body).toContain('lotus.gif');
    expect(page.body).not.toContain('report-01.pdf');
    const byName = await writer.get('/admin/media?sort=name&page=2');
    expect(byName.body).toContain('report-26.pdf');
    expect(byName.body).toContain('2 / 2');
  });

  it('edits the default alt text on the item page', async () => {
    const item = await uploaded('contributor', 'a.gif', await fx.gif(), 'Old alt');
    const writer = await browserFor(t, 'contributor');
    await writer.get(`/admin/media/${item.id}`);
    expect((await writer.post(`/admin/media/${item.id}`, { alt: '新的替代文字' })).statusCode).toBe(303);
    expect((await writer.get(`/admin/media/${item.id}`)).body).toContain('value="新的替代文字"');
    expect((await writer.post(`/admin/media/${item.id}`, { alt: ' ' })).statusCode).toBe(400);
  });
});
