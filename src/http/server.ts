// Builds the Fastify app without listening, so every HTTP test runs through app.inject().
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type onSendHookHandler } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../app/services.js';
import type { PublishingSettings } from '../config/index.js';
import { migrationStatus, pingStore, type Store } from '../db/index.js';
import { loadAssets } from '../site/assets.js';
import { LiveSite } from '../site/live.js';
import { HSTS, securityHeaders } from '../site/security-headers.js';
import type { SiteContext } from '../site/routes.js';
import { adminRoutes } from './admin.routes.js';
import { apiRoutes } from './api.routes.js';
import { apiMediaRoutes } from './api-media.routes.js';
import { apiWriteRoutes } from './api-write.routes.js';
import authPlugin from './auth.plugin.js';
import { installErrorHandler, sendNotFound } from './errors.js';
import { loggableError, loggableUrl, requestIdFor } from './log.js';
import { mediaRoutes } from './media.routes.js';
import { cachedPageHook, publicRoutes } from './public.routes.js';

export interface AppDeps {
  store: Store;
  services: Services;
  baseUrl: string;
  /** Record numbers and codes the public pages print (none when absent). */
  publishing?: PublishingSettings;
  logLevel?: string;
  /** Where the log goes (standard output when absent): the tests read it. */
  logStream?: { write(line: string): void };
  trustProxy?: boolean;
  /** True once the server is shutting down: /readyz then answers 503 so the balancer stops sending. */
  isDraining?: () => boolean;
  /** The site's state and page cache (one is made when absent). */
  live?: LiveSite;
  /** More routes, registered before the app is ready (the browser tests' stand-ins for other services). */
  extraRoutes?: (app: FastifyInstance) => Promise<void>;
}

/** Public answers of the read API: as the pages (public.routes.ts), without the long stale-if-error. */
const API_CACHE_CONTROL = 'public, max-age=60, s-maxage=60';

/** Each app's live site (state and page cache), for the server command and the tests. */
const LIVE = new WeakMap<FastifyInstance, LiveSite>();
export const liveSiteOf = (app: FastifyInstance) => LIVE.get(app);

