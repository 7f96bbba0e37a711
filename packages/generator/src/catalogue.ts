/**
 * What the generated programme sells and who takes part: products with their specification ladders
 * and list prices, metered usage, the partner roster, and the word lists names are made from.
 * Prices are CNY per month in cents; USD prices are derived (÷ 7).
 */

export interface SpecPrice {
  spec: string;
  /** List price per resource and month, CNY cents. */
  monthly: bigint;
}

export interface Product {
  type: string;
  /** Relative frequency among subscription orders. */
  weight: number;
  /** Specifications from smallest to largest: upgrades move up, downgrades down. */
  ladder: readonly SpecPrice[];
  /** How many resources one order may hold. */
  maxResources: number;
  /** Metered (on-demand) usage of this product, if it has any. */
  meter?: Meter;
}

export interface Meter {
  usageType: string;
  unit: string;
  /** Price per unit, CNY in 10^-6 units. */
  micro: bigint;
  /** Quantity per hour of use, in hundredths of the unit (a range to draw from). */
  perHour: readonly [number, number];
  /** Fraction digits of a charge: billed to the cent, or (storage) kept to 10^-8. */
  digits: 2 | 8;
}

const p = (spec: string, yuan: number): SpecPrice => ({ spec, monthly: BigInt(Math.round(yuan * 100)) });

export const PRODUCTS: readonly Product[] = [
  {
    type: 'ecs',
    weight: 34,
    maxResources: 4,
    ladder: [
      p('s7.small.1', 32),
      p('s7.medium.2', 79),
      p('s7.large.2', 158),
      p('s7.xlarge.2', 316),
      p('s7.2xlarge.4', 780),
      p('c7.4xlarge.2', 1468),
      p('m7.8xlarge.8', 3890),
    ],
    meter: { usageType: 'duration', unit: 'hour', micro: 460_000n, perHour: [100, 100], digits: 2 },
  },
  {
    type: 'rds',
    weight: 15,
    maxResources: 2,
    ladder: [
      p('rds.mysql.n1.large.2', 396),
      p('rds.mysql.n1.xlarge.4', 1120),
      p('rds.mysql.x1.2xlarge.4', 2340),
      p('rds.mysql.x1.4xlarge.8', 5290),
    ],
    meter: { usageType: 'duration', unit: 'hour', micro: 1_380_000n, perHour: [100, 100], digits: 2 },
  },
  {
    type: 'evs',
    weight: 14,
    maxResources: 3,
    ladder: [p('ssd.100GB', 100), p('ssd.500GB', 500), p('ssd.1TB', 1000), p('essd.2TB', 4000)],
  },
  {
    type: 'obs',
    weight: 10,
    maxResources: 1,
    ladder: [p('obs.package.1TB', 99), p('obs.package.5TB', 469), p('obs.package.10TB', 899)],
    meter: { usageType: 'storage', unit: 'GB-hour', micro: 139n, perHour: [5_000, 5_000_000], digits: 8 },
  },
  {
    type: 'bandwidth',
    weight: 11,
    maxResources: 2,
    ladder: [p('bw.5Mbit', 115), p('bw.10Mbit', 325), p('bw.50Mbit', 2125), p('bw.100Mbit', 4625)],
    meter: { usageType: 'upstream_traffic', unit: 'GB', micro: 800_000n, perHour: [10, 200_000], digits: 2 },
  },
  {
    type: 'dcs',
    weight: 9,
    maxResources: 2,
    ladder: [p('redis.ha.2GB', 180), p('redis.ha.4GB', 360), p('redis.ha.8GB', 720), p('redis.cluster.32GB', 2880)],
  },
  {
    type: 'cdn',
    weight: 7,
    maxResources: 1,
    ladder: [p('cdn.traffic.1TB', 175), p('cdn.traffic.10TB', 1650), p('cdn.traffic.50TB', 7900)],
    meter: { usageType: 'traffic', unit: 'GB', micro: 180_000n, perHour: [50, 1_000_000], digits: 2 },
  },
];

