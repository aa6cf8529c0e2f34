// The first-start demo, in our own words, built only from facts the old site's pages state.
// The seeds give no year for the school cooperation news, so its date stays unknown (null), and
// they give people's names only in Latin letters, so the Chinese article names them by office.
import type { InstitutionInput } from '../institutions/index.js';
import type { ArticleInput } from '../news/index.js';
import type { PageInput } from '../pages/index.js';
import type { Block, ListItem, RichTextDoc } from '../richtext/index.js';
import type { Lang } from '../shared/lang.js';
import { urls } from '../shared/urls.js';

const p = (text: string): Block => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const h2 = (text: string): Block => ({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text }] });
const ul = (items: readonly string[]): Block => ({
  type: 'bulletList',
  content: items.map((text): ListItem => ({ type: 'listItem', content: [p(text)] })),
});
const linkTo = (text: string, href: string): Block => ({
  type: 'paragraph',
  content: [{ type: 'text', text, marks: [{ type: 'link', attrs: { href } }] }],
});
const doc = (...content: Block[]): RichTextDoc => ({ type: 'doc', content });

/** The demo article's key: set, so that its neighbours are the old page's titles, not computed. */
export const DEMO_ARTICLE_KEY = 'demo:school-cooperation';
/** Marks the demo's institutions, so that they can be told apart from imported ones. */
export const DEMO_INSTITUTION_KEYS = ['demo:bjast', 'demo:foreign-affairs-office', 'demo:beijing-planetarium'] as const;

export interface DemoLanguage {
  about: PageInput;
  /** In the old directory's order; the load links entries of the same position across languages. */
  institutions: readonly InstitutionInput[];
  /** The channel is looked up when loading: its id belongs to the store. */
  article: Omit<ArticleInput, 'channelId'>;
}

const SIX_AREAS_ZH = [
  '城市安全与治理',
  '城市环境与生态保护',
  '高精尖技术',
  '生物医药与营养健康',
  '科技创新智库',
  '科学普及与文化传播',
] as const;

const SIX_AREAS_EN = [
  'Urban safety and governance',
  'Urban environment and ecological protection',
  'High-end, precision and cutting-edge technology',
  'Biomedicine, nutrition and health',
  'Science and technology innovation think tank',
  'Science popularization and cultural communication',
] as const;

