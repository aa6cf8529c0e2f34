// What every workspace screen needs: the user's language, rendering, refusals as messages.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { adminMessages } from '../admin/i18n.js';
import { AdminPage, type Screen } from '../admin/views/admin-views.js';
import type { Actor } from '../people/index.js';
import { invalid, isAppError } from '../shared/errors.js';
import { langFromAcceptLanguage, type Lang } from '../shared/lang.js';
import { STATUS_OF_KIND } from './errors.js';

/** The ids a form sent under one name (check boxes send it once per ticked box): always a list. */
export function idsParam(v: unknown): number[] {
  const values = Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : [];
  return values.map(Number).filter((n) => Number.isInteger(n) && n > 0 && n < 2 ** 31);
}

/**
 * The other language's version as a form sent its number: undefined when the form has no such
 * field (the link stays), null when it is empty (unlink).
 */
export function translationOfParam(value: string | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return null;
  const n = Number(text);
  if (!(/^[0-9]+$/.test(text) && n > 0 && n < 2 ** 31)) throw invalid('TRANSLATION_INVALID', 'the other version is given by its number', { field: 'translationOf' });
  return n;
}

/** A number given in a link to prefill a form (?translationOf=): digits only, else nothing. */
export const prefilledNumber = (value: string | undefined) => (value !== undefined && /^[1-9][0-9]{0,9}$/.test(value) ? value : '');

/** A ?page= value as a page number: 1 when missing or odd, never past 100,000. */
export const pageParam = (value: string | undefined) => Math.max(1, Math.min(100_000, Number.parseInt(value ?? '1', 10) || 1));

export type { Screen };

export function adminKit(css: string) {
  const langOf = (req: FastifyRequest): Lang => req.actor?.locale ?? langFromAcceptLanguage(req.headers['accept-language']);
  function send(reply: FastifyReply, status: number, page: VNode) {
    return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(`<!doctype html>${renderToString(page)}`);
  }
  function page(req: FastifyRequest, title: string, current: Screen | undefined, body: VNode) {
    const lang = langOf(req);
    return (
      <AdminPage m={adminMessages(lang)} lang={lang} title={title} actor={req.actor} csrf={req.session?.csrfToken} css={css} current={current}>
        {body}
      </AdminPage>
    );
  }
  /** The localized message for a refused action, by its code; anything else is rethrown. */
  const messageFor = (req: FastifyRequest, e: unknown) => {
    if (!isAppError(e)) throw e;
    return { status: STATUS_OF_KIND[e.kind], text: adminMessages(langOf(req)).errors[e.code] ?? adminMessages(langOf(req)).contentErrors[e.code] ?? e.message, code: e.code };
  };
  function signedIn(req: FastifyRequest, reply: FastifyReply): req is FastifyRequest & { actor: Actor } {
    if (req.actor) return true;
    void reply.header('cache-control', 'no-store').redirect('/admin/login', 303);
    return false;
  }
  return { langOf, send, page, messageFor, signedIn };
}
