// The words of the translation view (/admin/translations).
import type { Lang } from '../shared/lang.js';

const zh = {
  nav: '翻译',
  title: '翻译工作',
  intro: '缺少另一语言版本的内容，以及在中文原文修改之后未再更新的译文。',
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
  updated: '最后修改',
  missingIn: (lang: string) => `没有${lang}版本`,
  olderThan: (title: string, when: string) => `早于原文“${title}”的修改（${when}）`,
  edit: '编辑',
  editSource: '编辑原文',
  nothing: '没有待翻译的内容。',
};
export type TranslationMessages = typeof zh;

const en: TranslationMessages = {
  nav: 'Translations',
  title: 'Translation work',
  intro: 'Items without a version in the other language, and translations not updated since their Chinese source changed.',
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
  updated: 'Last changed',
  missingIn: (lang: string) => `No ${lang} version`,
  olderThan: (title: string, when: string) => `Older than the change to its source “${title}” (${when})`,
  edit: 'Edit',
  editSource: 'Edit the source',
  nothing: 'Nothing is waiting for translation.',
};

export const translationMessages = (lang: Lang): TranslationMessages => (lang === 'zh' ? zh : en);
