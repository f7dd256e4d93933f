// A few thousand realistic cases in 潍城区 for the demo: every category and status, Chinese
// reports that read like real ones, deterministic (the same seed gives the same cases), written
// in bulk with their assignments, timelines and search index.
import { CompiledQuery, sql, type Insertable } from 'kysely';
import type { AppContext, Trx } from '../context.ts';
import type { DialectName } from '../platform/db/database.ts';
import { addWorkingDays, beijingDay, yellowCardAt, type WorkCalendar } from '../platform/calendar/working-days.ts';
import { loadWorkCalendar } from '../modules/calendar/index.ts';
import {
  indexCaseTexts,
  searchText,
  type CaseAssignmentTable,
  type CaseEventTable,
  type CaseRecordTable,
} from '../modules/cases/index.ts';
import { multiPolygonContains, type MultiPolygon } from '../modules/org/geo.ts';
import { addCaseStats, pauseCaseStats, resumeCaseStats } from '../modules/cases/stats.repository.ts';
import type { CaseStatus } from '../../common/workflow.ts';

/** mulberry32: a small deterministic generator. */
function generator(seed: number) {
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

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎';
const GIVEN = [
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
const ROADS = [
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
const TEMPLATES: Record<string, string[]> = {
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

const RESULTS = [
  '经现场核查，已督促相关方整改到位，群众反映问题已解决',
  '经调解，双方达成一致意见并签订调解协议',
  '已协调相关部门处理完毕，并向群众反馈处理结果',
  '已依法依规处理，现场已恢复正常',
];
const CHANNELS = [
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

interface Grid {
  id: number;
  path: string;
  township: string;
  shape: MultiPolygon;
  box: [number, number, number, number];
}

function fill(template: string, rnd: ReturnType<typeof generator>): string {
  return template
    .replace(/\{estate\}/g, () => rnd.pick(ESTATES))
    .replace(/\{road\}/g, () => rnd.pick(ROADS))
    .replace(/\{time\}/g, () => rnd.pick(TIMES))
    .replace(/\{n\}/g, () => String(rnd.int(2, 30)));
}

function statusFor(ageDays: number, rnd: ReturnType<typeof generator>): CaseStatus {
  const r = rnd.next();
  if (ageDays < 3) return r < 0.45 ? 'registered' : r < 0.75 ? 'dispatched' : r < 0.95 ? 'in_progress' : 'resolved';
  if (ageDays < 15)
    return r < 0.05
      ? 'registered'
      : r < 0.12
        ? 'dispatched'
        : r < 0.45
          ? 'in_progress'
          : r < 0.7
            ? 'resolved'
            : r < 0.95
              ? 'closed'
              : 'cancelled';
  return r < 0.02 ? 'in_progress' : r < 0.07 ? 'resolved' : r < 0.95 ? 'closed' : 'cancelled';
}

function validPhone(rnd: ReturnType<typeof generator>): string {
  return `1${rnd.pick(['35', '38', '39', '50', '58', '86', '87', '88', '36', '77'])}${String(rnd.int(0, 99_999_999)).padStart(8, '0')}`;
}

/** Deadlines depend only on the start's Beijing day and the count: memoise them for bulk runs. */
function memoisedDeadlines(calendar: WorkCalendar) {
  const add = new Map<number, Date>();
  const yellow = new Map<number, Date>();
  return {
    add(start: Date, days: number): Date {
      const key = beijingDayNumber(start) * 1000 + days;
      let value = add.get(key);
      if (!value) add.set(key, (value = addWorkingDays(calendar, start, days)));
      return value;
    },
    yellow(deadline: Date): Date {
      let value = yellow.get(deadline.getTime());
      if (!value) yellow.set(deadline.getTime(), (value = yellowCardAt(calendar, deadline)));
      return value;
    },
  };
}

/** Days since 1970 in Beijing time: a cheap key for "the same Beijing day". */
const beijingDayNumber = (instant: Date) => Math.floor((instant.getTime() + 8 * 3600_000) / 86_400_000);

/** Cases are generated and written in chunks of this many, each in its own transaction. */
const CHUNK = 5000;

/** Bound parameters per INSERT on SQLite: well under its limit of 32,766. */
const PARAMETERS_PER_INSERT = 8000;
/** Rows per INSERT on PostgreSQL, sent as one JSON parameter. */
const ROWS_PER_JSON_INSERT = 10_000;

const insertTexts = new Map<string, string>();

/**
 * Multi-row INSERTs from SQL text built once per table and row count: a bulk load spends its
 * time in the database, not in building a query object per row. SQLite binds the values (and
 * reuses the prepared statement); PostgreSQL gets the rows as one JSON document, which it
 * parses far faster than thousands of bound parameters.
 */
async function insertRows<Row extends object>(
  trx: Trx,
  dialect: DialectName,
  table: string,
  columns: readonly (keyof Row & string)[],
  rows: Row[],
  returning?: string,
): Promise<Record<string, unknown>[]> {
  const returned: Record<string, unknown>[] = [];
  const names = columns.map((c) => `"${c}"`).join(', ');
  const tail = returning ? ` returning ${returning}` : '';
  if (dialect === 'postgres') {
    const text = `insert into "${table}" (${names}) select ${names} from json_populate_recordset(null::"${table}", $1::json)${tail}`;
    for (let start = 0; start < rows.length; start += ROWS_PER_JSON_INSERT) {
      const batch = JSON.stringify(rows.slice(start, start + ROWS_PER_JSON_INSERT));
      returned.push(...(await trx.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, [batch]))).rows);
    }
    return returned;
  }
  const perInsert = Math.max(1, Math.floor(PARAMETERS_PER_INSERT / columns.length));
  for (let start = 0; start < rows.length; start += perInsert) {
    const batch = rows.slice(start, start + perInsert);
    const key = `${table} ${batch.length} ${tail}`;
    let text = insertTexts.get(key);
    if (text === undefined) {
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      text = `insert into "${table}" (${names}) values ${batch.map(() => tuple).join(', ')}${tail}`;
      insertTexts.set(key, text);
    }
    const parameters: unknown[] = [];
    for (const row of batch) for (const column of columns) parameters.push(row[column] ?? null);
    returned.push(...(await trx.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, parameters))).rows);
  }
  return returned;
}

const CASE_COLUMNS = [
  'number',
  'title',
  'description',
  'kind',
  'category_code',
  'channel',
  'status',
  'version',
  'region_id',
  'region_path',
  'grid_id',
  'centre_id',
  'lead_unit_id',
  'lng',
  'lat',
  'address',
  'reporter_name',
  'reporter_phone_enc',
  'reporter_phone_hash',
  'reporter_phone_last4_hash',
  'reporter_user_id',
  'created_by',
  'created_at',
  'updated_at',
  'stage',
  'stage_deadline',
  'yellow_at',
  'yellow_carded_at',
  'red_carded_at',
  'supervise_noticed_at',
  'handle_deadline',
  'extension_days',
  'extension_pending',
  'return_count',
  'reopen_count',
  'supervise_count',
  'resolved_at',
  'result',
  'closed_at',
  'rating',
  'merged_into_id',
  'search_text',
] as const satisfies readonly (keyof Insertable<CaseRecordTable>)[];

const EVENT_COLUMNS = [
  'case_id',
  'seq',
  'action',
  'from_status',
  'to_status',
  'actor_user_id',
  'actor_name',
  'actor_role',
  'actor_unit_id',
  'at',
  'data',
] as const satisfies readonly (keyof Insertable<CaseEventTable>)[];

const ASSIGNMENT_COLUMNS = [
  'case_id',
  'unit_id',
  'role',
  'active',
  'deadline',
  'reported_at',
  'note',
  'created_at',
] as const satisfies readonly (keyof Insertable<CaseAssignmentTable>)[];

export async function seedDemoCases(
  ctx: AppContext,
  count = 3000,
  seed = 20_201_902,
  onProgress?: (written: number) => void,
  options: {
    /** A bulk load that rebuilds its indexes afterwards analyses them itself. */
    analyze?: boolean;
    /** Cases per transaction (bulk loads: more per transaction, fewer rollup rows to update). */
    chunk?: number;
    /** Runs first in each transaction (a bulk load's session settings). */
    beginChunk?: (trx: Trx) => Promise<void>;
  } = {},
): Promise<number> {
  const chunk = options.chunk ?? CHUNK;
  if (count === 0) return 0;
  const existing = await ctx.db
    .selectFrom('case_record')
    .select('id')
    .where('number', 'like', '370702-%-D%')
    .limit(1)
    .executeTakeFirst();
  if (existing) return 0;
  const rnd = generator(seed);
  const calendar = await loadWorkCalendar(ctx.db);
  const now = ctx.clock.now();
  const gridRows = await ctx.db
    .selectFrom('org_unit')
    .innerJoin('org_geometry', 'org_geometry.unit_id', 'org_unit.id')
    .select([
      'org_unit.id',
      'org_unit.path',
      'org_unit.code',
      'org_geometry.geojson',
      'org_geometry.min_lng',
      'org_geometry.min_lat',
      'org_geometry.max_lng',
      'org_geometry.max_lat',
    ])
    .where('org_unit.level', '=', 'grid')
    .where('org_unit.kind', '=', 'basic')
    .where('org_unit.code', 'like', '370702%')
    .orderBy('org_unit.code')
    .execute();
  const grids: Grid[] = gridRows.map((g) => ({
    id: g.id,
    path: g.path,
    township: g.code.slice(0, 9),
    shape: JSON.parse(g.geojson) as MultiPolygon,
    box: [g.min_lng, g.min_lat, g.max_lng, g.max_lat],
  }));
  const units = await ctx.db
    .selectFrom('org_unit')
    .select(['id', 'code', 'name'])
    .where('code', 'like', '370702%-%')
    .execute();
  const unitByCode = new Map(units.map((u) => [u.code, u]));
  const categories = await ctx.db
    .selectFrom('category')
    .selectAll()
    .where('owner_level', 'is not', null)
    .orderBy('sort')
    .execute();
  const staff = await ctx.db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name'])
    .where('username', 'in', ['dispatcher', 'operator', 'department', 'gridworker', 'resident'])
    .execute();
  const person = (username: string) => staff.find((s) => s.username === username);

  const deadlines = memoisedDeadlines(calendar);
  const years = new Map<number, string>();
  const yearOf = (instant: Date) => {
    const day = beijingDayNumber(instant);
    let year = years.get(day);
    if (year === undefined) years.set(day, (year = beijingDay(instant).slice(0, 4)));
    return year;
  };
  // Bulk runs repeat texts and reporters: segment and seal each distinct one once.
  const segmented = new Map<string, string>();
  const segment = (text: string) => {
    let value = segmented.get(text);
    if (value === undefined) segmented.set(text, (value = searchText(text)));
    return value;
  };
  const words = (text: string, address: string) =>
    [...new Set(`${segment(text)} ${segment(address)}`.split(' '))].join(' ');
  const pool: { name: string; phoneEnc: string; phoneHash: string; last4Hash: string }[] = [];
  const poolSize = Math.max(200, Math.min(50_000, Math.floor(count / 5)));
  const reporters = (r: ReturnType<typeof generator>) => {
    const index = r.int(0, poolSize - 1);
    if (!pool[index]) {
      const phone = validPhone(r);
      pool[index] = {
        name: `${r.pick([...SURNAMES])}${r.pick(GIVEN)}`,
        phoneEnc: ctx.cipher.encrypt(phone),
        phoneHash: ctx.cipher.blindIndex(phone),
        last4Hash: ctx.cipher.blindIndex(phone.slice(-4)),
      };
    }
    return pool[index];
  };
  // A chunk is written while the next one is generated: PostgreSQL inserts in its own process
  // meanwhile (SQLite, in this thread, simply takes turns).
  let writing: Promise<void> = Promise.resolve();
  for (let start = 0; start < count; start += chunk) {
    const cases: Insertable<CaseRecordTable>[] = [];
    const plans: {
      status: CaseStatus;
      created: Date;
      leadUnitId: number | null;
      result: string | null;
      rating: CaseRecordTable['rating'];
    }[] = [];
    for (let i = start; i < Math.min(count, start + chunk); i++) {
      if (i % 1000 === 999) await new Promise((resolve) => setImmediate(resolve));
      const category = rnd.pick(categories);
      const grid = rnd.pick(grids);
      let point: [number, number] = [(grid.box[0] + grid.box[2]) / 2, (grid.box[1] + grid.box[3]) / 2];
      for (let tries = 0; tries < 30; tries++) {
        const candidate: [number, number] = [
          grid.box[0] + rnd.next() * (grid.box[2] - grid.box[0]),
          grid.box[1] + rnd.next() * (grid.box[3] - grid.box[1]),
        ];
        if (multiPolygonContains(grid.shape, candidate)) {
          point = candidate;
          break;
        }
      }
      const ageDays = rnd.next() ** 1.6 * 90;
      const created = new Date(now.getTime() - ageDays * 86_400_000 - rnd.int(0, 3600) * 1000);
      const status = statusFor(ageDays, rnd);
      const ownerRegion = category.owner_level === 'county' ? '370702' : grid.township;
      const lead =
        unitByCode.get(`${ownerRegion}-${category.owner_unit}`) ?? unitByCode.get(`370702-${category.owner_unit}`);
      const centre = unitByCode.get(`${ownerRegion}-centre`) ?? unitByCode.get('370702-centre')!;
      const description = fill(rnd.pick(TEMPLATES[category.code] ?? ['群众反映{road}附近存在问题，请求处理']), rnd);
      const estateAddress = `${rnd.pick(ROADS)}${rnd.int(1, 300)}号`;
      // Residents report more than once: draw from a pool of reporters, sealed once each.
      const reporter = reporters(rnd);
      const assigned = status !== 'registered' && !(status === 'cancelled' && rnd.next() < 0.5);
      const triageDeadline = deadlines.add(created, 1);
      const handleDeadline = deadlines.add(created, category.handle_days);
      const rating: CaseRecordTable['rating'] =
        status === 'closed'
          ? rnd.pick([
              'satisfied',
              'satisfied',
              'satisfied',
              'basically_satisfied',
              'basically_satisfied',
              'unsatisfied',
            ] as const)
          : null;
      const result = status === 'resolved' || status === 'closed' ? rnd.pick(RESULTS) : null;
      const stageName =
        status === 'registered'
          ? 'triage'
          : status === 'dispatched'
            ? 'accept'
            : status === 'in_progress'
              ? 'handle'
              : null;
      const stageDeadline =
        stageName === 'triage'
          ? triageDeadline
          : stageName === 'accept'
            ? deadlines.add(created, 1)
            : stageName === 'handle'
              ? handleDeadline
              : null;
      const title = `${category.name}：${description}`.slice(0, 60);
      cases.push({
        number: `370702-${yearOf(created)}-D${String(i + 1).padStart(6, '0')}`,
        title,
        description,
        kind: category.kind,
        category_code: category.code,
        channel: rnd.pick(CHANNELS),
        status,
        version: 1,
        region_id: grid.id,
        region_path: grid.path,
        grid_id: grid.id,
        centre_id: centre.id,
        lead_unit_id: assigned ? (lead?.id ?? null) : null,
        lng: point[0],
        lat: point[1],
        address: estateAddress,
        reporter_name: reporter.name,
        reporter_phone_enc: reporter.phoneEnc,
        reporter_phone_hash: reporter.phoneHash,
        reporter_phone_last4_hash: reporter.last4Hash,
        reporter_user_id: null,
        created_by: person('operator')?.id ?? null,
        created_at: created.toISOString(),
        updated_at: created.toISOString(),
        stage: stageName,
        stage_deadline: stageDeadline?.toISOString() ?? null,
        yellow_at: stageDeadline ? deadlines.yellow(stageDeadline).toISOString() : null,
        yellow_carded_at: null,
        red_carded_at: null,
        supervise_noticed_at: null,
        handle_deadline: assigned ? handleDeadline.toISOString() : null,
        extension_days: 0,
        extension_pending: null,
        return_count: 0,
        reopen_count: 0,
        supervise_count: 0,
        resolved_at: result
          ? new Date(
              created.getTime() + rnd.int(1, Math.max(1, Math.floor(ageDays * 0.8))) * 3600_000 * 6,
            ).toISOString()
          : null,
        result,
        closed_at:
          status === 'closed' || status === 'cancelled'
            ? new Date(Math.min(now.getTime(), created.getTime() + (ageDays * 0.9 + 0.2) * 86_400_000)).toISOString()
            : null,
        rating,
        merged_into_id: null,
        search_text: words(`${category.name} ${description}`, estateAddress),
      });
      plans.push({ status, created, leadUnitId: assigned ? (lead?.id ?? null) : null, result, rating });
    }

    await writing;
    const written = Math.min(count, start + chunk);
    writing = ctx.db.transaction().execute(async (trx) => {
      await options.beginChunk?.(trx);
      // The rollup triggers skip this transaction; its cases are added to them in one pass.
      await pauseCaseStats(trx, now);
      const returned = await insertRows(trx, ctx.dialect, 'case_record', CASE_COLUMNS, cases, 'id, number');
      const idOf = new Map(returned.map((r) => [r.number as string, Number(r.id)]));
      const inserted = cases.map((c) => ({ id: idOf.get(c.number)!, search_text: c.search_text }));
      const responded = await writeHistory(ctx, trx, deadlines, inserted, plans, staff);
      await addCaseStats(
        trx,
        ctx.dialect,
        cases.map((c, i) => ({
          region_path: c.region_path,
          created_at: c.created_at,
          status: c.status,
          category_code: c.category_code,
          rating: c.rating ?? null,
          resolved_at: c.resolved_at ?? null,
          handle_deadline: c.handle_deadline ?? null,
          stage_deadline: c.stage_deadline ?? null,
          responded: responded.has(inserted[i]!.id),
        })),
      );
      await resumeCaseStats(trx);
    });
    writing = writing.then(() => onProgress?.(written));
    // Awaited before the next chunk (or after the last); not an unhandled rejection meanwhile.
    writing.catch(() => undefined);
  }
  await writing;
  // Fresh planner statistics after a bulk load (both engines understand ANALYZE).
  if (options.analyze !== false) await sql`analyze`.execute(ctx.db);
  await ctx.db.transaction().execute((trx) =>
    ctx.audit.append(
      trx,
      {
        actor: null,
        action: 'demo.seed_cases',
        subjectType: 'case',
        subjectId: null,
        outcome: 'success',
        details: { count, seed },
      },
      now,
    ),
  );
  return count;
}

async function writeHistory(
  ctx: AppContext,
  trx: Trx,
  deadlines: ReturnType<typeof memoisedDeadlines>,
  inserted: { id: number; search_text: string }[],
  plans: {
    status: CaseStatus;
    created: Date;
    leadUnitId: number | null;
    result: string | null;
    rating: CaseRecordTable['rating'];
  }[],
  staff: { id: number; username: string; display_name: string }[],
): Promise<Set<number>> {
  const byName = new Map(staff.map((s) => [s.username, s]));
  const who = (username: string) => byName.get(username);
  const events: Insertable<CaseEventTable>[] = [];
  const assignments: Insertable<CaseAssignmentTable>[] = [];
  inserted.forEach((row, index) => {
    const plan = plans[index]!;
    let seq = 0;
    let at = plan.created.getTime();
    const push = (
      action: string,
      from: string | null,
      to: string,
      username: string,
      data: Record<string, unknown> = {},
    ) => {
      const actor = who(username);
      events.push({
        case_id: row.id,
        seq: ++seq,
        action,
        from_status: from,
        to_status: to,
        actor_user_id: actor?.id ?? null,
        actor_name: actor?.display_name ?? null,
        actor_role: null,
        actor_unit_id: null,
        at: new Date(at).toISOString(),
        data: JSON.stringify(data),
      });
      at += 3 * 3600_000;
    };
    push('register', null, 'registered', 'operator');
    if (plan.leadUnitId !== null) {
      push('dispatch', 'registered', 'dispatched', 'dispatcher', { leadUnitId: plan.leadUnitId });
      assignments.push({
        case_id: row.id,
        unit_id: plan.leadUnitId,
        role: 'lead',
        active: 1,
        deadline: deadlines.add(plan.created, 5).toISOString(),
        reported_at: null,
        note: null,
        created_at: plan.created.toISOString(),
      });
      if (plan.status !== 'dispatched' && plan.status !== 'cancelled')
        push('accept', 'dispatched', 'in_progress', 'department');
    }
    if (plan.result) push('resolve', 'in_progress', 'resolved', 'department', { result: plan.result });
    if (plan.status === 'closed')
      push('rate', 'resolved', plan.rating === 'unsatisfied' ? 'resolved' : 'closed', 'resident', {
        rating: plan.rating,
      });
    if (plan.status === 'closed' && plan.rating === 'unsatisfied')
      push('close', 'resolved', 'closed', 'dispatcher', { note: '已向群众解释说明' });
    if (plan.status === 'cancelled')
      push('cancel', plan.leadUnitId ? 'dispatched' : 'registered', 'cancelled', 'dispatcher', {
        reason: '重复反映，已合并处理',
      });
  });
  await insertRows(trx, ctx.dialect, 'case_event', EVENT_COLUMNS, events);
  await insertRows(trx, ctx.dialect, 'case_assignment', ASSIGNMENT_COLUMNS, assignments);
  for (let i = 0; i < inserted.length; i += 1000) await indexCaseTexts(trx, ctx.dialect, inserted.slice(i, i + 1000));
  // The cases that count as responded (响应): dispatched, accepted or resolved on the spot.
  return new Set(
    events
      .filter(
        (e) =>
          e.action === 'dispatch' ||
          e.action === 'accept' ||
          (e.action === 'resolve' && e.from_status === 'registered'),
      )
      .map((e) => e.case_id),
  );
}
