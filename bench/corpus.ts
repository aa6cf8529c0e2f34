// A synthetic corpus of the Academy's size, the same on every run (seeded): articles in both
// languages written with everyday words at their real frequencies and the Academy's own, spread over
// sixteen years, a third of them naming one of the 28 institutions, a few carrying an image.
// It is written either as the old site's text exports (for the importer to read, as a migration
// would) or straight through the services.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { Services } from '../src/app/services.js';
import { docFromParagraphs, type RichTextDoc } from '../src/richtext/index.js';
import type { Lang } from '../src/shared/lang.js';
import { mixedSentence, seeded, wordOf } from './vocabulary.js';

/** The institutions, as the Academy might name them (our own list, not the real directory). */
export const INSTITUTIONS: readonly { zh: string; en: string }[] = [
  ['北京市城市安全研究所', 'Beijing Institute of Urban Safety'],
  ['北京市环境保护科学研究所', 'Beijing Institute of Environmental Protection'],
  ['北京市新材料技术研究中心', 'Beijing Centre for New Materials'],
  ['北京市生物医药研究所', 'Beijing Institute of Biomedicine'],
  ['北京天文馆', 'Beijing Planetarium'],
  ['北京市科技情报研究所', 'Beijing Institute of Science and Technology Information'],
  ['北京市计算技术研究所', 'Beijing Institute of Computing Technology'],
  ['北京市辐射技术中心', 'Beijing Radiation Technology Centre'],
  ['北京市生态修复研究所', 'Beijing Institute of Ecological Restoration'],
  ['北京市营养健康研究所', 'Beijing Institute of Nutrition and Health'],
  ['北京市智能机器人研究所', 'Beijing Institute of Intelligent Robotics'],
  ['北京市水资源研究中心', 'Beijing Water Resources Centre'],
  ['北京市建筑节能研究所', 'Beijing Institute of Building Energy Efficiency'],
  ['北京市新能源研究所', 'Beijing Institute of New Energy'],
  ['北京市智能制造研究中心', 'Beijing Centre for Intelligent Manufacturing'],
  ['北京市电子技术研究所', 'Beijing Institute of Electronics'],
  ['北京科学中心', 'Beijing Science Centre'],
  ['北京市心理健康研究所', 'Beijing Institute of Mental Health'],
  ['北京市古建筑保护研究所', 'Beijing Institute of Heritage Architecture'],
  ['北京市大气环境研究所', 'Beijing Institute of Atmospheric Environment'],
  ['北京市现代农业研究中心', 'Beijing Centre for Modern Agriculture'],
  ['北京市轻工技术研究所', 'Beijing Institute of Light Industry'],
  ['北京市测试技术研究所', 'Beijing Institute of Testing Technology'],
  ['北京市食品安全研究所', 'Beijing Institute of Food Safety'],
  ['北京市应急管理研究中心', 'Beijing Centre for Emergency Management'],
  ['北京市交通工程研究所', 'Beijing Institute of Traffic Engineering'],
  ['北京市科学技术普及中心', 'Beijing Centre for Science Outreach'],
  ['北京市人工智能研究院', 'Beijing Academy of Artificial Intelligence Research'],
].map(([zh, en]) => ({ zh: zh!, en: en! }));

export interface CorpusArticle {
  lang: Lang;
  title: string;
  paragraphs: string[];
  /** Beijing local time, as the old site printed it ("2019-06-03 09:30"). */
  date: string;
  /** Indexes into INSTITUTIONS of the institutions the text names. */
  mentions: number[];
}

const START = Date.parse('2010-01-01T00:00:00+08:00');
const END = Date.parse('2026-01-01T00:00:00+08:00');
const pad = (n: number) => String(n).padStart(2, '0');

