// A synthetic corpus of the Academy's size: articles in both languages, 28 institutions.
import type { Services } from '../src/app/services.js';
import { docFromParagraphs } from '../src/richtext/index.js';
import type { Lang } from '../src/shared/lang.js';
import { seeded, sentence } from './vocabulary.js';

const zhSentence = '北京市科学技术研究院围绕城市安全、生态环境与科学普及开展研究，推动科技成果服务首都发展。';
const enSentence = 'The Academy works on urban safety, the environment and science communication for the capital. ';

export async function buildCorpus(services: Services, { articlesPerLang = 1000 } = {}) {
  for (const lang of ['zh', 'en'] as Lang[]) {
    for (let i = 1; i <= 28; i++) {
      await services.institutions.create({
        lang,
        position: i,
        name: lang === 'zh' ? `研究所第${i}号` : `Institute number ${i}`,
        profile: i % 5 === 0 ? null : docFromParagraphs([(lang === 'zh' ? zhSentence : enSentence).repeat(4)]),
      });
    }
    // Spread over the years before 2026, so that every article is already visible.
    const start = Date.parse('2010-01-01T00:00:00Z');
    const step = Math.min(36e5 * 30, (Date.parse('2026-01-01T00:00:00Z') - start) / articlesPerLang);
    const random = seeded(lang === 'zh' ? 1984 : 2024);
    for (let i = 1; i <= articlesPerLang; i++) {
      // Titles keep a number, so that each address is known; the text is drawn from the vocabulary.
      const words = sentence(lang, 4 + Math.floor(random() * 4), random).replace(/[。.]$/, '');
      await services.news.create({
        lang,
        title: lang === 'zh' ? `${words}（第${i}期）` : `${words} (update ${i})`,
        body: docFromParagraphs(Array.from({ length: 6 }, () => Array.from({ length: 3 }, () => sentence(lang, 6 + Math.floor(random() * 8), random)).join(lang === 'zh' ? '' : ' '))),
        status: 'published',
        publishedAt: new Date(start + Math.round(i * step)).toISOString(),
      });
    }
  }
}
