// The words of the translation view (/admin/translations).
import type { Lang } from '../shared/lang.js';

const zh = {
  nav: '翻译',
  title: '翻译工作',
  intro: '缺少另一语言版本的内容，以及中文原文的文字修改之后未再修改的译文（只改状态，如提交、发布，不算修改）。没有中文版本的内容列为缺少中文版本。',
  kind: '类型',
  allKinds: '全部类型',
  kinds: { article: '新闻', page: '页面', institution: '机构' } as Record<string, string>,
  langNames: { zh: '中文', en: '英文' } as Record<Lang, string>,
  target: '译入语言',
  allTargets: '全部语言',
  issue: '问题',
  allIssues: '全部问题',
  issues: { missing: '缺少译文', outdated: '译文过时' } as Record<string, string>,
  filter: '筛选',
  item: '内容',
  updated: '文字最后修改',
  missingIn: (lang: string) => `没有${lang}版本`,
  // Followed at once by the time (the English ends in a space, the Chinese in a full-width colon).
  olderThan: (title: string) => `原文“${title}”在此之后修改过，时间：`,
  edit: '编辑',
  editSource: '编辑原文',
  editTranslation: '编辑译文',
  createTranslation: (lang: string) => `新建${lang}版本`,
  nothing: '没有待翻译的内容。',
};
export type TranslationMessages = typeof zh;

const en: TranslationMessages = {
  nav: 'Translations',
  title: 'Translation work',
  intro: 'Items without a version in the other language, and translations whose text has not changed since the text of their Chinese source did (a change of status, such as submitting or publishing, is no change). Items with no Chinese version are listed as missing it.',
  kind: 'Kind',
  allKinds: 'All kinds',
  kinds: { article: 'News', page: 'Page', institution: 'Institution' },
  langNames: { zh: 'Chinese', en: 'English' },
  target: 'Into',
  allTargets: 'All languages',
  issue: 'Issue',
  allIssues: 'All issues',
  issues: { missing: 'Missing', outdated: 'Out of date' },
  filter: 'Filter',
  item: 'Item',
  updated: 'Text last changed',
  missingIn: (lang: string) => `No ${lang} version`,
  olderThan: (title: string) => `Its source “${title}” changed after it, on `,
  edit: 'Edit',
  editSource: 'Edit the source',
  editTranslation: 'Edit the translation',
  createTranslation: (lang: string) => `Create the ${lang} version`,
  nothing: 'Nothing is waiting for translation.',
};

export const translationMessages = (lang: Lang): TranslationMessages => (lang === 'zh' ? zh : en);