/** Every route each app registered (method and pattern), for the tests that walk all of them. */
const ROUTES = new WeakMap<FastifyInstance, { method: string; url: string }[]>();
export const registeredRoutes = (app: FastifyInstance) => ROUTES.get(app) ?? [];

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  let site: SiteContext;
  const assets = loadAssets();
  const security = securityHeaders(assets.files.flatMap((a) => a.integrity ?? []));
  // What differs from one request to the next: its id, back to the client (and the proxy) before
  // anything may answer; and HSTS, which only means something over HTTPS: sent when the site's
  // address is https:// (a proxy ends TLS in front of it) or the request came over it.
  const httpsSite = deps.baseUrl.startsWith('https:');
  const perRequest = (req: FastifyRequest, reply: FastifyReply) => {
    void reply.header('x-request-id', req.id);
    if (httpsSite || req.protocol === 'https') void reply.header('strict-transport-security', HSTS);
  };
  const app = Fastify({
    logger: {
      level: deps.logLevel ?? 'silent',
      ...(deps.logStream && { stream: deps.logStream }),
      // Credentials never reach the log: headers are not logged at all (these paths are a second
      // guard), addresses lose their secrets, errors their quoted bodies (see log.ts).
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      serializers: {
        req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: loggableUrl(req.url), remoteAddress: req.ip }),
        err: loggableError,
      },
    },
    genReqId: requestIdFor(deps.trustProxy ?? false),
    trustProxy: deps.trustProxy ?? false,
    routerOptions: { maxParamLength: 300, querystringParser: firstValues },
    // Long Chinese articles, form-encoded, take 9 bytes a character.
    bodyLimit: 8 * 1024 * 1024,
    // Addresses the router cannot even decode ("/en/%") lead nowhere: the visitor gets the 404 page
    // (with the headers the hooks, which such a request never reaches, would have set).
    frameworkErrors: (_error, req, reply) => {
      void reply.headers(security);
      perRequest(req, reply);
      void sendNotFound(site, req, reply);
    },
  }).withTypeProvider<ZodTypeProvider>();
  const registered: { method: string; url: string }[] = [];
  ROUTES.set(app, registered);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') registered.push({ method, url: r.url });
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  site = { services: deps.services, baseUrl: deps.baseUrl, assets: assets.site, publishing: deps.publishing };
  const live = deps.live ?? new LiveSite(deps.services, deps.store.db);
  LIVE.set(app, live);
  // Cached public pages are answered first, with the same headers as every response.
  app.addHook('onRequest', cachedPageHook(live, security, perRequest));
  app.addHook('onRequest', (req, reply, done) => {
    void reply.headers(security);
    perRequest(req, reply);
    done();
  });
  // A request that may have changed content: the next page served checks the store's change
  // counter. Only routes that may write carry the hook (reading ones would pay for it for nothing).
  const markSuspect: onSendHookHandler = (_req, reply, payload, done) => {
    if (reply.statusCode < 400) live.markSuspect();
    done(null, payload);
  };
  app.addHook('onRoute', (r) => {
    if ([r.method].flat().some((m) => m !== 'GET' && m !== 'HEAD')) r.onSend = [...[r.onSend ?? []].flat(), markSuspect];
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Beiguan public API', version: '1.0.0', description: 'Read-only access to the published content of the BJAST website.' },
      servers: [{ url: deps.baseUrl }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
    hideUntagged: true,
  });

  installErrorHandler(app, site);
  app.setNotFoundHandler((req, reply) => sendNotFound(site, req, reply));

  app.get('/healthz', async (req, reply) => {
    try {
      await pingStore(deps.store);
      return reply.header('cache-control', 'no-store').send({ status: 'ok', store: deps.store.dialect });
    } catch (err) {
      req.log.error({ err }, 'health check: store unreachable');
      return reply.code(503).header('cache-control', 'no-store').send({ status: 'unavailable', store: deps.store.dialect });
    }
  });

  // Ready to take traffic: the store answers and has exactly the schema this program knows (not one
  // a newer version migrated further: a load balancer keeps an old instance out after an upgrade).
  app.get('/readyz', async (req, reply) => {
    void reply.header('cache-control', 'no-store');
    if (deps.isDraining?.()) return reply.code(503).send({ status: 'draining', store: deps.store.dialect });
    try {
      const { applied, pending, unknown } = await migrationStatus(deps.store);
      const ready = pending.length === 0 && unknown.length === 0;
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', store: deps.store.dialect, migrations: { applied: applied.length, pending, unknown } });
    } catch (err) {
      req.log.error({ err }, 'readiness check: store unreachable');
      return reply.code(503).send({ status: 'unavailable', store: deps.store.dialect });
    }
  });

  // Uploads: one file, a few short fields; nothing is read before the sender is known and its
  // CSRF token checked (auth.plugin.ts), and reading stops at the largest size any kind allows.
  await app.register(multipart, {
    limits: { fileSize: Math.max(1, deps.services.media.maxUploadBytes), files: 1, fields: 8, fieldSize: 4096, parts: 10, headerPairs: 50 },
  });
  await app.register(authPlugin, { services: deps.services, baseUrl: deps.baseUrl });
  await app.register(publicRoutes, { site, assets: assets.files, live, security });
  await app.register(mediaRoutes, { services: deps.services });
  if (!assets.editor.js) app.log.warn('the rich-text editor bundle is missing (run npm run build): the workspace offers the plain text editor');
  await app.register(adminRoutes, { services: deps.services, store: deps.store, site, baseUrl: deps.baseUrl, css: assets.site.css, editorAssets: assets.editor });
  await app.register(
    async (api) => {
      // What a caller signed in (or with a token) is told is theirs alone; what anyone may read, a
      // shared cache (a CDN) may keep for a minute; a refusal or failure, nobody.
      api.addHook('onSend', (req, reply, payload, done) => {
        if (!reply.hasHeader('cache-control'))
          void reply.header('cache-control', req.actor || req.headers.authorization ? 'private, no-store' : reply.statusCode >= 400 ? 'no-store' : API_CACHE_CONTROL);
        done(null, payload);
      });
      api.get('/openapi.json', async () => app.swagger());
      await api.register(apiRoutes, { services: deps.services, baseUrl: deps.baseUrl });
      await api.register(apiWriteRoutes, { services: deps.services, store: deps.store });
      await api.register(apiMediaRoutes, { services: deps.services });
    },
    { prefix: '/api/v1' },
  );
  if (deps.extraRoutes) await app.register(deps.extraRoutes);
  await app.ready();
  return app;
}

/**
 * The query string, each name with its first value (as URLSearchParams.get, which the pages use):
 * no route takes a list there, and a name given twice ("?q=a&q=b") must not reach code expecting
 * one string as an array.
 */
function firstValues(query: string): Record<string, string> {
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of new URLSearchParams(query)) if (!Object.hasOwn(values, name)) values[name] = value;
  return values;
}