export const METERED_PRODUCTS: readonly Product[] = PRODUCTS.filter((x) => x.meter !== undefined);

/** Subscription terms in months, with their relative frequency. */
export const TERMS: readonly { months: number; weight: number }[] = [
  { months: 1, weight: 58 },
  { months: 3, weight: 10 },
  { months: 6, weight: 8 },
  { months: 12, weight: 24 },
];

/** A yearly term costs ten months of the monthly price (包年 pricing). */
export function termPrice(monthly: bigint, months: number): bigint {
  return months === 12 ? monthly * 10n : monthly * BigInt(months);
}

/** Converts a CNY price to the partner's currency (only CNY and USD are generated). */
export function inCurrency(cny: bigint, currency: string): bigint {
  return currency === 'USD' ? (cny + 3n) / 7n : cny;
}

// Partners --------------------------------------------------------------------------------------

export interface PartnerProfile {
  key: string;
  name: string;
  tier: 'distributor' | 'reseller' | 'solution_provider';
  /** `key` of the reseller's distributor. */
  parent?: string;
  level: string;
  timeZone: string;
  currency: 'CNY' | 'USD';
  /** Share of customers associated with this partner. */
  weight: number;
  /** Enrolled in the PCE programme at the start; `withdrawsPce`: withdraws during the year. */
  pce?: 'stays' | 'withdraws' | 'joins-later';
}

export const PARTNERS: readonly PartnerProfile[] = [
  {
    key: 'd1',
    name: '华东云联科技有限公司',
    tier: 'distributor',
    level: 'platinum',
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
    weight: 0.4,
  },
  {
    key: 'd2',
    name: '北方数智信息技术有限公司',
    tier: 'distributor',
    level: 'platinum',
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
    weight: 0.3,
  },
  {
    key: 'd3',
    name: '南粤云图科技股份有限公司',
    tier: 'distributor',
    level: 'gold',
    timeZone: 'Asia/Hong_Kong',
    currency: 'CNY',
    weight: 0.3,
  },
  r('r11', 'd1', '杭州云帆网络科技有限公司', 'gold', 'Asia/Shanghai', 1.3),
  r('r12', 'd1', '苏州启明信息技术有限公司', 'silver', 'Asia/Shanghai', 1.0),
  r('r13', 'd1', '合肥星河数据服务有限公司', 'certified', 'Asia/Shanghai', 0.7),
  r('r14', 'd1', '宁波海拓云计算有限公司', 'silver', 'Asia/Shanghai', 0.9, 'joins-later'),
  r('r21', 'd2', '北京智算互联科技有限公司', 'gold', 'Asia/Shanghai', 1.4, 'withdraws'),
  r('r22', 'd2', '天津海河云科技有限公司', 'silver', 'Asia/Shanghai', 0.8),
  r('r23', 'd2', '哈尔滨冰城信息技术有限公司', 'certified', 'Asia/Harbin', 0.6),
  r('r24', 'd2', '乌鲁木齐天山云科技有限公司', 'certified', 'Asia/Urumqi', 0.5),
  r('r31', 'd3', '深圳前海云启科技有限公司', 'gold', 'Asia/Shanghai', 1.3),
  r('r32', 'd3', '广州羊城数码科技有限公司', 'silver', 'Asia/Shanghai', 1.0),
  r('r33', 'd3', '东莞松湖智造云服务有限公司', 'certified', 'Asia/Shanghai', 0.6),
  r('r34', 'd3', '大阪樱云信息技术有限公司', 'silver', 'Asia/Tokyo', 0.5),
  sp('s1', '上海数研解决方案有限公司', 'advanced', 'Asia/Shanghai', 'CNY', 1.1, 'stays'),
  sp('s2', '成都天府智联科技有限公司', 'advanced', 'Asia/Chongqing', 'CNY', 0.9),
  sp('s3', '武汉光谷云创科技有限公司', 'standard', 'Asia/Shanghai', 'CNY', 0.8),
  sp('s4', '西安长安数据技术有限公司', 'standard', 'Asia/Shanghai', 'CNY', 0.6),
  sp('s5', '新加坡云桥科技有限公司', 'advanced', 'Asia/Singapore', 'CNY', 0.5),
  sp('s6', 'Pacific Bridge Cloud Solutions Inc.', 'advanced', 'America/Los_Angeles', 'USD', 0.6),
];

