// JSON read API under /api/v1: published content only, every item with its public URL.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../app/services.js';
import type { Institution } from '../institutions/index.js';
import type { Article } from '../news/index.js';
import type { Page } from '../pages/index.js';
import { RichTextDocSchema } from '../richtext/index.js';
import { SEARCH_TYPES, SearchParamsSchema } from '../search/index.js';
import { AppError } from '../shared/errors.js';
import { LANGS, otherLang } from '../shared/lang.js';
import { pageRequest } from '../shared/page.js';
import { urls } from '../shared/urls.js';

const ListQuery = z.object({
  lang: z.enum(LANGS).optional().describe('Only items in this language'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(20),
});
const IdParams = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });

const Ranges = z.array(z.tuple([z.number().int(), z.number().int()]));
const SearchItem = z.object({
  type: z.enum(SEARCH_TYPES),
  id: z.number().int(),
  lang: z.enum(LANGS),
  title: z.string(),
  url: z.string().describe('Public address of the item'),
  publishedAt: z.string().nullable(),
  snippet: z.string().describe('Plain text (not HTML) around the best match'),
  highlights: Ranges.describe('[start, end) of each matched word in snippet, in UTF-16 code units'),
  titleHighlights: Ranges.describe('[start, end) of each matched word in title'),
}).meta({ id: 'SearchHit' });
const SearchAnswer = z.object({
  items: z.array(SearchItem),
  total: z.number().int(),
  approximate: z.boolean().describe('Whether total is an estimate (a query of common words: counting every match would cost more than finding the best)'),
  page: z.number().int(),
  perPage: z.number().int(),
  suggestion: z.string().nullable().describe('When nothing was found: a query that finds something (shorter, or a word spelt as in a title)'),
});

const SuggestQuery = SearchParamsSchema.pick({ q: true, lang: true });
const SuggestAnswer = z.object({
  items: z.array(z.object({ type: z.enum(SEARCH_TYPES), title: z.string(), url: z.string().describe('Public address of the item') })),
});
/** Suggestions change only when content does: a few minutes' staleness costs nothing. */
const SUGGESTIONS_CACHE = 'public, max-age=300';
const SUGGESTIONS = 8;
const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) });
const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), perPage: z.number().int() });

const Base = { id: z.number().int(), lang: z.enum(LANGS), slug: z.string(), url: z.string().describe('Public address of the item') };

const ArticleSummary = z.object({
  ...Base,
  title: z.string(),
  summary: z.string().nullable(),
  publishedAt: z.string().nullable().describe('ISO 8601 instant; null when the date is not known'),
  translations: z.array(z.object({ lang: z.enum(LANGS), id: z.number().int() })).optional(),
}).meta({ id: 'ArticleSummary' });
const ArticleFull = ArticleSummary.extend({
  body: RichTextDocSchema,
  previous: z.object({ title: z.string(), url: z.string().nullable() }).nullable(),
  next: z.object({ title: z.string(), url: z.string().nullable() }).nullable(),
}).meta({ id: 'Article' });

