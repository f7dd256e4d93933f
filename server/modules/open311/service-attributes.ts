// Which services ask for more than a description and a place (GeoReport's service definition):
// data, not code. Each attribute is one question with its datatype; answers arrive as
// `attribute[code]=…` on POST requests and are checked against this (attribute-answers.ts).
// Codes are stable identifiers clients store; names are bilingual for the client's form.

export type AttributeDatatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

export interface ServiceAttribute {
  code: string;
  datatype: AttributeDatatype;
  /** false: information shown to the user, never answered (GeoReport's `variable`). */
  variable: boolean;
  required: boolean;
  description: string;
  datatypeDescription?: string;
  values?: readonly { key: string; name: string }[];
}

export interface ServiceExtras {
  /** Words a client may match on, besides the category's own names. */
  keywords?: readonly string[];
  attributes?: readonly ServiceAttribute[];
}

const YES_NO = [
  { key: 'yes', name: '是 / Yes' },
  { key: 'no', name: '否 / No' },
] as const;

const observedAt = (required: boolean): ServiceAttribute => ({
  code: 'observed_at',
  datatype: 'datetime',
  variable: true,
  required,
  description: '发现时间 / When it was seen',
  datatypeDescription: 'ISO 8601 with an offset, e.g. 2026-12-03T21:30:00+08:00',
});

export const SERVICE_EXTRAS: Readonly<Record<string, ServiceExtras>> = {
  'CMP.NOISE': {
    keywords: ['noise', '噪音', '扰民', '施工噪声'],
    attributes: [
      {
        code: 'noise_time',
        datatype: 'singlevaluelist',
        variable: true,
        required: true,
        description: '噪音通常在什么时段 / When does the noise usually happen',
        values: [
          { key: 'day', name: '白天 (6-18时) / Daytime (6:00-18:00)' },
          { key: 'evening', name: '傍晚 (18-22时) / Evening (18:00-22:00)' },
          { key: 'night', name: '夜间 (22-6时) / Night (22:00-6:00)' },
          { key: 'all_day', name: '全天 / All day' },
        ],
      },
      {
        code: 'noise_source',
        datatype: 'singlevaluelist',
        variable: true,
        required: false,
        description: '噪音来源 / Source of the noise',
        values: [
          { key: 'construction', name: '建筑施工 / Construction' },
          { key: 'business', name: '商铺经营 / Shop or business' },
          { key: 'neighbour', name: '邻居 / Neighbour' },
          { key: 'traffic', name: '交通 / Traffic' },
          { key: 'other', name: '其他 / Other' },
        ],
      },
      {
        code: 'noise_days',
        datatype: 'multivaluelist',
        variable: true,
        required: false,
        description: '哪些日子 / On which days',
        values: [
          { key: 'weekday', name: '工作日 / Weekdays' },
          { key: 'weekend', name: '周末 / Weekends' },
          { key: 'holiday', name: '节假日 / Holidays' },
        ],
      },
    ],
  },
  'CMP.POLLUTION': {
    keywords: ['pollution', '污染', '异味', '排污'],
    attributes: [
      {
        code: 'pollution_type',
        datatype: 'multivaluelist',
        variable: true,
        required: true,
        description: '污染类型 / Kind of pollution',
        values: [
          { key: 'air', name: '大气 / Air' },
          { key: 'water', name: '水体 / Water' },
          { key: 'soil', name: '土壤 / Soil' },
          { key: 'odour', name: '异味 / Odour' },
          { key: 'waste', name: '固体废物 / Waste' },
        ],
      },
      observedAt(false),
    ],
  },
  'CMP.STREET_VENDOR': {
    keywords: ['vendor', '占道', '摊贩'],
    attributes: [observedAt(false)],
  },
  'CMP.FOOD_SAFETY': {
    keywords: ['food', '食品', '餐饮'],
    attributes: [
      {
        code: 'premises_name',
        datatype: 'string',
        variable: true,
        required: false,
        description: '商户名称 / Name of the shop or restaurant',
      },
      {
        code: 'purchase_time',
        datatype: 'datetime',
        variable: true,
        required: false,
        description: '购买或就餐时间 / When the food was bought or eaten',
        datatypeDescription: 'ISO 8601 with an offset',
      },
    ],
  },
  'HAZ.ROAD': {
    keywords: ['pothole', 'road', '坑洼', '井盖', '道路'],
    attributes: [
      {
        code: 'hazard_size',
        datatype: 'singlevaluelist',
        variable: true,
        required: true,
        description: '损坏范围 / Size of the damage',
        values: [
          { key: 'small', name: '小于0.5米 / Under 0.5 m' },
          { key: 'medium', name: '0.5至2米 / 0.5 to 2 m' },
          { key: 'large', name: '大于2米 / Over 2 m' },
        ],
      },
      {
        code: 'depth_cm',
        datatype: 'number',
        variable: true,
        required: false,
        description: '深度（厘米） / Depth in centimetres',
        datatypeDescription: 'A number, 0 to 1000',
      },
      {
        code: 'blocks_traffic',
        datatype: 'singlevaluelist',
        variable: true,
        required: false,
        description: '是否影响通行 / Does it block traffic',
        values: YES_NO,
      },
    ],
  },
  'HAZ.GAS': {
    keywords: ['gas', '燃气', '煤气', '泄漏'],
    attributes: [
      {
        code: 'emergency_notice',
        datatype: 'string',
        variable: false,
        required: false,
        description:
          '如正闻到燃气味，请立即撤离并拨打119或燃气抢修电话 / If you smell gas now, leave and call 119 first',
      },
      {
        code: 'smell_now',
        datatype: 'singlevaluelist',
        variable: true,
        required: true,
        description: '现在是否闻到燃气味 / Can you smell gas now',
        values: YES_NO,
      },
    ],
  },
  'HAZ.FIRE': {
    keywords: ['fire', '消防', '通道堵塞'],
    attributes: [
      {
        code: 'exits_blocked',
        datatype: 'singlevaluelist',
        variable: true,
        required: false,
        description: '消防通道是否被占用 / Are fire exits blocked',
        values: YES_NO,
      },
    ],
  },
  'HAZ.WORK_SAFETY': {
    keywords: ['work safety', '安全生产'],
    attributes: [
      {
        code: 'hazard_details',
        datatype: 'text',
        variable: true,
        required: false,
        description: '隐患详情（场所、设备、涉及人数） / Details: site, equipment, people exposed',
      },
    ],
  },
  'HAZ.DANGEROUS_HOUSE': {
    keywords: ['unsafe building', '危房', '裂缝'],
    attributes: [
      {
        code: 'occupants',
        datatype: 'number',
        variable: true,
        required: false,
        description: '居住人数 / People living there',
        datatypeDescription: 'A whole number',
      },
    ],
  },
  'DSP.WAGES': {
    keywords: ['unpaid wages', '欠薪', '讨薪'],
    attributes: [
      {
        code: 'workers_affected',
        datatype: 'number',
        variable: true,
        required: true,
        description: '涉及人数 / Workers affected',
        datatypeDescription: 'A whole number',
      },
      {
        code: 'amount_owed',
        datatype: 'number',
        variable: true,
        required: false,
        description: '拖欠金额（元） / Amount owed, in yuan',
      },
    ],
  },
};
