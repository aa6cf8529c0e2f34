// The addresses the site serves now: every route's list from the site's state (what the static
// export writes too). A redirect or tombstone at one of them would never be answered.
import { addressKey } from '../redirects/index.js';
import { siteRoutes, type SiteContext } from './routes.js';
import { loadSiteState } from './state.js';

export async function liveAddressKeys(ctx: SiteContext): Promise<Set<string>> {
  const state = await loadSiteState(ctx.services);
  const keys = new Set<string>();
  for (const route of siteRoutes) for (const path of await route.list(ctx, state)) keys.add(addressKey(path) ?? path);
  return keys;
}
