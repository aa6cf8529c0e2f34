// Words the synthetic corpus writes with: a few hundred of the Academy's own words in each
// language, drawn with a Zipf-like skew (common words often, rare ones seldom), from a seeded
// generator, so that every run writes the same corpus and a query's hits vary as on a real site.

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
