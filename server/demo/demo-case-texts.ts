// What the demo cases say: Chinese names, estates, roads and report templates per category that
// read like real ones, and the small deterministic generator that picks among them (the same
// seed gives the same cases).
/** mulberry32: a small deterministic generator. */
export function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return { next, pick, int };
}

export const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎';
export const GIVEN = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
  '建国',
  '海燕',
  '志强',
  '玉兰',
  '春梅',
  '立新',
  '红梅',
];
const ESTATES = [
  '阳光花园',
  '金宝花园',
  '和平小区',
  '幸福里',
  '城关新村',
  '胜利东街小区',
  '锦绣华庭',
  '东风家园',
  '福寿街宿舍',
  '翠竹园',
  '鸢都花园',
  '白浪河畔',
  '文化路小区',
  '光明新苑',
  '望留新村',
];
export const ROADS = [
  '胜利西街',
  '和平路',
  '向阳路',
  '东风西街',
  '健康街',
  '福寿西街',
  '北宫西街',
  '月河路',
  '仓南街',
  '西环路',
  '友爱路',
  '青年路',
];
const TIMES = [
  '每天晚上十点以后',
  '连续一周',
  '近半个月来',
  '每逢周末',
  '今天早上',
  '最近几天',
  '夜里两三点',
  '已经一个多月',
];

