// Every workspace route and API endpoint, with every role, on one's own items and on other people's:
// who is let through and who is refused, and that a refused request changed nothing. A route that is
// registered but missing from the matrix fails the test, so new routes cannot slip past it.
import { Secret, TOTP } from 'otpauth';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes } from '../../src/http/server.js';
import type { Article } from '../../src/news/index.js';
import type { Actor, Role } from '../../src/people/index.js';
import { BASE_URL, browserFor, testApp, TEST_PASSWORD } from '../helpers/app.js';
import { multipart, type Part } from '../helpers/media.js';
import { testDialects } from '../helpers/store.js';

type App = Awaited<ReturnType<typeof testApp>>;
/** Who asks: nobody; the item's author; another contributor; editors in and out of scope; publisher; administrator. */
const WHO = ['anonymous', 'owner', 'otherContributor', 'editor', 'scopedEditor', 'publisher', 'administrator'] as const;
type Who = (typeof WHO)[number];
const ROLE: Record<Exclude<Who, 'anonymous'>, Role> = {
  owner: 'contributor',
  otherContributor: 'contributor',
  editor: 'editor',
  scopedEditor: 'editor',
  publisher: 'publisher',
  administrator: 'administrator',
};

const SIGNED_IN: Who[] = WHO.filter((w) => w !== 'anonymous');
/** May read the draft: its author and every editor and above. */
const READERS: Who[] = ['owner', 'editor', 'scopedEditor', 'publisher', 'administrator'];
/** May change the draft: its author, editors who look after it, publishers and administrators. */
const WRITERS: Who[] = ['owner', 'editor', 'publisher', 'administrator'];
const EDITORS: Who[] = ['editor', 'scopedEditor', 'publisher', 'administrator'];
const PUBLISHERS: Who[] = ['publisher', 'administrator'];
const ADMINS: Who[] = ['administrator'];

interface Ctx {
  t: App;
  /** A fresh draft page and a fresh draft institution by the request's owner (or the fixed author). */
  page: number;
  institution: number;
  /** A share link of the article (made by the administrator). */
  link: number;
  /** A fresh library image uploaded by the request's owner (or by the fixed author). */
  media: number;
  /** A fresh draft by the request's owner (or by a fixed author when someone else asks). */
  article: Article;
  /** A fresh account nobody else uses (for password resets and the like). */
  victim: string;
  /** A fresh redirect from an old address. */
  redirect: string;
}
interface Row {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  route: string;
  /** The concrete request; a label tells apart rows on the same route (e.g. fields a role may not set). */
  label?: string;
  path: (c: Ctx) => string;
  body?: (c: Ctx) => Record<string, unknown>;
  /** A multipart upload instead of a form or JSON body. */
  upload?: boolean;
  /** The workspace's JSON endpoints (fetch with x-csrf-token), rather than a form. */
  json?: boolean;
  /** Brings the article into the state the row is about (default: a draft). */
  setup?: (c: Ctx) => Promise<Article>;
  allowed: readonly Who[];
}

const ADMIN_UNAUTHED = (status: number, location?: string) => status === 303 && location === '/admin/login';

