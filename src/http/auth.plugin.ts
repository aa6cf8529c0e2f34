// Who is asking: a session cookie (browsers) or a Bearer token (scripts). State-changing requests
// with a cookie need a same-origin Origin and the session's CSRF token; GET never changes state.
import { timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { Multipart } from '@fastify/multipart';
import { uploadRefused } from './uploads.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Services } from '../app/services.js';
import type { Actor, SessionInfo } from '../people/index.js';
import { AppError } from '../shared/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined;
    session: SessionInfo | undefined;
    /** The session token from the cookie, when there is one. */
    sessionToken: string | undefined;
    /** A multipart body whose first part was read here (for its CSRF token); see uploads.ts. */
    multipartParts: AsyncIterableIterator<Multipart> | undefined;
  }
}

export interface AuthPluginOptions {
  services: Services;
  baseUrl: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const sessionCookieName = (baseUrl: string) => (baseUrl.startsWith('https:') ? '__Host-beiguan_session' : 'beiguan_session');
export const loginCookieName = (baseUrl: string) => (baseUrl.startsWith('https:') ? '__Host-beiguan_login' : 'beiguan_login');

export const cookieOptions = (baseUrl: string) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: baseUrl.startsWith('https:'),
});

export function sameSecret(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const csrfRefused = (why: string) => new AppError('forbidden', 'CSRF_REFUSED', `Request refused: ${why}`, { isPublic: true });

/** The request comes from a page of this site: its Origin (or, lacking one, Referer) is ours. */
export function isSameOrigin(req: FastifyRequest, baseUrl: string): boolean {
  const claimed = req.headers.origin ?? (req.headers.referer ? safeOrigin(req.headers.referer) : undefined);
  if (!claimed || claimed === 'null') return false;
  const ours = new Set([safeOrigin(baseUrl), `${req.protocol}://${req.host}`]);
  return ours.has(claimed);
}
function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * A multipart form's CSRF token is its first field (the forms put it first), so it is checked
 * before a byte of the file is read. The parts read so far stay with the request for the handler.
 */
async function multipartToken(req: FastifyRequest): Promise<string | undefined> {
  if (!req.isMultipart()) return undefined;
  const parts = req.parts();
  let first: IteratorResult<Multipart>;
  try {
    first = await parts.next();
  } catch (e) {
    throw uploadRefused(e, 0);
  }
  if (first.done) return undefined;
  req.multipartParts = (async function* () {
    yield first.value;
    yield* parts;
  })();
  const part = first.value;
  return part.type === 'field' && part.fieldname === '_csrf' && typeof part.value === 'string' ? part.value : undefined;
}

async function authPlugin(app: FastifyInstance, { services, baseUrl }: AuthPluginOptions) {
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 8 * 1024 * 1024 });
  app.decorateRequest('actor', undefined);
  app.decorateRequest('session', undefined);
  app.decorateRequest('sessionToken', undefined);
  app.decorateRequest('multipartParts', undefined);
  const cookieName = sessionCookieName(baseUrl);

  // Only the workspace and the API know anyone; public pages stay the same for everybody (and
  // skip even the promise an async hook costs).
  app.addHook('preHandler', (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    if (!req.url.startsWith('/admin') && !req.url.startsWith('/api/')) return done();
    identify(req, reply).then(() => done(), done);
  });

  async function identify(req: FastifyRequest, reply: FastifyReply) {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      req.actor = await services.auth.actorForToken(auth.slice(7).trim());
      if (!req.actor) throw new AppError('unauthenticated', 'TOKEN_INVALID', 'The API token is unknown, revoked or its account disabled', { isPublic: true });
      return; // no cookie involved: nothing for a forged cross-site request to ride on
    }
    const token = req.cookies[cookieName];
    if (token) {
      const resumed = await services.auth.resumeSession(token);
      if (resumed) {
        req.actor = resumed.actor;
        req.session = resumed.session;
        req.sessionToken = token;
      } else reply.clearCookie(cookieName, cookieOptions(baseUrl));
    }
    if (SAFE_METHODS.has(req.method) || !req.session) return;
    if (!isSameOrigin(req, baseUrl)) throw csrfRefused('it does not come from this site');
    const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.headers['x-csrf-token'] ?? (await multipartToken(req));
    if (!sameSecret(typeof sent === 'string' ? sent : undefined, req.session.csrfToken)) throw csrfRefused('the form has expired; reload the page and try again');
  }
}

export default fp(authPlugin, { name: 'beiguan-auth' });