function r(
  key: string,
  parent: string,
  name: string,
  level: string,
  timeZone: string,
  weight: number,
  pce?: PartnerProfile['pce'],
): PartnerProfile {
  return { key, parent, name, tier: 'reseller', level, timeZone, currency: 'CNY', weight, ...(pce ? { pce } : {}) };
}

function sp(
  key: string,
  name: string,
  level: string,
  timeZone: string,
  currency: 'CNY' | 'USD',
  weight: number,
  pce?: PartnerProfile['pce'],
): PartnerProfile {
  return { key, name, tier: 'solution_provider', level, timeZone, currency, weight, ...(pce ? { pce } : {}) };
}

// Names -----------------------------------------------------------------------------------------

const CITIES = [
  '北京',
  '上海',
  '广州',
  '深圳',
  '杭州',
  '南京',
  '苏州',
  '成都',
  '重庆',
  '武汉',
  '西安',
  '天津',
  '长沙',
  '郑州',
  '青岛',
  '厦门',
  '福州',
  '合肥',
  '济南',
  '沈阳',
  '大连',
  '昆明',
  '南宁',
  '贵阳',
  '宁波',
  '无锡',
  '佛山',
  '东莞',
  '珠海',
  '温州',
];

const BRANDS = [
  '云帆',
  '星辰',
  '恒信',
  '博远',
  '睿智',
  '天行',
  '华创',
  '鼎盛',
  '汇通',
  '锦程',
  '宏图',
  '安泰',
  '嘉禾',
  '明德',
  '瑞丰',
  '中科',
  '联创',
  '领航',
  '智慧',
  '新元',
  '海纳',
  '卓越',
  '思源',
  '泰和',
  '同舟',
  '优品',
  '众合',
  '远景',
  '云端',
  '飞扬',
  '长风',
  '青松',
  '启航',
  '晨曦',
  '凌云',
  '万象',
  '致远',
  '信达',
  '和畅',
  '君安',
  '道合',
  '盛世',
  '腾跃',
  '光合',
  '润泽',
  '东方',
  '九州',
  '金桥',
  '银河',
  '北辰',
  '南山',
  '西岭',
  '朗信',
  '蓝海',
  '百川',
  '千里',
  '数联',
  '量子',
  '极光',
  '磐石',
];

const INDUSTRIES = [
  '科技',
  '网络科技',
  '信息技术',
  '电子商务',
  '物流',
  '医疗科技',
  '教育科技',
  '文化传媒',
  '游戏',
  '金融信息服务',
  '智能制造',
  '生物科技',
  '新能源',
  '餐饮管理',
  '软件',
  '数据服务',
  '汽车服务',
  '环保科技',
  '建筑设计',
  '供应链管理',
];

const EN_FIRST = [
  'Coastal',
  'Summit',
  'Redwood',
  'Harbor',
  'Granite',
  'Silver',
  'Bright',
  'Northwind',
  'Blue Ridge',
  'Evergreen',
  'Pioneer',
  'Cascade',
  'Sierra',
  'Lakeside',
  'Golden Gate',
  'Mesa',
  'Canyon',
  'Prairie',
  'Atlas',
  'Orbit',
];

const EN_SECOND = [
  'Analytics',
  'Logistics',
  'Health',
  'Media',
  'Robotics',
  'Foods',
  'Learning',
  'Payments',
  'Games',
  'Energy',
  'Labs',
  'Retail',
  'Design',
  'Mobility',
  'Software',
];

