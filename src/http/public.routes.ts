// Public pages: one Fastify route per entry of the site's route table, plus the language chooser.
import type { FastifyInstance } from 'fastify';
import { langFromAcceptLanguage } from '../shared/lang.js';
import { urls } from '../shared/urls.js';
import type { Asset } from '../site/assets.js';
import { renderArticle, siteRoutes, type SiteContext } from '../site/routes.js';

const HTML_CACHE = 'public, max-age=60, must-revalidate';

export async function publicRoutes(app: FastifyInstance, { site, assets }: { site: SiteContext; assets: Asset[] }) {
  app.get('/', async (req, reply) => {
    const lang = langFromAcceptLanguage(req.headers['accept-language']);
    return reply.header('vary', 'Accept-Language').header('cache-control', 'no-cache').redirect(urls.home(lang), 302);
  });

  for (const route of siteRoutes) {
    app.get(route.pattern, async (req, reply) => {
      const { html } = await route.render(site, req.params as Record<string, string>);
      return reply.type('text/html; charset=utf-8').header('cache-control', HTML_CACHE).send(html);
    });
  }
  // "/en" and "/en/news" have one address each: the one with the trailing slash.
  for (const pattern of ['/:lang', '/:lang/news', '/:lang/institutions']) {
    app.get(pattern, async (req, reply) => {
      const { lang } = req.params as { lang: string };
      if (lang !== 'zh' && lang !== 'en') return reply.callNotFound();
      return reply.redirect(`${req.url.split('?')[0]}/`, 301);
    });
  }

  // Shared previews of drafts: the page as it will be, for whoever has the link, until it expires.
  app.get('/preview/:token', async (req, reply) => {
    const article = await site.services.newsWorkflow.resolvePreviewLink((req.params as { token: string }).token);
    if (!article) return reply.callNotFound();
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex, nofollow')
      .header('referrer-policy', 'no-referrer')
      .send(await renderArticle(site, article));
  });

  for (const asset of assets) {
    app.get(asset.path, async (req, reply) => {
      void reply.type(asset.type).header('cache-control', 'public, max-age=31536000, immutable').header('vary', 'Accept-Encoding');
      if (asset.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(asset.gzip);
      return reply.send(asset.body);
    });
  }
}