const id = (c: Ctx) => c.article.id;
const doc = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Edited.' }] }] };
const MATRIX: Row[] = [
  // Sign-in and the dashboard.
  { method: 'GET', route: '/admin/login', path: () => '/admin/login', allowed: WHO },
  { method: 'GET', route: '/admin', path: () => '/admin', allowed: SIGNED_IN },
  // One's own account.
  { method: 'GET', route: '/admin/account', path: () => '/admin/account', allowed: SIGNED_IN },
  { method: 'POST', route: '/admin/account/locale', path: () => '/admin/account/locale', body: () => ({ locale: 'zh' }), allowed: SIGNED_IN },
  { method: 'POST', route: '/admin/account/password', path: () => '/admin/account/password', body: () => ({ currentPassword: TEST_PASSWORD, password: 'another long passphrase 7' }), allowed: SIGNED_IN },
  { method: 'POST', route: '/admin/account/totp', path: () => '/admin/account/totp', body: (c) => ({ secret: SECRET, code: new TOTP({ secret: Secret.fromBase32(SECRET) }).generate({ timestamp: c.t.clock.now().getTime() }) }), allowed: SIGNED_IN },
  { method: 'POST', route: '/admin/account/totp/remove', path: () => '/admin/account/totp/remove', body: () => ({ currentPassword: TEST_PASSWORD }), allowed: SIGNED_IN },
  { method: 'POST', route: '/admin/account/tokens', path: () => '/admin/account/tokens', body: () => ({ label: 'script' }), allowed: SIGNED_IN },
  { method: 'POST', route: '/admin/account/tokens/:id/revoke', path: () => '/admin/account/tokens/1/revoke', allowed: ADMINS },
  // Accounts, terms and the audit log: administrators only.
  { method: 'GET', route: '/admin/users', path: () => '/admin/users', allowed: ADMINS },
  { method: 'POST', route: '/admin/users', path: () => '/admin/users', body: () => ({ name: `new${Math.random().toString(36).slice(2, 8)}`, role: 'administrator', password: 'a fresh long passphrase 9' }), allowed: ADMINS },
  { method: 'POST', route: '/admin/users/:name/password', path: (c) => `/admin/users/${c.victim}/password`, body: () => ({ password: 'a fresh long passphrase 9' }), allowed: ADMINS },
  { method: 'POST', route: '/admin/users/:name/:change', path: (c) => `/admin/users/${c.victim}/disable`, allowed: ADMINS },
  { method: 'GET', route: '/admin/users/:name/scope', path: (c) => `/admin/users/${c.victim}/scope`, allowed: ADMINS },
  { method: 'POST', route: '/admin/users/:name/scope', path: (c) => `/admin/users/${c.victim}/scope`, body: () => ({ channels: '1' }), allowed: ADMINS },
  { method: 'GET', route: '/admin/audit', path: () => '/admin/audit', allowed: ADMINS },
  // Redirects and gone addresses: editors and above.
  { method: 'GET', route: '/admin/redirects', path: () => '/admin/redirects', allowed: EDITORS },
  { method: 'POST', route: '/admin/redirects', path: () => '/admin/redirects', body: () => ({ from: `/Html/new${Math.random().toString(36).slice(2, 8)}.html`, to: '/en/', status: '301' }), allowed: EDITORS },
  { method: 'GET', route: '/admin/redirects/edit', path: (c) => `/admin/redirects/edit?path=${encodeURIComponent(c.redirect)}`, allowed: EDITORS },
  { method: 'POST', route: '/admin/redirects/edit', path: () => '/admin/redirects/edit', body: (c) => ({ from: c.redirect, to: '/zh/', status: '302' }), allowed: EDITORS },
  { method: 'POST', route: '/admin/redirects/delete', path: () => '/admin/redirects/delete', body: (c) => ({ from: c.redirect }), allowed: EDITORS },
  // The translation view: editors and above.
  { method: 'GET', route: '/admin/translations', path: () => '/admin/translations', allowed: EDITORS },
  { method: 'GET', route: '/admin/terms', path: () => '/admin/terms', allowed: ADMINS },
  { method: 'POST', route: '/admin/terms', path: () => '/admin/terms', body: () => ({ term: `词${Math.random()}` }), allowed: ADMINS },
  { method: 'POST', route: '/admin/terms/:id/remove', path: () => '/admin/terms/1/remove', allowed: ADMINS },
  // Articles in the workspace.
  { method: 'GET', route: '/admin/articles', path: () => '/admin/articles', allowed: SIGNED_IN },
  { method: 'GET', route: '/admin/articles/new', path: () => '/admin/articles/new', allowed: SIGNED_IN },
  { method: 'POST', route: '/admin/articles', path: () => '/admin/articles', body: () => ({ lang: 'en', title: 'New one', bodyText: 'Text.' }), allowed: SIGNED_IN },
  { method: 'GET', route: '/admin/api/articles/slug', path: () => '/admin/api/articles/slug?lang=en&slug=x', allowed: SIGNED_IN },
  { method: 'GET', route: '/admin/articles/:id', path: (c) => `/admin/articles/${id(c)}`, allowed: READERS },
  { method: 'POST', route: '/admin/articles/:id', path: (c) => `/admin/articles/${id(c)}`, body: (c) => ({ title: 'Edited', bodyText: 'Edited.', revision: String(c.article.revision), format: 'text' }), allowed: WRITERS },
  { method: 'POST', route: '/admin/articles/:id/transition', label: 'submit', path: (c) => `/admin/articles/${id(c)}/transition`, body: () => ({ to: 'in_review' }), allowed: WRITERS },
  {
    method: 'POST',
    route: '/admin/articles/:id/transition',
    label: 'approve',
    setup: (c) => c.t.services.newsWorkflow.transition(ADMIN, c.article.id, { to: 'in_review' }),
    path: (c) => `/admin/articles/${id(c)}/transition`,
    body: () => ({ to: 'approved' }),
    allowed: PUBLISHERS,
  },
  { method: 'GET', route: '/admin/articles/:id/preview', path: (c) => `/admin/articles/${id(c)}/preview`, allowed: READERS },
  { method: 'POST', route: '/admin/articles/:id/preview-link', path: (c) => `/admin/articles/${id(c)}/preview-link`, allowed: READERS },
  {
    method: 'POST',
    route: '/admin/articles/:id/preview-link/:linkId/revoke',
    path: (c) => `/admin/articles/${id(c)}/preview-link/${c.link}/revoke`,
    allowed: READERS,
  },
  { method: 'GET', route: '/admin/articles/:id/revisions', path: (c) => `/admin/articles/${id(c)}/revisions`, allowed: READERS },
  { method: 'GET', route: '/admin/articles/:id/compare', path: (c) => `/admin/articles/${id(c)}/compare?from=1&to=1`, allowed: READERS },
  { method: 'POST', route: '/admin/articles/:id/restore', path: (c) => `/admin/articles/${id(c)}/restore`, body: () => ({ revision: '1', basedOn: '1' }), allowed: WRITERS },
  // The rich editor's JSON endpoints.
  { method: 'POST', route: '/admin/api/articles', json: true, path: () => '/admin/api/articles', body: () => ({ lang: 'en', title: 'Autosaved', body: doc }), allowed: SIGNED_IN },
  { method: 'POST', route: '/admin/api/articles/:id/autosave', json: true, path: (c) => `/admin/api/articles/${id(c)}/autosave`, body: (c) => ({ revision: c.article.revision, title: 'Autosaved', body: doc }), allowed: WRITERS },
  { method: 'POST', route: '/admin/api/presence', json: true, path: () => '/admin/api/presence', body: (c) => ({ type: 'article', id: id(c) }), allowed: READERS },
  // The media library: shared by everyone in the workspace; changing an item is its uploader's or an editor's.
  { method: 'GET', route: '/admin/media', path: () => '/admin/media', allowed: SIGNED_IN },
  { method: 'POST', route: '/admin/media', path: () => '/admin/media', upload: true, allowed: SIGNED_IN },
  { method: 'GET', route: '/admin/media/:id', path: (c) => `/admin/media/${c.media}`, allowed: SIGNED_IN },
  { method: 'POST', route: '/admin/media/:id', path: (c) => `/admin/media/${c.media}`, body: () => ({ alt: 'A new description' }), allowed: READERS },
  { method: 'POST', route: '/admin/media/:id/delete', path: (c) => `/admin/media/${c.media}/delete`, allowed: READERS },
  { method: 'GET', route: '/admin/api/media', path: () => '/admin/api/media', allowed: SIGNED_IN },
  { method: 'POST', route: '/admin/api/media', path: () => '/admin/api/media', upload: true, allowed: SIGNED_IN },
  { method: 'POST', route: '/api/v1/media', path: () => '/api/v1/media', upload: true, allowed: SIGNED_IN },
  // The API (Bearer tokens).
  { method: 'GET', route: '/api/v1/openapi.json', path: () => '/api/v1/openapi.json', allowed: WHO },
  { method: 'GET', route: '/api/v1/me', path: () => '/api/v1/me', allowed: SIGNED_IN },
  { method: 'GET', route: '/api/v1/articles', path: () => '/api/v1/articles', allowed: WHO },
  { method: 'GET', route: '/api/v1/articles/:id', label: 'a draft is not public', path: (c) => `/api/v1/articles/${id(c)}`, allowed: [] },
  { method: 'GET', route: '/api/v1/institutions', path: () => '/api/v1/institutions', allowed: WHO },
  { method: 'GET', route: '/api/v1/institutions/:id', path: () => `/api/v1/institutions/${published.institution}`, allowed: WHO },
  { method: 'GET', route: '/api/v1/pages', path: () => '/api/v1/pages', allowed: WHO },
  { method: 'GET', route: '/api/v1/pages/:id', path: () => `/api/v1/pages/${published.page}`, allowed: WHO },
  { method: 'GET', route: '/api/v1/search', path: () => '/api/v1/search?q=news', allowed: WHO },
  { method: 'GET', route: '/api/v1/search/suggestions', path: () => '/api/v1/search/suggestions?q=news', allowed: WHO },
  { method: 'POST', route: '/api/v1/articles', path: () => '/api/v1/articles', body: () => ({ lang: 'en', title: 'By API', body: doc }), allowed: SIGNED_IN },
  { method: 'POST', route: '/api/v1/articles', label: 'with a status', path: () => '/api/v1/articles', body: () => ({ lang: 'en', title: 'By API', status: 'published' }), allowed: [] },
  { method: 'POST', route: '/api/v1/articles', label: 'with an author', path: () => '/api/v1/articles', body: () => ({ lang: 'en', title: 'By API', authorId: 1 }), allowed: ADMINS },
  { method: 'PATCH', route: '/api/v1/articles/:id', path: (c) => `/api/v1/articles/${id(c)}`, body: (c) => ({ revision: c.article.revision, body: doc }), allowed: WRITERS },
  { method: 'PATCH', route: '/api/v1/articles/:id', label: 'with a status', path: (c) => `/api/v1/articles/${id(c)}`, body: (c) => ({ revision: c.article.revision, status: 'published' }), allowed: [] },
  { method: 'PATCH', route: '/api/v1/articles/:id', label: 'with a publication date', path: (c) => `/api/v1/articles/${id(c)}`, body: (c) => ({ revision: c.article.revision, publishedAt: '2020-05-01T08:00:00+08:00' }), allowed: PUBLISHERS },
  { method: 'PATCH', route: '/api/v1/articles/:id', label: 'with an author', path: (c) => `/api/v1/articles/${id(c)}`, body: (c) => ({ revision: c.article.revision, authorId: 1 }), allowed: ADMINS },
  { method: 'POST', route: '/api/v1/articles/:id/transitions', label: 'submit', path: (c) => `/api/v1/articles/${id(c)}/transitions`, body: () => ({ to: 'in_review' }), allowed: WRITERS },
  {
    method: 'POST',
    route: '/api/v1/articles/:id/transitions',
    label: 'publish',
    setup: async (c) => {
      await c.t.services.newsWorkflow.transition(ADMIN, c.article.id, { to: 'in_review' });
      return c.t.services.newsWorkflow.transition(ADMIN, c.article.id, { to: 'approved' });
    },
    path: (c) => `/api/v1/articles/${id(c)}/transitions`,
    body: () => ({ to: 'published' }),
    allowed: PUBLISHERS,
  },
  { method: 'GET', route: '/api/v1/articles/:id/revisions', path: (c) => `/api/v1/articles/${id(c)}/revisions`, allowed: READERS },
];