const zh: DemoLanguage = {
  about: {
    lang: 'zh',
    slug: 'about',
    title: '本院概况',
    summary: '北京市科学技术研究院成立于1984年，是北京市人民政府直属的综合性科研机构，下设28个二级单位，现有人员5000余人。',
    status: 'published',
    position: 1,
    body: doc(
      p(
        '北京市科学技术研究院（简称“市科研院”，英文简称BJAST）成立于1984年，彼时我国科技体制改革刚刚起步。作为北京市人民政府直属的唯一一家大型高水平综合性科研机构，经过几代科研院人的接续奋斗，市科研院已发展成为拥有28个二级单位、5000余名人员的科研机构。',
      ),
      h2('使命与定位'),
      p(
        '市科研院以建设国际一流的和谐宜居之都为使命，坚持“创新强院、开放强院、人才强院、服务强院”的发展战略，聚焦应用基础研究、战略高技术研究、重大公益性研究和科技服务发展，努力成为全国科技创新中心建设和京津冀协同发展的主力军和排头兵。',
      ),
      h2('六大重点领域'),
      p('全院的科研工作覆盖以下六个重点领域：'),
      ul(SIX_AREAS_ZH),
      h2('主要举措'),
      p(
        '围绕首都“四个中心”城市战略定位，市科研院紧扣全国科技创新中心建设需求，深入实施创新驱动发展战略，着力推进科技创新新项目、科技成果转化引领项目、人才发展项目和科技条件建设项目。',
      ),
      p(
        '在平台建设上，以重点实验室为核心搭建科技创新平台，形成开放共享的运行新机制；在智库建设上，打造具有本院特色的新型科技智库，服务首都创新发展，为党和政府科学决策提供支撑；在科研攻关上，加强应用研究、高技术研究和重大科技攻关，提升研发水平和自主创新能力，培育领先的竞争优势。',
      ),
      p(
        '在成果转化上，坚持科研与产业协同发展，推动重大科技成果转化，孵化一批优秀高新技术企业；在人才队伍上，坚持以人为本，汇聚富有活力的创新人才，培养一批优秀学术带头人和科技骨干；在开放合作上，坚持开放办院，面向全球高端创新要素，构建“政产学研用”多元互联、互动协同的科技创新体系。',
      ),
      h2('展望未来'),
      p(
        '面向未来，市科研院将更加注重激发创新动力，持续深化改革，引导和激励各类创新主体和广大科技人员崇尚实干、勇于作为，把丰硕的科技创新成果转化为建设国际一流和谐宜居之都的强大力量，为全国科技创新中心建设、京津冀协同发展和科技强国建设作出新的更大贡献。',
      ),
    ),
  },
  institutions: [
    {
      lang: 'zh',
      position: 1,
      name: '北京市科学技术研究院',
      aliases: ['北京市科研院', '北京科学院', '市科研院'],
      legacyKey: DEMO_INSTITUTION_KEYS[0],
      profile: doc(
        p('北京市科学技术研究院成立于1984年，是北京市人民政府直属的综合性科研机构，下设28个二级单位，现有人员5000余人。'),
        p(
          `全院围绕${SIX_AREAS_ZH.join('、')}六大重点领域开展工作，以建设国际一流的和谐宜居之都为使命，服务全国科技创新中心建设和京津冀协同发展。`,
        ),
        linkTo('了解更多本院概况', urls.page('zh', 'about')),
      ),
    },
    {
      lang: 'zh',
      position: 2,
      name: '北京市人民政府外事办公室',
      aliases: ['北京市外办'],
      legacyKey: DEMO_INSTITUTION_KEYS[1],
      // The old directory listed this office without any text; we add none.
      profile: null,
    },
    {
      lang: 'zh',
      position: 3,
      name: '北京天文馆',
      aliases: ['天文馆'],
      legacyKey: DEMO_INSTITUTION_KEYS[2],
      address: '北京市西城区西直门外大街138号',
      profile: doc(
        p(
          '北京天文馆于1957年正式开馆，是我国第一座大型天文馆。馆区占地面积2万平方米，建筑面积2.6万平方米，现为国家AAAA级旅游景区。',
        ),
        p(
          '天文馆由A馆和B馆组成，共有4个剧场。A馆的光学天象厅是中国大陆规模最大的水平式光学天象厅：厅内的蔡司九型光学天象仪与全天域投影系统相配合，可在8K高分辨率穹幕上为400名观众同时再现9000余颗肉眼可见的恒星，还能进行天象演示、三维宇宙空间模拟和数字节目放映。',
        ),
        p(
          'B馆于2004年建成开放，设有宇宙剧场、3D剧场和4D剧场，以及天文展厅、太阳观测台、大众天文台和天文教室等科普教育设施。其中，宇宙剧场的球幕直径18米，可同时为200名观众呈现震撼的立体影像，在中国大陆独一无二。',
        ),
        p(
          '除天象节目外，天文馆还举办各类展览、天文讲座和寒暑假营等活动，组织中学生天文奥林匹克竞赛，编辑出版《天文爱好者》杂志，面向公众开放天文台，已成为孩子们身边“没有围墙的学校”。',
        ),
        p('2007年，国际小行星中心宣布将第59000号小行星命名为“Beiguan”，即“北京天文馆星”。'),
        p(
          '北京古观象台是明清两代的皇家天文台，现为北京天文馆的一部分，也是全国重点文物保护单位。台顶陈列的8件古代天文仪器均为国家一级文物，每年吸引众多中外游客前来参观。',
        ),
      ),
    },
  ],
  article: {
    lang: 'zh',
    // The automatic pinyin slug would be cut mid-phrase; this is the headline's first clause.
    slug: 'shi-ke-yan-yuan-yu-bei-jing-xue-xiao-qian-shu-he-zuo-xie-yi',
    title: '市科研院与北京学校签署合作协议，携手探索院校全面合作新路径',
    summary: '4月9日，市科研院与北京学校签署合作共建协议，“北京市科学技术研究院科技创新教育基地”同时在北京学校揭牌。',
    status: 'published',
    publishedAt: null,
    legacyKey: DEMO_ARTICLE_KEY,
    legacyPrevTitle: '市科研院参加北京市科技成果转化统筹协调与服务平台“三城一区”科技成果对接会',
    legacyNextTitle: '市科研院召开《文化科技蓝皮书：北京文化科技融合发展报告（2019～2020）》发布会',
    body: doc(
      p(
        '4月9日，北京市科学技术研究院（简称“市科研院”）与北京学校合作共建签约仪式举行。市科研院党组书记等领导出席，北京学校党委书记主持仪式。',
      ),
      p(
        '根据双方正式签署的合作协议，市科研院的科学教育资源将与北京学校的场地设施资源相结合：双方将共同推动展览展示进校园，为师生送去科学教育活动；共同组织师生到市科研院所属科普单位开展实践活动和研学活动；共同开展科技创新人才培养，支持北京学校“科普剧”等特色社团及夏令营活动；共同组织教师培训，提升教师和科技辅导员的科学素养；共同举办面向城市副中心的特色科普活动和展览，发挥社会教育的协同作用，传播创新发展理念。',
      ),
      p(
        '市科研院党组书记与北京学校校长共同为“北京市科学技术研究院科技创新教育基地”揭牌，北京学校由此正式成为市科研院的基础教育实践基地。市科研院所属的北京天文馆、北京自然博物馆、北京麋鹿生态实验中心和北京科学技术出版社有限公司为学校带来了教育教学设备、展品及各类图书资料500余件，其中包括天文望远镜5台、陨石标本3件、生物标本26件、古代天文观测仪器模型6件、孔雀4只等。',
      ),
      p('仪式上，北京学校戏剧社的同学们为来宾表演了由北京麋鹿生态实验中心原创的科普剧《小麋鹿回家》。'),
      p(
        '北京学校校长表示，与市科研院合作共建将为学校发展注入新动力。学校将依托市科研院的科普资源，把科学教育融入学校文化建设的方方面面，探索院校合作的新路子。',
      ),
      p(
        '市科研院党组书记表示，市科研院将充分发挥科技资源的特色优势，聚焦北京学校的需求，以科技创新教育基地建设为重要抓手服务城市副中心，为副中心建设提供有力支撑。',
      ),
    ),
  },
};

