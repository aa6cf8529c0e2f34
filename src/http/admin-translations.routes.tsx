// The translation view (/admin/translations): editors and above see what needs translating.
import type { FastifyInstance } from 'fastify';
import { adminMessages } from '../admin/i18n.js';
import { translationMessages } from '../admin/i18n-translations.js';
import { TranslationsScreen, type TranslationListView } from '../admin/views/translation-views.js';
import type { Services } from '../app/services.js';
import { isLang } from '../shared/lang.js';
import { pageRequest } from '../shared/page.js';
import { translator } from '../site/i18n.js';
import { TRANSLATION_KINDS, type TranslationFilter, type TranslationIssue, type TranslationKind } from '../translations/index.js';
import { adminKit, pageParam } from './admin-kit.js';

type Query = Record<string, string | undefined>;
const PER_PAGE = 25;

/** Unknown filter values are ignored, as in every workspace list: the list shows everything. */
function listFilter(q: Query): TranslationFilter {
  return {
    kind: TRANSLATION_KINDS.includes(q.kind as TranslationKind) ? (q.kind as TranslationKind) : undefined,
    target: isLang(q.target) ? q.target : undefined,
    issue: q.issue === 'missing' || q.issue === 'outdated' ? (q.issue as TranslationIssue) : undefined,
  };
}

export async function adminTranslationRoutes(app: FastifyInstance, { services, css }: { services: Services; css: string }) {
  const { langOf, send, page, signedIn } = adminKit(css);
  app.get('/admin/translations', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const q = req.query as Query;
    const filter = listFilter(q);
    const pageNo = pageParam(q.page);
    const result = await services.translations.page(req.actor, filter, pageRequest(pageNo, PER_PAGE));
    const lang = langOf(req);
    const tm = translationMessages(lang);
    const view: TranslationListView = {
      ...result,
      page: pageNo,
      pages: Math.max(1, Math.ceil(result.total / PER_PAGE)),
      filter: { kind: filter.kind, target: filter.target, issue: filter.issue },
      formatTime: (iso) => translator(lang).dateTime(iso),
    };
    return send(reply, 200, page(req, tm.title, 'translations', <TranslationsScreen m={adminMessages(lang)} tm={tm} view={view} />));
  });
}