const InstitutionItem = z.object({
  ...Base,
  name: z.string(),
  position: z.number().int().describe('Number in the directory'),
  hasProfile: z.boolean(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  externalUrl: z.string().nullable(),
  aliases: z.array(z.string()).describe('Other names it goes by in its language'),
}).meta({ id: 'Institution' });
const InstitutionFull = InstitutionItem.extend({ profile: RichTextDocSchema.nullable() }).meta({ id: 'InstitutionWithProfile' });

const PageItem = z.object({ ...Base, title: z.string(), summary: z.string().nullable() }).meta({ id: 'Page' });
const PageFull = PageItem.extend({ body: RichTextDocSchema }).meta({ id: 'PageWithBody' });

export const apiRoutes: FastifyPluginAsyncZod<{ services: Services; baseUrl: string }> = async (app, { services, baseUrl }) => {
  const abs = (path: string) => `${baseUrl}${path}`;
  const article = (a: Article) => ({
    id: a.id, lang: a.lang, slug: a.slug, url: abs(urls.article(a.lang, a.slug)), title: a.title, summary: a.summary, publishedAt: a.publishedAt,
  });
  const institution = (i: Institution) => ({
    id: i.id, lang: i.lang, slug: i.slug, name: i.name, position: i.position, hasProfile: i.profile !== null,
    // An entry without a profile is only a line in the directory: its address is that line.
    url: abs(i.profile ? urls.institution(i.lang, i.slug) : `${urls.institutions(i.lang)}#institution-${i.position}`),
    address: i.address, phone: i.phone, email: i.email, externalUrl: i.externalUrl, aliases: i.aliases,
  });
  const page = (p: Page) => ({ id: p.id, lang: p.lang, slug: p.slug, url: abs(urls.page(p.lang, p.slug)), title: p.title, summary: p.summary });
  const list = (tag: string, summary: string, item: z.ZodType) => ({
    schema: { tags: [tag], summary, querystring: ListQuery, response: { 200: listOf(item), 400: ErrorBody } },
  });
  const one = (tag: string, summary: string, item: z.ZodType) => ({
    schema: { tags: [tag], summary, params: IdParams, response: { 200: item, 400: ErrorBody, 404: ErrorBody } },
  });
  const slice = (q: z.infer<typeof ListQuery>) => pageRequest(q.page, q.perPage);

  app.get(
    '/me',
    { schema: { tags: ['account'], summary: 'Who the request acts as (session or Bearer token)', response: { 200: z.object({ name: z.string(), role: z.string(), locale: z.enum(LANGS) }), 401: ErrorBody } } },
    async (req) => {
      const actor = req.actor;
      if (!actor) throw new AppError('unauthenticated', 'SIGN_IN_REQUIRED', 'Sign in or send an API token', { isPublic: true });
      return { name: actor.name, role: actor.role, locale: actor.locale };
    },
  );

  app.get(
    '/search',
    { schema: { tags: ['search'], summary: 'Published articles, pages and institutions holding every word of the query, best first', querystring: SearchParamsSchema, response: { 200: SearchAnswer, 400: ErrorBody } } },
    async (req) => {
      const { q, lang, type, channel, institution: institutionId, year, page: n, perPage } = req.query;
      const r = await services.search.search({ q, lang, type, channelId: channel, institutionId, year, ...pageRequest(n, perPage) });
      return { items: r.items.map((i) => ({ ...i, url: abs(i.url) })), total: r.total, approximate: r.approximate, page: n, perPage, suggestion: r.suggestion };
    },
  );
  app.get(
    '/search/suggestions',
    {
      schema: {
        tags: ['search'],
        summary: 'Titles and addresses of the first few items found for what is typed, the last word taken as unfinished (for suggestions as one types)',
        querystring: SuggestQuery,
        response: { 200: SuggestAnswer, 400: ErrorBody },
      },
    },
    async (req, reply) => {
      const items = await services.searchSuggestions.suggest(req.query.q, req.query.lang, SUGGESTIONS);
      return reply.header('cache-control', SUGGESTIONS_CACHE).send({ items: items.map((i) => ({ ...i, url: abs(i.url) })) });
    },
  );
  app.get('/articles', list('articles', 'Published news articles, newest first', ArticleSummary), async (req) => {
    const r = await services.news.listPublished(req.query.lang, slice(req.query));
    return { items: r.items.map(article), total: r.total, page: req.query.page, perPage: req.query.perPage };
  });
  app.get('/articles/:id', one('articles', 'One published article', ArticleFull), async (req) => {
    const a = await services.news.getPublishedById(req.params.id);
    const [n, other] = await Promise.all([services.news.neighbours(a), services.news.translationOf(a, otherLang(a.lang))]);
    const ref = (x: typeof n.previous) => (x ? { title: x.title, url: x.slug ? abs(urls.article(a.lang, x.slug)) : null } : null);
    return { ...article(a), body: a.body, previous: ref(n.previous), next: ref(n.next), translations: other ? [{ lang: other.lang, id: other.id }] : [] };
  });
  app.get('/institutions', list('institutions', 'The directory of institutions, in directory order', InstitutionItem), async (req) => {
    const r = await services.institutions.page(req.query.lang, slice(req.query));
    return { items: r.items.map(institution), total: r.total, page: req.query.page, perPage: req.query.perPage };
  });
  app.get('/institutions/:id', one('institutions', 'One institution with its profile', InstitutionFull), async (req) => {
    const i = await services.institutions.getById(req.params.id);
    return { ...institution(i), profile: i.profile };
  });
  app.get('/pages', list('pages', 'Published pages', PageItem), async (req) => {
    const r = await services.pages.listPublished(req.query.lang, slice(req.query));
    return { items: r.items.map(page), total: r.total, page: req.query.page, perPage: req.query.perPage };
  });
  app.get('/pages/:id', one('pages', 'One published page', PageFull), async (req) => {
    const p = await services.pages.getPublishedById(req.params.id);
    return { ...page(p), body: p.body };
  });
};