const en: DemoLanguage = {
  about: {
    lang: 'en',
    slug: 'about',
    title: 'About the Academy',
    summary:
      'Founded in 1984, the Beijing Academy of Science and Technology (BJAST) is a multidisciplinary research institution directly under the Beijing Municipal Government, with 28 secondary institutions and more than 5,000 people.',
    status: 'published',
    position: 1,
    body: doc(
      p(
        'The Beijing Academy of Science and Technology (BJAST) was founded in 1984, just as China began to reform its science and technology system. It is the only large, high-level multidisciplinary research institution directly under the Beijing Municipal Government. Built up by several generations of its people, it now has 28 secondary institutions and more than 5,000 people.',
      ),
      h2('Mission and strategy'),
      p(
        'The Academy’s mission is to help make Beijing a world-class, harmonious and livable capital. Its strategy is to build a strong academy through innovation, openness, talent and service. Its work centres on applied basic research, strategic high-tech research, major public-good research and science and technology services for development, and it aims to be a driving force and a pioneer both in building Beijing into a national centre for science and technology innovation and in the integrated development of Beijing, Tianjin and Hebei.',
      ),
      h2('Six priority areas'),
      p('The Academy’s research covers six priority areas:'),
      ul(SIX_AREAS_EN),
      h2('How the Academy works'),
      p(
        'Guided by Beijing’s strategic role as a “four centres” city, the Academy shapes its work around what the national science and technology innovation centre needs. It runs new innovation projects, leading projects that bring research results to market, talent development projects and projects that improve research conditions.',
      ),
      p(
        'Key laboratories are the core of its innovation platform, which is run on open and shared lines. Its think tank, with a character of its own, serves the capital’s innovative development and supports scientific decision-making by the Party and the government. The Academy is also strengthening applied research, high-tech research and work on major scientific breakthroughs, to raise its capacity for research, development and independent innovation.',
      ),
      p(
        'Research and industry grow side by side: the Academy brings major results into use and incubates high-tech companies. It puts people first, attracts creative talent and trains outstanding academic leaders and key scientific staff. Open to the world, it draws on high-end innovation resources from every country and has built an innovation system that links government, industry, universities, research institutes and users.',
      ),
      h2('Looking ahead'),
      p(
        'In the years ahead the Academy will seek new drivers of innovation and keep deepening reform, encouraging everyone who innovates, and its scientists above all, to value hard work and action. Its aim is to turn its results into real strength for building a world-class, harmonious and livable capital, and to contribute more to the national science and technology innovation centre, to the integrated development of Beijing, Tianjin and Hebei, and to making China strong in science and technology.',
      ),
    ),
  },
  institutions: [
    {
      lang: 'en',
      position: 1,
      name: 'Beijing Academy of Science and Technology',
      aliases: ['BJAST'],
      slug: 'beijing-academy-of-science-and-technology',
      legacyKey: DEMO_INSTITUTION_KEYS[0],
      profile: doc(
        p(
          'Founded in 1984, the Beijing Academy of Science and Technology (BJAST) is a multidisciplinary research institution directly under the Beijing Municipal Government. Its 28 secondary institutions have more than 5,000 people.',
        ),
        p(
          'Its work covers six priority areas, from urban safety and governance to science popularization and cultural communication, and serves its mission of helping to make Beijing a world-class, harmonious and livable capital.',
        ),
        linkTo('More about the Academy', urls.page('en', 'about')),
      ),
    },
    {
      lang: 'en',
      position: 2,
      name: "Foreign Affairs Office of the People's Government of Beijing Municipality",
      aliases: ['Beijing Foreign Affairs Office'],
      slug: 'beijing-foreign-affairs-office',
      legacyKey: DEMO_INSTITUTION_KEYS[1],
      // The old directory listed this office without any text; we add none.
      profile: null,
    },
    {
      lang: 'en',
      position: 3,
      name: 'Beijing Planetarium',
      aliases: ['the Planetarium'],
      slug: 'beijing-planetarium',
      legacyKey: DEMO_INSTITUTION_KEYS[2],
      address: 'No. 138 Xizhimenwai Main Street, Xicheng District, Beijing',
      profile: doc(
        p(
          'Beijing Planetarium opened in 1957 as the first large planetarium in China. Its site covers 20,000 square metres, with 26,000 square metres of floor space, and it is a National AAAA Tourist Attraction.',
        ),
        p(
          'Its two buildings, A and B, hold four theatres in all. The optical planetarium in Building A is the largest horizontal optical planetarium in mainland China: a Carl Zeiss Model IX star projector, working with a full-dome projection system, shows more than 9,000 naked-eye stars to 400 visitors at a time on an 8K dome. It can also demonstrate celestial phenomena, simulate space in three dimensions and show digital programmes.',
        ),
        p(
          'Building B opened in 2004. It has a space theatre, a 3D theatre and a 4D theatre, together with an astronomy exhibition hall, a solar observatory, a public observatory and astronomy classrooms. The space theatre’s 18-metre dome shows 3D images to 200 visitors at a time, something no other theatre in mainland China offers.',
        ),
        p(
          'Besides its shows, the Planetarium holds exhibitions, astronomy lectures and summer and winter camps, organizes the astronomy olympiad for secondary school students, publishes the magazine Amateur Astronomer and opens its observatory to the public: for children it has become a school without walls.',
        ),
        p('In 2007 the International Asteroid Center announced that asteroid No. 59000 had been named Beiguan, after Beijing Planetarium.'),
        p(
          'The Beijing Ancient Observatory, the royal observatory of the Ming and Qing dynasties, is now part of the Planetarium. It is a Key Cultural Relics Site under State Protection, and the eight historical astronomical instruments on its platform are Class A cultural relics that draw visitors from all over the world.',
        ),
      ),
    },
  ],
  article: {
    lang: 'en',
    slug: 'bjast-and-beijing-school-sign-cooperation-agreement',
    title: 'BJAST and Beijing School Sign Agreement to Work Together on Science Education',
    summary:
      'On April 9 BJAST and Beijing School signed a cooperation agreement, and the BJAST Science and Technology Innovation Education Base was unveiled at the school.',
    status: 'published',
    publishedAt: null,
    legacyKey: DEMO_ARTICLE_KEY,
    // Exactly as the old page gave them, so that they match should those articles be imported.
    legacyPrevTitle:
      'The BJAST participated in the "Three Cities and One District" Science and Technology Achievement Matchmaking Meeting of Beijing Municipal Science and Technology Achievement Transformation Coordination and Service Platform',
    legacyNextTitle:
      'The BJAST Held the Press Conference of "Blue Book of Culture and Technology: Annual Report on Beijing’s Culture and Technology Integrated Development (2019~2020)"',
    body: doc(
      p(
        'On April 9 the Beijing Academy of Science and Technology (BJAST) and Beijing School held a ceremony to sign an agreement on cooperation and joint development. Fang Li, Secretary of the Leading Party Members’ Group of BJAST, attended with other leaders, and Liu Jinzhen, Secretary of the Party Committee of Beijing School, chaired the ceremony.',
      ),
      p(
        'The agreement brings together BJAST’s science education resources and the school’s facilities. The partners will bring exhibitions and science education activities into the school; take teachers and students to BJAST’s science popularization units for hands-on activities and study programmes; train young talent in science and technology innovation together; and support the school’s popular science drama and other clubs, as well as its summer camps. They will also train teachers and science instructors to raise their scientific literacy, and hold science popularization events and exhibitions for Beijing’s sub-centre, so that school and society work together in education and ideas of innovative development spread.',
      ),
      p(
        'Fang Li and Liu Xiaohui, President of Beijing School, unveiled the “BJAST Science and Technology Innovation Education Base” together, making Beijing School BJAST’s practice base for basic education. Four BJAST units (Beijing Planetarium, the Beijing Museum of Natural History, the Beijing Milu Ecological Research Center and Beijing Science and Technology Publishing Co., Ltd.) brought the school more than 500 items of teaching equipment, exhibits, books and other materials, among them 5 astronomical telescopes, 3 meteorite specimens, 26 biological specimens, 6 models of ancient astronomical instruments and 4 peacocks.',
      ),
      p(
        'During the ceremony, members of the Beijing School Drama Club performed “Little Milu Going Home” for the guests, a popular science play first written by the Beijing Milu Ecological Research Center.',
      ),
      p(
        'Liu Xiaohui said the partnership would give the school new momentum. The school would draw on BJAST’s popular science resources in every part of its cultural life and look for a new way for a research institute and a school to work together.',
      ),
      p(
        'Fang Li said BJAST would make full use of its strengths in science and technology resources and focus on what Beijing School needs. Building the education base would be an important starting point for serving Beijing’s sub-centre and giving it strong support.',
      ),
    ),
  },
};

export const DEMO_CONTENT: Readonly<Record<Lang, DemoLanguage>> = { zh, en };