const EN_SUFFIX = ['Inc.', 'LLC', 'Corp.', 'Co.', 'Ltd.'];

/** A bijective shuffle of [0, size) so consecutive customers get unrelated names. */
function scramble(index: number, size: number, salt: number): number {
  // 7919 is prime and larger than any factor of the sizes used here, so it is coprime to them.
  return (index * 7919 + salt) % size;
}

/** A company name, unique for every index below 36,000 (Chinese) or 1,500 (English). */
export function customerName(index: number, currency: string, salt: number): string {
  if (currency === 'USD') {
    const size = EN_FIRST.length * EN_SECOND.length * EN_SUFFIX.length;
    const i = scramble(index % size, size, salt);
    const base = `${EN_FIRST[i % EN_FIRST.length]} ${EN_SECOND[Math.floor(i / EN_FIRST.length) % EN_SECOND.length]} ${
      EN_SUFFIX[Math.floor(i / (EN_FIRST.length * EN_SECOND.length))]
    }`;
    return index < size ? base : `${base} ${Math.floor(index / size) + 1}`;
  }
  const size = CITIES.length * BRANDS.length * INDUSTRIES.length;
  const i = scramble(index % size, size, salt);
  const city = CITIES[i % CITIES.length]!;
  const brand = BRANDS[Math.floor(i / CITIES.length) % BRANDS.length]!;
  const industry = INDUSTRIES[Math.floor(i / (CITIES.length * BRANDS.length))]!;
  const kind = i % 7 === 0 ? '股份有限公司' : '有限公司';
  const base = `${city}${brand}${industry}${kind}`;
  return index < size ? base : `${base}（${Math.floor(index / size) + 1}）`;
}

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '海燕',
  '建华',
];
const EN_MANAGERS = ['Emily Chen', 'Jason Park', 'Maria Lopez', 'David Kim', 'Sarah Nguyen', 'Kevin Wright'];

/** A partner's account managers (3–5 people). */
export function accountManagers(partnerIndex: number, currency: string): string[] {
  const count = 3 + (partnerIndex % 3);
  const names: string[] = [];
  for (let k = 0; k < count; k++) {
    if (currency === 'USD') names.push(EN_MANAGERS[(partnerIndex + k) % EN_MANAGERS.length]!);
    else {
      const n = partnerIndex * 7 + k * 5;
      names.push(`${SURNAMES[n % SURNAMES.length]}${GIVEN[(n * 3 + k) % GIVEN.length]}`);
    }
  }
  return names;
}

export const ADJUSTMENT_REASONS = {
  credit: ['SLA compensation', 'duplicate charge reversed', 'goodwill credit', 'promotion credit'],
  debit: ['under-billed usage', 'missed metering correction', 'tax correction', 'manual billing correction'],
} as const;

/**
 * The product catalogue the programme registers before anything else (SPEC §6 管理产品): the units
 * its meters use (GB also as 1024 × MB, so a charge may be given in either), every product type,
 * and each meter's usage type under the first product that meters it.
 */
export const MEASURE_UNITS: readonly { unit: string; dimension: string; baseUnit: string; factor: string }[] = [
  { unit: 'MB', dimension: 'data', baseUnit: 'MB', factor: '1' },
  { unit: 'GB', dimension: 'data', baseUnit: 'MB', factor: '1024' },
  { unit: 'hour', dimension: 'time', baseUnit: 'hour', factor: '1' },
  { unit: 'GB-hour', dimension: 'data × time', baseUnit: 'GB-hour', factor: '1' },
];

export const PRODUCT_NAMES: Readonly<Record<string, string>> = {
  ecs: 'Elastic Cloud Server',
  rds: 'Relational Database Service',
  evs: 'Elastic Volume Service',
  obs: 'Object Storage Service',
  bandwidth: 'Bandwidth',
  dcs: 'Distributed Cache Service',
  cdn: 'Content Delivery Network',
};
