// What the request log may say: every line names its request, none carries a credential.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** An id as proxies make them (nginx's $request_id, a UUID): short, no spaces or quotes. */
const SANE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * A request's id: the one the proxy in front sent in X-Request-Id, when the proxy is trusted (so its
 * log and ours can be joined); else a new one, since a client could otherwise pick ids to blur the
 * log, or reuse another request's.
 */
export const requestIdFor = (trustProxy: boolean) => (req: IncomingMessage) => {
  const sent = trustProxy ? req.headers['x-request-id'] : undefined;
  return typeof sent === 'string' && SANE_REQUEST_ID.test(sent) ? sent : randomUUID();
};

/** Query parameters whose values are, or may be, secrets (password reset links, tokens, codes). */
const SECRET_PARAM = /pass|token|secret|key|code|csrf|session|sig|auth|otp|cookie|login/i;

/**
 * A preview link's address, as the router reads it (it decodes before matching: "/%70review/…" is
 * a preview link too, and "/Preview/…" is not).
 */
function isPreviewPath(path: string): boolean {
  if (path.startsWith('/preview/')) return true;
  if (!path.includes('%')) return false;
  try {
    return decodeURIComponent(path).startsWith('/preview/');
  } catch {
    return true; // undecodable: hidden rather than guessed at
  }
}

/** The address as it may be logged: a preview link's token and secret-looking query values hidden. */
export function loggableUrl(url: string): string {
  const at = url.indexOf('?');
  const raw = at < 0 ? url : url.slice(0, at);
  const path = isPreviewPath(raw) ? '/preview/***' : raw;
  if (at < 0) return path;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let name = pair.slice(0, eq);
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        return `${pair.slice(0, eq)}=***`; // undecodable: hide its value rather than guess
      }
      return SECRET_PARAM.test(name) ? `${pair.slice(0, eq)}=***` : pair;
    })
    .join('&');
  return `${path}?${query}`;
}

/** Hides `name=value` and `"name":"value"` pairs with secret-looking names in free text (error messages quote bodies). */
export function scrubSecrets(text: string): string {
  return text
    .replace(/("[^"]*(?:pass|token|secret|csrf|session|otp|totp|cookie|authorization|login)[^"]*"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, '$1"***"')
    .replace(/((?:^|[?&\s'"])[\w.-]*(?:pass|token|secret|csrf|session|otp|totp|cookie|authorization|login)[\w.-]*=)[^&\s'"]*/gi, '$1***')
    .replace(/(bearer\s+)[\w.~+/-]+=*/gi, '$1***');
}

/** An error as logged: its type, code and stack, with secrets scrubbed from the text (a JSON parse error quotes the body it failed on). */
export function loggableError(err: unknown, depth = 0): { type: string; message: string; stack: string; [key: string]: unknown } {
  if (!(err instanceof Error)) return { type: typeof err, message: scrubSecrets(String(err)), stack: '' };
  const e = err as Error & { code?: unknown; statusCode?: unknown };
  return {
    type: e.name,
    message: scrubSecrets(e.message),
    stack: scrubSecrets(e.stack ?? ''),
    ...(e.code !== undefined && { code: e.code }),
    ...(e.statusCode !== undefined && { statusCode: e.statusCode }),
    // Causes are followed a few levels, not forever (a cause may lead back to its error).
    ...(e.cause !== undefined && depth < 3 && { cause: loggableError(e.cause, depth + 1) }),
  };
}
