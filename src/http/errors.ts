// One error handler: AppError kinds become statuses; HTML gets a page in the visitor's language,
// /api gets { error: { code, message, details } }; unknown errors are logged and shown generically.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { type ErrorKind, isAppError } from '../shared/errors.js';
import { isLang, langFromAcceptLanguage, type Lang } from '../shared/lang.js';
import { displayOf, inDisplay } from '../site/display.js';
import { renderNotFound, renderServerError, type SiteContext } from '../site/routes.js';

/** The HTTP status of each kind of refusal; one table for the API, the pages and the workspace. */
export const STATUS_OF_KIND: Record<ErrorKind, number> = {
  not_found: 404,
  invalid: 400,
  conflict: 409,
  forbidden: 403,
  unauthenticated: 401,
  too_large: 413,
  unsupported: 415,
};

/** The public API and the workspace's own JSON endpoints (/admin/api/…) answer errors in JSON. */
export const isApiRequest = (req: FastifyRequest) => req.url.startsWith('/api/') || req.url.startsWith('/admin/api/');

/** The language of the page asked for (its /xx/ prefix), else the browser's. */
export function visitorLang(req: FastifyRequest): Lang {
  const first = req.url.split('/')[1];
  return isLang(first) ? first : langFromAcceptLanguage(req.headers['accept-language']);
}

const HTML = 'text/html; charset=utf-8';

/** An error page, in the display the visitor's cookie asks for (which a cache in between must respect). */
const sendErrorPage = (req: FastifyRequest, reply: FastifyReply, html: string) => reply.type(HTML).header('vary', 'Cookie').send(inDisplay(html, displayOf(req.headers.cookie)));

/** Redirects answered for browsers: a permanent one is kept a day (an editor may still change it). */
const REDIRECT_CACHE: Record<number, string> = { 301: 'public, max-age=86400', 302: 'no-cache' };

/**
 * Nothing is published here. An old or moved address answers with its redirect, a removed one with
 * 410 Gone; the rest get the 404 page. Looked up here, after the routes, so that a live page always
 * wins over a redirect or tombstone left at its address.
 */
export async function sendNotFound(site: SiteContext, req: FastifyRequest, reply: FastifyReply, code = 'ROUTE_NOT_FOUND') {
  const path = req.url.split('?')[0] ?? '/';
  if (isApiRequest(req)) return reply.code(404).send({ error: { code, message: `Nothing at ${req.method} ${path}` } });
  const answer = (req.method === 'GET' || req.method === 'HEAD') && !path.startsWith('/admin') ? await site.services.redirects.answerFor(path) : undefined;
  if (answer && answer.status !== 410) return reply.header('cache-control', REDIRECT_CACHE[answer.status]).redirect(answer.location, answer.status);
  reply.code(answer ? 410 : 404);
  return sendErrorPage(req, reply, await renderNotFound(site, visitorLang(req), path, { gone: answer !== undefined }));
}

export function installErrorHandler(app: FastifyInstance, site: SiteContext) {
  app.setErrorHandler(async (error: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.flatMap((v) => {
        const field = v.instancePath.replace(/^\//, '').replace(/\//g, '.') || v.params?.issue?.path?.join('.') || '';
        // A field the endpoint does not know is named itself, not its parent object.
        const keys = v.keyword === 'unrecognized_keys' ? (v.params as { keys?: unknown }).keys : undefined;
        if (Array.isArray(keys)) return keys.map((k) => ({ field: field ? `${field}.${String(k)}` : String(k), message: 'unknown field' }));
        return [{ field, message: v.message }];
      });
      return reply.code(400).send({ error: { code: 'REQUEST_INVALID', message: `Invalid ${error.validationContext ?? 'request'}`, details } });
    }
    if (isAppError(error)) {
      if (error.kind === 'not_found') return sendNotFound(site, req, reply, error.code);
      if (error.kind === 'unauthenticated' && req.url.startsWith('/admin') && !isApiRequest(req)) return reply.redirect('/admin/login', 303);
      const status = STATUS_OF_KIND[error.kind];
      reply.code(status);
      if (isApiRequest(req)) return reply.send({ error: { code: error.code, message: error.isPublic ? error.message : 'Request refused', details: error.extra.details } });
      return sendErrorPage(req, reply, await renderServerError(site, visitorLang(req), req.url));
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) req.log.error({ err: error }, 'unhandled error');
    reply.code(status);
    if (isApiRequest(req))
      return reply.send({ error: { code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL_ERROR', message: status < 500 ? error.message : 'Internal server error' } });
    // A malformed address ("/en/%") is, for a visitor, an address that leads nowhere.
    const path = req.url.split('?')[0] ?? '/';
    return sendErrorPage(req, reply, status < 500 ? await renderNotFound(site, visitorLang(req), path) : await renderServerError(site, visitorLang(req), path));
  });
}
