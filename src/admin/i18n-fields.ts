// Words for the fields beside an article's text, and for what an editor looks after.
import type { Lang } from '../shared/lang.js';

const zh = {
  channel: '栏目',
  noChannel: '（不指定栏目）',
  institutions: '相关机构',
  institutionsHint: '文章涉及的机构；文章会显示在这些机构旁，负责这些机构的编辑可以编辑它。标有“文中提到”的是保存时在文中找到的机构：保持勾选并保存即确认，取消勾选并保存即移除，以后不再自动关联。',
  foundInText: '文中提到',
  translation: '另一语言版本（文章编号）',
  translationHint: '填写对应英文或中文文章的编号，两篇文章会互相链接；留空则取消链接。',
  translationNow: (title: string) => `当前链接到：${title}`,
  seo: '搜索引擎与分享',
  seoTitle: 'SEO 标题',
  seoTitleHint: '留空则使用文章标题。',
  seoDescription: 'SEO 描述',
  seoDescriptionHint: '留空则使用摘要或正文开头。',
  slugChecking: '正在检查网址名…',
  slugFree: '该网址名可以使用。',
  slugTaken: (s: string) => `该网址名已被使用，可改用：${s}`,
  slugBad: '网址名只能由小写字母、数字和连字符组成。',
  scope: '负责范围',
  scopeAll: '全院（未指定）',
  backToUsers: '账号管理',
  scopeHint: '编辑只能编辑和提交所负责栏目或机构的稿件（以及自己的稿件）；不指定则负责全院。',
  saveScope: '保存负责范围',
  scopeSaved: '负责范围已保存。',
};
export type FieldMessages = typeof zh;

const en: FieldMessages = {
  channel: 'Channel',
  noChannel: '(no channel)',
  institutions: 'Institutions',
  institutionsHint: 'The institutions the article is about: it is shown with them, and editors who look after them may edit it. Those marked "found in the text" were found mentioned when it was saved: save with the box ticked to confirm, unticked to remove (it is then not found again).',
  foundInText: 'found in the text',
  translation: 'Version in the other language (article number)',
  translationHint: 'The number of the matching Chinese or English article: the two link to each other. Empty: no link.',
  translationNow: (title: string) => `Now linked to: ${title}`,
  seo: 'Search engines and sharing',
  seoTitle: 'SEO title',
  seoTitleHint: 'Empty: the title is used.',
  seoDescription: 'SEO description',
  seoDescriptionHint: 'Empty: the summary or the start of the text is used.',
  slugChecking: 'Checking the address…',
  slugFree: 'This address is free.',
  slugTaken: (s: string) => `This address is taken; free: ${s}`,
  slugBad: 'An address has lower-case letters, digits and hyphens only.',
  scope: 'Looks after',
  scopeAll: 'the whole Academy (nothing assigned)',
  backToUsers: 'Accounts',
  scopeHint: 'Editors edit and submit drafts of the channels and institutions they look after (and their own); with nothing assigned, everything.',
  saveScope: 'Save',
  scopeSaved: 'Saved.',
};

export const fieldMessages = (lang: Lang): FieldMessages => (lang === 'zh' ? zh : en);