/** Pages and institutions have the same screens and endpoints as articles, over their own workflow. */
function kindRows(kind: 'pages' | 'institutions', writers: readonly Who[]): Row[] {
  const item = (c: Ctx) => (kind === 'pages' ? c.page : c.institution);
  const base = `/admin/${kind}`;
  const api = `/api/v1/${kind}`;
  const named = (v: string) => (kind === 'pages' ? { title: v } : { name: v });
  const rows: Row[] = [
    { method: 'GET', route: base, path: () => base, allowed: SIGNED_IN },
    { method: 'GET', route: `${base}/new`, path: () => `${base}/new`, allowed: SIGNED_IN },
    { method: 'POST', route: base, path: () => base, body: () => ({ lang: 'en', title: `New ${Math.random()}`, bodyText: 'Text.' }), allowed: SIGNED_IN },
    { method: 'GET', route: `${base}/:id`, path: (c) => `${base}/${item(c)}`, allowed: READERS },
    { method: 'POST', route: `${base}/:id`, path: (c) => `${base}/${item(c)}`, body: () => ({ title: 'Edited', bodyText: 'Edited.', revision: '1', format: 'text' }), allowed: writers },
    { method: 'POST', route: `${base}/:id/transition`, path: (c) => `${base}/${item(c)}/transition`, body: () => ({ to: 'in_review' }), allowed: writers },
    { method: 'GET', route: `${base}/:id/preview`, path: (c) => `${base}/${item(c)}/preview`, allowed: READERS },
    { method: 'GET', route: `${base}/:id/revisions`, path: (c) => `${base}/${item(c)}/revisions`, allowed: READERS },
    { method: 'GET', route: `${base}/:id/compare`, path: (c) => `${base}/${item(c)}/compare?from=1&to=1`, allowed: READERS },
    { method: 'POST', route: `${base}/:id/restore`, path: (c) => `${base}/${item(c)}/restore`, body: () => ({ revision: '1', basedOn: '1' }), allowed: writers },
    { method: 'POST', route: api, path: () => api, body: () => ({ lang: 'en', ...named(`By API ${Math.random()}`) }), allowed: SIGNED_IN },
    { method: 'PATCH', route: `${api}/:id`, path: (c) => `${api}/${item(c)}`, body: () => ({ revision: 1, ...named('Edited by API') }), allowed: writers },
    { method: 'POST', route: `${api}/:id/transitions`, path: (c) => `${api}/${item(c)}/transitions`, body: () => ({ to: 'in_review' }), allowed: writers },
    { method: 'GET', route: `${api}/:id/revisions`, path: (c) => `${api}/${item(c)}/revisions`, allowed: READERS },
  ];
  return rows;
}
// Pages belong to no channel or institution: every editor looks after them. An institution's
// entry is looked after by the editors assigned to it (the scoped editor here has a channel only).
MATRIX.push(...kindRows('pages', [...WRITERS, 'scopedEditor']), ...kindRows('institutions', WRITERS));

