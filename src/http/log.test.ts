// What the log keeps of an address and of an error's text.
import { describe, expect, it } from 'vitest';
import { loggableError, loggableUrl, requestIdFor } from './log.js';

describe('loggable addresses and errors', () => {
  it('hides preview tokens and the values of secret-looking query parameters, however they are written', () => {
    expect(loggableUrl('/preview/AbC-123_x?lang=en')).toBe('/preview/***?lang=en');
    // The router decodes the address before it matches it: this is a preview link too.
    expect(loggableUrl('/%70review/AbC-123_x')).toBe('/preview/***');
    expect(loggableUrl('/%2Fpreview%2FAbC')).toBe('/%2Fpreview%2FAbC');
    expect(loggableUrl('/admin/login?_login=AbC-123')).toBe('/admin/login?_login=***');
    expect(loggableUrl('/admin/reset?token=s3cr3t&lang=en')).toBe('/admin/reset?token=***&lang=en');
    expect(loggableUrl('/x?pass%77ord=s3cr3t&Access_Token=t0k&q=%E5%8C%97%E4%BA%AC')).toBe('/x?pass%77ord=***&Access_Token=***&q=%E5%8C%97%E4%BA%AC');
    expect(loggableUrl('/x?%E0%A4=s3cr3t&flag')).toBe('/x?%E0%A4=***&flag');
    expect(loggableUrl('/en/search?q=academy')).toBe('/en/search?q=academy');
  });

  it('scrubs name=value, JSON pairs and Bearer credentials from an error, its stack and its causes', () => {
    const cause = new Error('auth header was Bearer abc.def-123');
    const err = Object.assign(new Error(`Unexpected token in {"password":"hunter2","name":"ed"} after csrf_token=xyz`, { cause }), { code: 'E_TEST' });
    const logged = JSON.stringify(loggableError(err));
    for (const secret of ['hunter2', 'xyz', 'abc.def-123']) expect(logged).not.toContain(secret);
    expect(loggableError(err).message).toBe('Unexpected token in {"password":"***","name":"ed"} after csrf_token=***');
    expect(logged).toContain('E_TEST');
    const looped = new Error('loop');
    (looped as { cause?: unknown }).cause = looped;
    expect(() => loggableError(looped)).not.toThrow();
  });

  it('takes an incoming request id only from a trusted proxy, and only a sane one', () => {
    const req = (id: string) => ({ headers: { 'x-request-id': id } }) as never;
    expect(requestIdFor(true)(req('f3a9-77.b:2'))).toBe('f3a9-77.b:2');
    expect(requestIdFor(false)(req('f3a9-77.b:2'))).not.toBe('f3a9-77.b:2');
    expect(requestIdFor(true)(req('x'.repeat(129)))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFor(true)(req('a b'))).toMatch(/^[0-9a-f-]{36}$/);
  });
});
