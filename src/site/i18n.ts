// Every word the public site prints itself, in both languages, and date formatting in Beijing time.
import { SITE_TIME_ZONE } from '../shared/clock.js';
import { LANGS, langTag, type Lang } from '../shared/lang.js';

// Each language's own conventions: "2020年4月9日", "April 9, 2020"; "12,345".
const perLang = <T>(make: (tag: string) => T) => Object.fromEntries(LANGS.map((l) => [l, make(langTag(l))])) as Record<Lang, T>;
const dateFormats = perLang((tag) => new Intl.DateTimeFormat(tag, { timeZone: SITE_TIME_ZONE, year: 'numeric', month: 'long', day: 'numeric' }));
const dateTimeFormats = perLang((tag) => new Intl.DateTimeFormat(tag, { timeZone: SITE_TIME_ZONE, dateStyle: 'long', timeStyle: 'short' }));
const numberFormats = perLang((tag) => new Intl.NumberFormat(tag));
const zhNumber = (n: number) => numberFormats.zh.format(n);
const enNumber = (n: number) => numberFormats.en.format(n);

const messages = {
  zh: {
    siteName: '北京市科学技术研究院',
    siteShortName: '北京科学院',
    siteTagline: '首都综合性科研机构',
    siteDescription: '北京市科学技术研究院（北京科学院）官方网站：研究院概况、所属机构与新闻动态。',
    skipToContent: '跳到正文',
    navHome: '首页',
    navAbout: '概况',
    navInstitutions: '所属机构',
    navNews: '新闻动态',
    mainNav: '主导航',
    languageSwitch: 'English',
    languageSwitchLabel: '切换到英文版',
    breadcrumb: '当前位置',
    latestNews: '最新动态',
    allNews: '全部新闻',
    ourInstitutions: '所属机构',
    allInstitutions: '查看全部机构',
    aboutAcademy: '关于研究院',
    readMore: '了解更多',
    newsTitle: '新闻动态',
    noNews: '暂无新闻。',
    institutionsTitle: '所属机构',
    institutionsIntro: '以下为研究院及所属机构名录，按原网站顺序排列。',
    noProfile: '暂无简介',
    entryNumber: (n: number) => `第 ${n} 号`,
    address: '地址',
    phone: '电话',
    email: '电子邮箱',
    website: '网站',
    contact: '联系方式',
    previous: '上一篇',
    next: '下一篇',
    none: '没有了',
    articleNav: '前后文章',
    published: '发布时间：',
    dateUnknown: '发布日期不详',
    pagination: '分页',
    prevPage: '上一页',
    nextPage: '下一页',
    pageOf: (p: number, n: number) => `第 ${zhNumber(p)} 页，共 ${zhNumber(n)} 页`,
    notFoundTitle: '页面未找到',
    notFoundText: '您要访问的页面不存在或已被移动。',
    notFoundHelp: '您可以返回首页，或浏览以下栏目：',
    goneTitle: '内容已删除',
    goneText: '您要访问的内容已从本网站删除，不再提供。',
    errorTitle: '出错了',
    errorText: '服务器暂时无法处理您的请求，请稍后再试。',
    footerAbout: '北京市科学技术研究院',
    footerRights: '版权所有',
    footerNote: '本网站不使用第三方字体、脚本或统计服务。',
    searchTitle: '站内搜索',
    searchLabel: '搜索关键词',
    searchButton: '搜索',
    searchHint: '可输入中文或英文，多个词用空格分开。',
    searchNeedsScript: '如果搜索后没有显示结果，也可以浏览新闻列表和机构名录：',
    searchLoading: '正在搜索…',
    searchFound: '找到 {n} 条与“{q}”相关的结果。',
    searchFoundOne: '找到 1 条与“{q}”相关的结果。',
    searchFoundAbout: '找到约 {n} 条与“{q}”相关的结果。',
    searchSuggestions: '可能要找的标题',
    searchNone: '没有找到与“{q}”相关的内容。请尝试更少或不同的关键词。',
    searchFailed: '暂时无法搜索，请稍后再试。',
    searchKindArticle: '新闻',
    searchKindPage: '页面',
    searchKindInstitution: '机构',
    searchSuggestion: '试试搜索：',
    searchTypeLabel: '范围',
    searchAllTypes: '全部',
    searchLangLabel: '语言',
    searchThisLang: '仅中文',
    searchBothLangs: '中文和英文',
    searchChannelLabel: '栏目',
    searchAllChannels: '全部栏目',
    searchInstitutionLabel: '机构',
    searchAllInstitutions: '全部机构',
    searchYearLabel: '年份',
    searchAllYears: '全部年份',
    searchYear: (year: number) => `${year}年`,
    searchPrevPage: '上一页',
    searchNextPage: '下一页',
    relatedNews: '相关新闻',
    allNewsAbout: (name: string) => `${name}的全部新闻`,
    newsAbout: (name: string) => `${name}相关新闻`,
    channels: '栏目',
    subscribe: '订阅：',
    listSeparator: '、',
    noTranslation: '您刚才浏览的页面没有中文版。这里是中文网站的首页。',
  },
  en: {
    siteName: 'Beijing Academy of Science and Technology',
    siteShortName: 'BJAST',
    siteTagline: 'Multidisciplinary research for the capital',
    siteDescription: 'The Beijing Academy of Science and Technology (BJAST): the Academy, its institutions and its news.',
    skipToContent: 'Skip to main content',
    navHome: 'Home',
    navAbout: 'About',
    navInstitutions: 'Institutions',
    navNews: 'News',
    mainNav: 'Main navigation',
    languageSwitch: '中文',
    languageSwitchLabel: 'Switch to Chinese',
    breadcrumb: 'Breadcrumb',
    latestNews: 'Latest news',
    allNews: 'All news',
    ourInstitutions: 'Our institutions',
    allInstitutions: 'All institutions',
    aboutAcademy: 'About the Academy',
    readMore: 'Read more',
    newsTitle: 'News',
    noNews: 'No news yet.',
    institutionsTitle: 'Institutions',
    institutionsIntro: 'The Academy and its institutions, in the order of the directory.',
    noProfile: 'No profile yet',
    entryNumber: (n: number) => `No. ${n}`,
    address: 'Address',
    phone: 'Telephone',
    email: 'Email',
    website: 'Website',
    contact: 'Contact',
    previous: 'Previous',
    next: 'Next',
    none: 'None',
    articleNav: 'More articles',
    published: 'Published: ',
    dateUnknown: 'Date not known',
    pagination: 'Pagination',
    prevPage: 'Newer',
    nextPage: 'Older',
    pageOf: (p: number, n: number) => `Page ${enNumber(p)} of ${enNumber(n)}`,
    notFoundTitle: 'Page not found',
    notFoundText: 'The page you asked for does not exist or has moved.',
    notFoundHelp: 'You can go back to the home page, or try one of these sections:',
    goneTitle: 'Content removed',
    goneText: 'What you asked for has been removed from this site and is no longer available.',
    errorTitle: 'Something went wrong',
    errorText: 'The server could not handle your request. Please try again in a moment.',
    footerAbout: 'Beijing Academy of Science and Technology',
    footerRights: 'All rights reserved',
    footerNote: 'This site uses no third-party fonts, scripts or analytics.',
    searchTitle: 'Search',
    searchLabel: 'Search for',
    searchButton: 'Search',
    searchHint: 'Chinese or English; separate several words with spaces.',
    searchNeedsScript: 'If no results appear after you search, you can also browse the news and the institutions directory:',
    searchLoading: 'Searching…',
    searchFound: '{n} results for “{q}”.',
    searchFoundOne: '1 result for “{q}”.',
    searchFoundAbout: 'About {n} results for “{q}”.',
    searchSuggestions: 'Titles you may be looking for',
    searchNone: 'Nothing found for “{q}”. Try fewer or other words.',
    searchFailed: 'Search is not available at the moment; please try again later.',
    searchKindArticle: 'News',
    searchKindPage: 'Page',
    searchKindInstitution: 'Institution',
    searchSuggestion: 'Try: ',
    searchTypeLabel: 'Show',
    searchAllTypes: 'Everything',
    searchLangLabel: 'Language',
    searchThisLang: 'English only',
    searchBothLangs: 'English and Chinese',
    searchChannelLabel: 'Channel',
    searchAllChannels: 'All channels',
    searchInstitutionLabel: 'Institution',
    searchAllInstitutions: 'All institutions',
    searchYearLabel: 'Year',
    searchAllYears: 'All years',
    searchYear: (year: number) => String(year),
    searchPrevPage: 'Previous',
    searchNextPage: 'Next',
    relatedNews: 'Related news',
    allNewsAbout: (name: string) => `All news about ${name}`,
    newsAbout: (name: string) => `News about ${name}`,
    channels: 'Channels',
    subscribe: 'Subscribe: ',
    listSeparator: ', ',
    noTranslation: 'The page you came from is not available in English. This is the English home page.',
  },
} as const;

export type Messages = (typeof messages)['zh'] | (typeof messages)['en'];


export interface Translator {
  lang: Lang;
  m: Messages;
  /** "2020年4月9日" / "April 9, 2020", in Beijing time. */
  date(iso: string): string;
  /** With the time, unless it is midnight in Beijing: old pages that gave only a day. */
  dateTime(iso: string): string;
  /** A count, grouped as the language does ("12,345"). */
  number(n: number): string;
}

const isBeijingMidnight = (d: Date) => (d.getTime() + 8 * 3600_000) % 86_400_000 === 0;

function makeTranslator(lang: Lang): Translator {
  const date = (iso: string) => dateFormats[lang].format(new Date(iso));
  const dateTime = (iso: string) => {
    const d = new Date(iso);
    return isBeijingMidnight(d) ? dateFormats[lang].format(d) : dateTimeFormats[lang].format(d);
  };
  return { lang, m: messages[lang], date, dateTime, number: (n) => numberFormats[lang].format(n) };
}

const translators = Object.fromEntries(LANGS.map((l) => [l, makeTranslator(l)])) as Record<Lang, Translator>;
export const translator = (lang: Lang): Translator => translators[lang];
