// The parts of a public address a route reads, checked before anything is asked of the store.
import type { Services } from '../app/services.js';
import { notFound } from '../shared/errors.js';
import { isLang, type Lang } from '../shared/lang.js';
import { SLUG_PATTERN } from '../shared/slug.js';
import type { Channel } from '../taxonomy/index.js';

export const langParam = (params: Record<string, string>): Lang => {
  const lang = params.lang;
  if (!isLang(lang)) throw notFound('LANGUAGE_NOT_FOUND', `No site in language "${lang}"`);
  return lang;
};

/** A slug as the site makes them; anything else (NUL bytes, 10 KB strings…) is not asked of the store. */
export const slugParam = (params: Record<string, string>, name = 'slug'): string => {
  const slug = params[name] ?? '';
  if (slug.length > 200 || !SLUG_PATTERN.test(slug)) throw notFound('ROUTE_NOT_FOUND', 'No such address');
  return slug;
};

/** A page number past the first (page 1 of a list lives at its base address only). */
export const laterPageParam = (params: Record<string, string>): number => {
  const page = /^[1-9]\d{0,5}$/.test(params.page ?? '') ? Number(params.page) : NaN;
  if (!(page >= 2)) throw notFound('NEWS_PAGE_NOT_FOUND', `News page "${params.page}" does not exist`);
  return page;
};

/** A channel named by its slug in the address. */
export async function channelParam(services: Services, params: Record<string, string>): Promise<Channel> {
  const channel = await services.taxonomy.channelBySlug(slugParam(params, 'channel'));
  if (!channel) throw notFound('CHANNEL_NOT_FOUND', `No channel "${params.channel}"`);
  return channel;
}