/** The language's articles, oldest first, each drawn from the same seeded stream every run. */
export function* corpusArticles(lang: Lang, perLang: number): Generator<CorpusArticle> {
  const random = seeded(lang === 'zh' ? 1984 : 2024);
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  for (let i = 0; i < perLang; i++) {
    // Beijing time, spread evenly over the sixteen years, during office hours.
    const at = new Date(START + ((END - START) * i) / perLang + 8 * 3600e3);
    const date = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ${pad(between(8, 18))}:${pad(between(0, 59))}`;
    const title = titleOf(lang, random, between(lang === 'zh' ? 4 : 5, lang === 'zh' ? 8 : 10));
    const paragraphs = Array.from({ length: between(3, 9) }, () =>
      Array.from({ length: between(2, 5) }, () => mixedSentence(lang, between(8, 22), random)).join(lang === 'zh' ? '' : ' '),
    );
    const mentions: number[] = [];
    const roll = random();
    if (roll < 0.35) mentions.push(between(0, INSTITUTIONS.length - 1));
    if (roll < 0.08) mentions.push(between(0, INSTITUTIONS.length - 1));
    for (const m of mentions) {
      const name = INSTITUTIONS[m]![lang];
      const p = between(0, paragraphs.length - 1);
      paragraphs[p] = lang === 'zh' ? `${name}的研究人员介绍，${paragraphs[p]}` : `Researchers at the ${name} said: ${paragraphs[p]}`;
    }
    yield { lang, title, paragraphs, date, mentions };
  }
}

/** A title: the Academy's words first, as headlines put the subject first. */
function titleOf(lang: Lang, random: () => number, n: number): string {
  const sentence = mixedSentence(lang, n - 2, random).replace(/[。.]$/, '');
  const subject = [wordOf(lang, random), wordOf(lang, random)];
  if (lang === 'zh') return `${subject.join('')}${sentence.replace(/，/g, '')}`;
  return [...subject, sentence].join(' ').replace(/(^|\s)(\p{Ll})/gu, (_, s: string, c: string) => s + c.toUpperCase());
}

/** An institution's profile: a few paragraphs about its work. */
function profileOf(lang: Lang, index: number): string[] {
  const random = seeded(7000 + index + (lang === 'zh' ? 0 : 100));
  return Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => mixedSentence(lang, 12, random)).join(lang === 'zh' ? '' : ' '));
}

/**
 * Writes the corpus as the old site exported it: per language a numbered directory of the
 * institutions and one dated text file per article (zh/000001.txt…). Returns the folders.
 */
export async function writeLegacyCorpus(dir: string, perLang: number): Promise<{ institutions: string; articles: string }[]> {
  const out: { institutions: string; articles: string }[] = [];
  for (const lang of ['zh', 'en'] as Lang[]) {
    const articles = path.join(dir, lang, 'articles');
    await mkdir(articles, { recursive: true });
    const institutions = path.join(dir, lang, 'institutions.txt');
    await writeFile(institutions, INSTITUTIONS.map((inst, i) => `${i + 1} - ${inst[lang]}\n\n${profileOf(lang, i).join('\n\n')}\n`).join('\n\n'));
    let n = 0;
    for (const a of corpusArticles(lang, perLang)) {
      n++;
      const indent = lang === 'zh' ? '\u3000\u3000' : '';
      await writeFile(path.join(articles, `${String(n).padStart(6, '0')}.txt`), `${a.title}\nDate:${a.date}\n\n${a.paragraphs.map((p) => indent + p).join('\n\n')}\n`);
    }
    out.push({ institutions, articles });
  }
  return out;
}

/** A photograph-sized image, different for each seed: smooth colour fields, as photographs compress. */
export async function corpusImage(seed: number): Promise<Buffer> {
  const width = 1600;
  const height = 1000;
  const random = seeded(seed);
  const [r0, g0, b0] = [random() * 255, random() * 255, random() * 255];
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      pixels[o] = (r0 + x / 8) & 255;
      pixels[o + 1] = (g0 + y / 6) & 255;
      pixels[o + 2] = (b0 + (x + y) / 12) & 255;
    }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
}

/** `count` articles a language that carry an image from the media library (uploaded here). */
export async function addImageArticles(services: Services, count: number) {
  const admin = await services.auth.addUser({ name: `corpus-images-${Date.now()}`, role: 'administrator', password: 'a long corpus passphrase' });
  const actor = (await services.auth.actorForToken((await services.auth.createToken(admin.name)).token))!;
  for (const lang of ['zh', 'en'] as Lang[]) {
    const random = seeded(lang === 'zh' ? 31 : 32);
    for (let i = 0; i < count; i++) {
      const alt = lang === 'zh' ? `示意图${i + 1}` : `Illustration ${i + 1}`;
      const media = await services.media.upload(actor, { data: await corpusImage(i + (lang === 'zh' ? 0 : 1000)), filename: `photo-${lang}-${i + 1}.jpg`, alt });
      const paragraphs = Array.from({ length: 4 }, () => mixedSentence(lang, 16, random));
      const body: RichTextDoc = docFromParagraphs(paragraphs);
      body.content.splice(1, 0, { type: 'image', attrs: { mediaId: media.id, alt, caption: null } });
      await services.news.create({
        lang,
        title: titleOf(lang, random, 6),
        body,
        status: 'published',
        publishedAt: new Date(END - (i + 1) * 86_400e3).toISOString(),
      });
    }
  }
}

/** The corpus written straight through the services (no importer, no images). */
export async function buildCorpus(services: Services, { articlesPerLang = 1000 } = {}) {
  for (const lang of ['zh', 'en'] as Lang[]) {
    for (const [i, inst] of INSTITUTIONS.entries())
      await services.institutions.create({ lang, position: i + 1, name: inst[lang], profile: docFromParagraphs(profileOf(lang, i)) });
    for (const a of corpusArticles(lang, articlesPerLang)) {
      const [day, time] = a.date.split(' ');
      await services.news.create({ lang, title: a.title, body: docFromParagraphs(a.paragraphs), status: 'published', publishedAt: new Date(`${day}T${time}:00+08:00`).toISOString() });
    }
  }
}
