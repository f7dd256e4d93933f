// The demo's knowledge base: answers a 潍城区 hotline operator gives every day. Written for the
// demo (office hours and telephone arrangements of the demo county are illustrative); where a
// statute is quoted, the quotation is the law's public text and names its source.
import type { AppContext } from '../context.ts';
import { findUnitByCode } from '../modules/org/index.ts';
import { seedArticles, type SeedArticle } from '../modules/knowledge/index.ts';
import { beijingDay } from '../platform/calendar/working-days.ts';

interface DemoArticle {
  /** '37' province-wide, else the demo county. */
  unit: '37' | '370702';
  title: string;
  categoryCode?: string;
  tags: string[];
  /** Review date in days from today; negative: already due. */
  reviewInDays: number;
  body: string;
}

const ARTICLES: DemoArticle[] = [
  {
    unit: '37',
    title: '12345 政务服务便民热线怎么用',
    categoryCode: 'INQ.PROCEDURE',
    tags: ['12345', '热线'],
    reviewInDays: 300,
    body:
      '12345 政务服务便民热线全天 24 小时受理群众的咨询、求助、投诉、举报和意见建议。\n' +
      '来电时请说清楚：事情发生的地点（具体到小区、楼号或路口）、发生的时间、涉及的单位或个人、希望得到怎样的处理。' +
      '留下联系电话，便于承办单位联系和办结后回访。\n' +
      '热线受理后会生成工单号，可凭工单号或短信中的查询码查询办理进度。一般事项按规定时限办理，办结后会进行回访，请对办理结果作出评价。\n' +
      '注意：火警、治安警情、急救等紧急情况请直接拨打 119、110、120，不要等待热线转办。',
  },
  {
    unit: '37',
    title: '人民调解不收费',
    categoryCode: 'INQ.LEGAL',
    tags: ['人民调解', '调解', '费用'],
    reviewInDays: 330,
    body:
      '人民调解委员会调解民间纠纷不收取任何费用，群众可以放心申请。\n' +
      '法律依据：《中华人民共和国人民调解法》第四条：“人民调解委员会调解民间纠纷，不收取任何费用。”\n' +
      '邻里、婚姻家庭、物业、损害赔偿等民间纠纷，可以向所在村（社区）人民调解委员会申请，也可以到镇（街道）或区联合人民调解委员会申请。' +
      '调解达成协议的，可制作人民调解协议书；双方可以在协议生效之日起三十日内共同向人民法院申请司法确认。',
  },
  {
    unit: '37',
    title: '法律援助的申请条件',
    categoryCode: 'INQ.LEGAL',
    tags: ['法律援助', '律师'],
    reviewInDays: 200,
    body:
      '法律援助是国家为经济困难的公民和符合法定条件的其他当事人无偿提供的法律咨询、代理、刑事辩护等法律服务。\n' +
      '一般条件：（一）经济困难，按当地经济困难标准认定；（二）所申请的事项属于法律援助范围，例如请求支付劳动报酬或确认劳动关系，' +
      '请求给付赡养费、抚养费、扶养费，请求社会保险待遇或社会救助，请求工伤、交通事故、医疗事故等人身损害赔偿，请求国家赔偿等' +
      '（详见《中华人民共和国法律援助法》第三十一条）。\n' +
      '追索劳动报酬、英雄烈士近亲属维护英烈名誉等情形，申请时可以不受经济困难条件限制（《法律援助法》第三十二条）。\n' +
      '申请地点：区司法局法律援助中心或各镇（街道）司法所。需携带身份证件、经济困难情况说明（个人诚信承诺）及与所申请事项有关的材料。',
  },
  {
    unit: '370702',
    title: '物业费缴纳与收费争议',
    categoryCode: 'CMP',
    tags: ['物业', '物业费', '收费'],
    reviewInDays: 90,
    body:
      '业主应当按照物业服务合同的约定按时交纳物业费。对收费项目或标准有异议的，先查看物业服务合同和小区公示的收费标准，再与物业服务企业协商。\n' +
      '协商不成的，可以向所在社区居委会或街道物业管理办公室反映，由其组织业主、物业和业主委员会三方协调；也可以向区物业纠纷人民调解委员会申请调解（免费）。\n' +
      '物业服务企业不得采取停止供电、供水、供热、供燃气等方式催交物业费。遇到这种情况可拨打 12345 投诉，热线转区住建局处理。\n' +
      '对物业服务质量不满意，不能作为拒交物业费的当然理由，建议保留照片、录音等证据，通过协商、调解或诉讼解决。',
  },
  {
    unit: '370702',
    title: '拖欠工资到哪里反映',
    categoryCode: 'DSP.WAGES',
    tags: ['欠薪', '工资', '劳动'],
    reviewInDays: 120,
    body:
      '被拖欠工资可以：\n' +
      '1. 向区人力资源和社会保障局劳动保障监察大队投诉（工作日办公，携带身份证、劳动合同或工资条、考勤记录、工作证等能证明劳动关系和欠薪数额的材料）；\n' +
      '2. 向区劳动人事争议仲裁院申请仲裁，仲裁不收费；\n' +
      '3. 拨打 12345 反映，热线转人社部门办理；工程建设领域欠薪可同时向项目所在地住建部门反映；\n' +
      '4. 申请法律援助：追索劳动报酬不受经济困难条件限制。\n' +
      '提醒来电人：不要采取堵路、爬高等过激方式，人身安全受到威胁时拨打 110。',
  },
  {
    unit: '370702',
    title: '噪音投诉：时间和受理部门',
    categoryCode: 'CMP.NOISE',
    tags: ['噪音', '噪声', '装修', '施工'],
    reviewInDays: -20,
    body:
      '夜间是指晚上十点至次日早晨六点（《中华人民共和国噪声污染防治法》第八十八条）。夜间在噪声敏感建筑物集中区域进行产生噪声的建筑施工作业，须持有证明，否则可投诉。\n' +
      '分类受理：建筑施工噪声——区住建局或综合行政执法局；商业经营、广场舞等社会生活噪声——属地派出所或综合行政执法局；' +
      '住宅楼内装修噪声——先找物业服务企业劝阻，再由社区协调；工业噪声——生态环境部门。\n' +
      '来电时请记录：噪声来源的具体位置、持续时间段、是否经常发生。正在发生的严重扰民可直接拨打 110。',
  },
  {
    unit: '370702',
    title: '户籍业务办理地点和材料',
    categoryCode: 'INQ.PROCEDURE',
    tags: ['户籍', '户口', '身份证', '派出所'],
    reviewInDays: 180,
    body:
      '户口登记、迁移、变更更正等户籍业务，在户籍所在地派出所户籍窗口办理；部分业务可通过“山东公安”政务服务平台网上申请。\n' +
      '常用材料：居民户口簿、居民身份证；新生儿入户另需出生医学证明和父母结婚证；迁入需迁入地房产证明或准予迁入证明。\n' +
      '户籍窗口工作日办公，具体时间以各派出所公示为准；节假日值班安排会在窗口和政务平台公布。材料不全时可先电话咨询所在派出所。',
  },
  {
    unit: '370702',
    title: '区综治中心（矛调中心）办公时间',
    categoryCode: 'INQ.PROCEDURE',
    tags: ['办公时间', '综治中心', '矛调中心'],
    reviewInDays: 60,
    body:
      '潍城区综治中心（矛盾纠纷调处化解中心）工作日上午 8:30—12:00、下午 13:30—17:30 对外接待（演示数据），法定节假日按国家安排调整。\n' +
      '中心设有来访接待、人民调解、法律援助、信访接待、心理服务等窗口，群众“只进一扇门”即可反映各类矛盾纠纷。\n' +
      '非工作时间可拨打 12345 热线留言，第二个工作日由中心受理；紧急情况拨打 110。',
  },
  {
    unit: '370702',
    title: '邻里纠纷怎么处理',
    categoryCode: 'DSP',
    tags: ['邻里', '纠纷', '调解'],
    reviewInDays: 150,
    body:
      '楼上漏水、占用公共通道、宠物扰民、采光通风等邻里纠纷，建议先当面沟通；沟通不成的，可请网格员或社区居委会协调。\n' +
      '仍不能解决的，可以向社区或街道人民调解委员会申请调解，调解不收费；达成协议后可申请司法确认，也可以直接向人民法院起诉。\n' +
      '受理时请问清双方住址、纠纷起因、持续时间和已做过的协调，填写在事件描述中，便于网格员上门。',
  },
  {
    unit: '370702',
    title: '婚姻家庭纠纷求助渠道',
    categoryCode: 'DSP',
    tags: ['婚姻', '家庭', '家暴', '赡养'],
    reviewInDays: 240,
    body:
      '夫妻、赡养、抚养、继承等家庭矛盾，可以向社区人民调解委员会或区妇联婚姻家庭纠纷调解委员会申请调解。\n' +
      '遭受家庭暴力的，立即拨打 110；可以向派出所、妇联、居委会求助，也可以向人民法院申请人身安全保护令。\n' +
      '老人追索赡养费、子女追索抚养费的，可以申请法律援助。',
  },
  {
    unit: '37',
    title: '消费纠纷投诉渠道',
    categoryCode: 'CMP',
    tags: ['消费', '12315', '退货'],
    reviewInDays: 210,
    body:
      '购买商品或接受服务发生纠纷，先与经营者协商；协商不成的，可以通过全国 12315 平台、12315 热线或 12345 热线向市场监督管理部门投诉。\n' +
      '投诉时需提供：经营者名称和地址、购买时间、商品或服务名称、发票或付款记录、争议的具体情况和诉求。\n' +
      '预付卡（美容美发、健身、教培等）商家跑路的，保留合同和付款凭证，同时可以向公安机关报案。',
  },
  {
    unit: '370702',
    title: '闻到燃气味怎么办',
    categoryCode: 'HAZ.GAS',
    tags: ['燃气', '煤气', '泄漏', '应急'],
    reviewInDays: 45,
    body:
      '告知来电人立即：关闭燃气总阀；打开门窗通风；不开关任何电器、不打电话（到室外安全地带再打）、不使用明火；迅速离开现场。\n' +
      '到安全地点后拨打燃气公司 24 小时抢修电话，情况严重时拨打 119。\n' +
      '热线受理此类事件不得使用直接答复办结，须按隐患事件登记并立即转调度员派单。',
  },
  {
    unit: '370702',
    title: '最低生活保障怎么申请',
    categoryCode: 'INQ.POLICY',
    tags: ['低保', '救助', '民政'],
    reviewInDays: -5,
    body:
      '共同生活的家庭成员人均收入低于当地低保标准、且家庭财产符合规定的，可以申请最低生活保障。\n' +
      '向户籍所在地镇（街道）便民服务中心社会救助窗口提出申请，也可以委托村（居）委会代为提出。需提供身份证、户口簿、家庭收入和财产情况说明，并签署授权核对书。\n' +
      '镇（街道）入户调查、公示，区民政局审批；具体标准以区民政局当年公布为准。',
  },
  {
    unit: '370702',
    title: '占道经营、流动摊贩投诉',
    categoryCode: 'CMP.STREET_VENDOR',
    tags: ['占道', '摊贩', '城管'],
    reviewInDays: 100,
    body:
      '在道路、人行道、小区出入口占道经营或流动摆摊影响通行的，由区综合行政执法局（城管）处理。\n' +
      '受理时请问清具体位置（路名、门牌或明显地标）、经营时段、摊位类型；有照片的请来电人通过网页或手机端上传，便于执法人员定位。',
  },
  {
    unit: '370702',
    title: '直接答复的使用规范',
    tags: ['直接答复', '受理规范'],
    reviewInDays: 365,
    body:
      '来电属于政策咨询、办事指南、办公时间等能够依据知识库当场答复的，受理员可以使用“直接答复”办结：事件按受理、直接答复、已办结记录，计入响应和办结。\n' +
      '答复内容应当完整回答来电人的问题，并引用所依据的知识库条目；来电人对答复不满意的，在回访时可以评价为不满意，由调度员重办。\n' +
      '涉及安全隐患、人身伤害、需要现场处置或多部门协调的事项，不得直接答复，须登记后派单。',
  },
];

/** The demo articles, once: nothing is added when the knowledge base already has any. */
export async function seedDemoKnowledge(ctx: AppContext): Promise<number> {
  const today = Date.parse(`${beijingDay(ctx.clock.now())}T00:00:00Z`);
  const units = new Map<string, number>();
  for (const code of ['37', '370702'] as const) {
    const unit = await findUnitByCode(ctx.db, code);
    if (!unit) throw new Error(`demo unit ${code} is missing`);
    units.set(code, unit.id);
  }
  const articles: SeedArticle[] = ARTICLES.map((a) => ({
    unitId: units.get(a.unit)!,
    title: a.title,
    body: a.body,
    categoryCode: a.categoryCode ?? null,
    tags: a.tags,
    reviewDue: new Date(today + a.reviewInDays * 86_400_000).toISOString().slice(0, 10),
  }));
  return seedArticles(ctx, articles);
}