/** Report templates per category: {estate} {road} {time} {n} are filled in. */
export const TEMPLATES: Record<string, string[]> = {
  'DSP.NEIGHBOUR': [
    '{estate}{n}号楼楼上邻居{time}在家跺脚、拖动家具，多次沟通无果，双方发生争吵',
    '{estate}两户邻居因楼道堆放杂物产生矛盾，{time}多次发生口角，请求社区调解',
  ],
  'DSP.FAMILY': [
    '{estate}一对夫妻因赡养老人问题{time}争吵不断，老人生活无人照料，请求调解',
    '兄弟三人因父母房产分割产生纠纷，{time}多次争执，要求村委会出面调解',
  ],
  'DSP.PROPERTY': [
    '{estate}业主与物业公司因物业费上涨发生纠纷，{n}户业主拒缴物业费',
    '{estate}地下车库漏水，物业与业主就维修费用分担争执不下',
  ],
  'DSP.LABOUR': [
    '{road}一家餐饮店解除{n}名员工劳动合同未支付经济补偿，员工要求调解',
    '某物流公司员工工伤后公司拒绝认定，双方就赔偿金额产生争议',
  ],
  'DSP.WAGES': [
    '{road}建筑工地拖欠{n}名农民工工资{time}未发放，工人情绪激动',
    '装修公司拖欠工人工资三个月共计{n}万元，多次讨要无果',
  ],
  'DSP.LAND': [
    '村民之间因土地承包经营权边界不清发生纠纷，{time}多次争吵',
    '村集体土地流转后租金未按期支付，{n}户村民要求解决',
  ],
  'DSP.HOMESTEAD': [
    '两户村民因宅基地界址产生争议，一方建房占用另一方通道',
    '村民翻建房屋时越界{n}米，邻居阻止施工引发冲突',
  ],
  'DSP.MEDICAL': [
    '患者家属对手术结果不满，认为医院存在过错，要求赔偿',
    '老人在诊所输液后出现不良反应，家属与诊所就责任承担发生纠纷',
  ],
  'DSP.TRAFFIC': [
    '{road}与{road}交叉口两车剐蹭，双方就赔偿金额协商不成',
    '电动车与行人相撞致行人受伤，双方就医药费承担产生争议',
  ],
  'DSP.CONSUMER': [
    '消费者在{road}某商场购买的家电质量问题，商家拒绝退换',
    '健身房突然停业，{n}名会员预付卡余额无法退还',
  ],
  'DSP.FINANCE': ['亲戚之间借款{n}万元到期未还，出借人多次催要无果', '民间借贷利息约定不明，双方就还款金额产生争议'],
  'DSP.DAMAGES': [
    '{estate}楼上住户家中漏水，导致楼下住户装修受损，赔偿未谈妥',
    '邻居家的狗咬伤小孩，双方就医疗费用承担产生纠纷',
  ],
  'DSP.CONTRACT': [
    '房屋租赁合同到期，房东不退押金，租户请求调解',
    '装修合同约定工期{n}天，装修公司严重拖期，业主要求赔偿',
  ],
  'DSP.DEMOLITION': ['{road}片区改造中部分住户对补偿标准有异议，拒绝搬迁', '拆迁安置房交付延期{time}，安置户要求说法'],
  'CMP.NOISE': [
    '{estate}附近烧烤店{time}噪音扰民，影响居民休息',
    '{road}工地夜间施工噪音严重，{time}无法入睡',
    '{estate}广场舞音响声音过大，{time}持续到很晚',
  ],
  'CMP.POLLUTION': ['{road}附近工厂排放刺鼻气味，{time}居民开窗困难', '河道出现大量污水排入，水体发黑发臭'],
  'CMP.STREET_VENDOR': ['{road}路口早市占道经营，车辆和行人通行困难', '{estate}门口流动摊贩占用人行道，垃圾随意丢弃'],
  'CMP.ILLEGAL_BUILDING': ['{estate}{n}号楼顶层住户私自搭建阳光房', '{road}沿街商铺违规加盖二层，存在安全隐患'],
  'CMP.FOOD_SAFETY': ['在{road}某饭店就餐后多人出现腹泻症状', '超市出售过期食品，消费者要求查处'],
  'CMP.PRICE': ['{road}某停车场收费标准未公示，乱收停车费', '景区周边商铺商品价格明显高于标价'],
  'CMP.PROPERTY_SERVICE': ['{estate}物业不作为，楼道灯损坏{time}无人维修', '{estate}小区垃圾清运不及时，异味严重'],
  'CMP.HEATING': ['{estate}{n}号楼暖气不热，室温只有十几度', '供暖开始后{estate}部分住户暖气仍未通暖'],
  'CMP.MEDICAL_SERVICE': ['社区卫生服务站工作人员服务态度差', '医院挂号排队时间过长，老年人就医不便'],
  'CMP.PUBLIC_ORDER': ['{road}附近有人聚众酗酒闹事，{time}影响周边居民', '{estate}小区多辆电动车电瓶被盗'],
  'REQ.ASSISTANCE': ['{estate}一位独居老人生活困难，希望申请临时救助', '因病致贫家庭申请低保，请求帮助办理'],
  'REQ.ELDERLY': ['八十岁独居老人需要上门助餐服务', '希望社区增设老年人日间照料场所'],
  'REQ.EMPLOYMENT': ['失业人员咨询再就业培训报名', '高校毕业生希望获得就业岗位信息'],
  'REQ.LEGAL_AID': ['经济困难群众遭遇欠薪，申请法律援助', '残疾人权益受损，请求免费法律帮助'],
  'REQ.PSYCHOLOGICAL': ['一名中学生家长反映孩子情绪低落，希望获得心理疏导', '长期失业人员情绪不稳定，家属请求心理帮助'],
  'HAZ.WORK_SAFETY': ['{road}一家小作坊违规存放易燃品', '建筑工地高空作业未系安全带，存在安全隐患'],
  'HAZ.FIRE': ['{estate}楼道内电动车违规充电，飞线现象严重', '{estate}消防通道被车辆长期占用'],
  'HAZ.GAS': ['{estate}{n}号楼道内有明显燃气异味', '{road}沿街餐馆液化气罐存放不规范'],
  'HAZ.ROAD': ['{road}人行道井盖缺失，夜间行人易跌落', '{road}路面塌陷形成大坑，车辆通行危险'],
  'HAZ.GEOLOGICAL': ['村后山体出现裂缝，雨后有滑坡危险', '河堤局部出现管涌迹象'],
  'HAZ.DANGEROUS_HOUSE': ['{estate}老旧楼房外墙出现大面积裂缝', '村内一处危房仍有老人居住'],
  'INQ.POLICY': ['咨询城乡居民医保缴费政策', '咨询老旧小区改造的申请条件'],
  'INQ.PROCEDURE': ['咨询办理居住证需要哪些材料', '咨询新生儿落户办理流程'],
  'INQ.LEGAL': ['咨询离婚后子女抚养费如何确定', '咨询租房合同提前解约的法律责任'],
  'SUG.URBAN': ['建议在{road}增设过街斑马线和红绿灯', '建议{road}两侧增加共享单车停放点'],
  'SUG.COMMUNITY': ['建议{estate}增设电动车集中充电桩', '建议社区定期组织老年人健康讲座'],
  'SUG.OTHER': ['建议延长社区图书室开放时间', '建议公交车增加早高峰班次'],
};

export const RESULTS = [
  '经现场核查，已督促相关方整改到位，群众反映问题已解决',
  '经调解，双方达成一致意见并签订调解协议',
  '已协调相关部门处理完毕，并向群众反馈处理结果',
  '已依法依规处理，现场已恢复正常',
];
export const CHANNELS = [
  'hotline',
  'hotline',
  'hotline',
  'window',
  'web',
  'grid_patrol',
  'grid_patrol',
  'court_referral',
  'police_referral',
  'petition_referral',
] as const;

export function fill(template: string, rnd: Random): string {
  return template
    .replace(/\{estate\}/g, () => rnd.pick(ESTATES))
    .replace(/\{road\}/g, () => rnd.pick(ROADS))
    .replace(/\{time\}/g, () => rnd.pick(TIMES))
    .replace(/\{n\}/g, () => String(rnd.int(2, 30)));
}

export function validPhone(rnd: Random): string {
  return `1${rnd.pick(['35', '38', '39', '50', '58', '86', '87', '88', '36', '77'])}${String(rnd.int(0, 99_999_999)).padStart(8, '0')}`;
}

export type Random = ReturnType<typeof generator>;