/** Routes outside the matrix, and why. */
const NOT_IN_MATRIX: Record<string, string> = {
  'POST /admin/login': 'signing in is for everyone; its CSRF and throttling rules have their own tests',
  'POST /admin/logout': 'ends only the asker\'s own session, for anyone (admin-auth tests it)',
};

let ADMIN: Actor;
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
/** Published items every visitor may read. */
const published = { institution: 0, page: 0 };

describe.each(testDialects())('permission matrix on %s', (dialect) => {
  let t: App;
  let n = 0;
  let author: Actor;
  let scopedChannel: number;
  let png: Buffer;
  beforeAll(async () => {
    t = await testApp(dialect, { media: {} });
    png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } }).png().toBuffer();
    const admin = await t.services.auth.addUser({ name: 'root', role: 'administrator', password: TEST_PASSWORD });
    ADMIN = { id: admin.id, name: admin.name, role: admin.role, locale: admin.locale };
    const a = await t.services.auth.addUser({ name: 'author', role: 'contributor', password: TEST_PASSWORD });
    author = { id: a.id, name: a.name, role: a.role, locale: a.locale };
    // The scoped editor looks after a channel the drafts here are not in.
    scopedChannel = (await t.services.newsWorkflow.channels())[0]!.id;
    published.institution = (await t.services.institutions.create({ lang: 'en', position: 1, name: 'Beijing Planetarium', profile: null })).id;
    published.page = (await t.services.pages.create({ lang: 'en', slug: 'about', title: 'About', body: { type: 'doc', content: [] }, status: 'published' })).id;
  });
  afterAll(() => t.close());

  /** A fresh account of that role, signed in the way the route expects. */
  const file = (): Part[] => [['alt', 'A square'], ['file', { filename: 'square.png', data: png }]];
  async function asker(who: Who, api: boolean) {
    if (who === 'anonymous')
      return {
        user: undefined,
        send: (m: string, url: string, body?: object) => t.app.inject({ method: m as 'GET', url, headers: { origin: BASE_URL }, ...(body ? { payload: body } : {}) }),
        upload: (url: string) => {
          const body = multipart(file());
          return t.app.inject({ method: 'POST', url, headers: { origin: BASE_URL, 'content-type': body.contentType }, payload: body.payload });
        },
      };
    const name = `${who.toLowerCase()}${++n}`;
    const user = await t.services.auth.addUser({ name, role: ROLE[who], password: TEST_PASSWORD, locale: 'en' });
    if (who === 'scopedEditor') await t.services.auth.setScope(name, { channels: [scopedChannel], institutions: [] });
    if (api) {
      const { token } = await t.services.auth.createToken(name, 'matrix');
      return {
        user,
        send: (m: string, url: string, body?: object) => t.app.inject({ method: m as 'GET', url, headers: { authorization: `Bearer ${token}` }, ...(body ? { payload: body } : {}) }),
        upload: (url: string) => {
          const body = multipart(file());
          return t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': body.contentType }, payload: body.payload });
        },
      };
    }
    const browser = await browserFor(t, name);
    return {
      user,
      send: async (m: string, url: string, body?: object, json?: boolean) => {
        if (m === 'GET') return browser.get(url);
        if (json) return browser.postJson(url, body);
        return browser.post(url, Object.fromEntries(Object.entries(body ?? {}).map(([k, v]) => [k, String(v)])));
      },
      upload: (url: string) => browser.upload(url, [['_csrf', browser.csrf()], ...file()], url.startsWith('/admin/api/') ? { 'x-csrf-token': browser.csrf() } : {}),
    };
  }

  /** What a refused request must leave as it was. */
  const snapshot = async (article: Article) =>
    JSON.stringify({
      article: await t.services.newsWorkflow.get(ADMIN, article.id),
      pages: (await t.services.pagesWorkflow.list(ADMIN, {}, { offset: 0, limit: 1000 })).items.map((p) => [p.id, p.revision, p.status, p.title]),
      institutions: (await t.services.institutionsWorkflow.list(ADMIN, {}, { offset: 0, limit: 1000 })).items.map((i) => [i.id, i.revision, i.status, i.name]),
      audit: (await t.services.auth.listAudit({ limit: 1, offset: 0 }))[0]?.id,
      users: (await t.services.auth.listUsers()).map((u) => [u.name, u.disabledAt, u.passwordChangedAt, u.locale, u.hasTotp]),
      tokens: (await t.services.auth.listTokens()).map((x) => [x.id, x.revokedAt]),
      terms: await t.services.terms.list(),
      links: await t.services.newsWorkflow.previewLinks(ADMIN, article.id),
      media: (await t.services.media.list(ADMIN, {}, { offset: 0, limit: 1000 })).items.map((m) => [m.id, m.alt]),
      redirects: await t.services.redirects.listAll(),
      gone: await t.services.redirects.listGone(),
    });

  it('covers every registered workspace route and API endpoint', () => {
    const covered = new Set(MATRIX.map((r) => `${r.method} ${r.route}`));
    const missing = registeredRoutes(t.app)
      .filter((r) => r.url.startsWith('/admin') || r.url.startsWith('/api/'))
      .map((r) => `${r.method} ${r.url}`)
      .filter((key) => !covered.has(key) && !(key in NOT_IN_MATRIX));
    expect(missing).toEqual([]);
    const stale = [...covered].filter((key) => !registeredRoutes(t.app).some((r) => `${r.method} ${r.url}` === key));
    expect(stale).toEqual([]);
  });

  it.each(MATRIX.map((r) => [`${r.method} ${r.route}${r.label ? ` (${r.label})` : ''}`, r] as const))('%s', async (_name, row) => {
    const outcomes: Record<string, boolean> = {};
    for (const who of WHO) {
      const ask = await asker(who, row.route.startsWith('/api/'));
      const owner: Actor = who === 'owner' && ask.user ? { id: ask.user.id, name: ask.user.name, role: ask.user.role, locale: ask.user.locale } : author;
      let article = await t.services.newsWorkflow.create(owner, { lang: 'en', title: `Matrix ${++n}`, body: { type: 'doc', content: [] } });
      const media = (await t.services.media.upload(owner, { data: png, filename: 'owned.png', alt: 'Owned square' })).id;
      const page = (await t.services.pagesWorkflow.create(owner, { lang: 'en', title: `Page ${++n}`, body: { type: 'doc', content: [] } })).id;
      const institution = (await t.services.institutionsWorkflow.create(owner, { lang: 'en', name: `Institution ${++n}` })).id;
      await t.services.newsWorkflow.createPreviewLink(ADMIN, article.id);
      const link = (await t.services.newsWorkflow.previewLinks(ADMIN, article.id))[0]!.id;
      const redirect = (await t.services.redirects.fromLegacy(`/Html/Old${++n}.html`, '/en/'))!;
      const ctx: Ctx = { t, media, page, institution, link, article, redirect, victim: (await t.services.auth.addUser({ name: `victim${++n}`, role: 'contributor', password: TEST_PASSWORD })).name };
      if (row.setup) ctx.article = article = await row.setup(ctx);
      const before = await snapshot(article);
      const res = row.upload ? await ask.upload(row.path(ctx)) : await ask.send(row.method, row.path(ctx), row.body?.(ctx), row.json);
      const refused = res.statusCode === 401 || res.statusCode === 403 || res.statusCode === 404 || ADMIN_UNAUTHED(res.statusCode, res.headers.location as string | undefined);
      const allowed = res.statusCode < 400 && !refused;
      // Anything else (400 for a bad body, 409, 500) means the row asks the wrong question.
      expect(allowed || refused, `${who}: unexpected ${res.statusCode} ${res.body.slice(0, 300)}`).toBe(true);
      outcomes[who] = allowed;
      if (refused) expect(await snapshot(article), `${who} was refused but something changed`).toBe(before);
    }
    expect(outcomes).toEqual(Object.fromEntries(WHO.map((w) => [w, row.allowed.includes(w)])));
  });
});
