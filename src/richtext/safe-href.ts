// The link rule, on its own so that the admin editor's browser bundle can share it without zod.

/**
 * Absolute http(s), mail, same-site paths and fragments; never "//host" or "/\\host", and no
 * spaces or control characters, which browsers drop (so "/\t/host" would leave the site).
 */
export const SAFE_HREF = /^(?:https?:\/\/|mailto:|\/(?![/\\])|#)[^\s\u0000-\u001f\u007f-\u009f]*$/i;

export const MAX_HREF = 2048;

export const isSafeHref = (href: string): boolean => href.length <= MAX_HREF && SAFE_HREF.test(href);
