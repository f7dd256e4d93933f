// The shipped reference data under data/ (see scripts/build-data.ts): division codes, city and
// county boundaries, and the demo county's generated grids.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { referenceDataDir } from '../../platform/paths.ts';
import type { MultiPolygon } from './geo.ts';

export interface DivisionFile {
  source: string;
  province: { code: string; name: string };
  cities: [string, string][];
  counties: [string, string][];
  townships: [string, string][];
  /** township code → "<3-digit suffix><name>|…" */
  villages: Record<string, string>;
}

export interface BoundaryFile {
  crs: 'gcj02';
  features: { code: string; level: 'city' | 'county'; name: string; coordinates: MultiPolygon }[];
}

export interface GridFile {
  county: string;
  crs: 'gcj02';
  grids: { code: string; name: string; kind: string; villageCode: string; coordinates: MultiPolygon }[];
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(referenceDataDir, file), 'utf8')) as T;
}

export const readDivisions = (): DivisionFile => readJson<DivisionFile>('shandong-divisions.json');
export const readBoundaries = (): BoundaryFile => readJson<BoundaryFile>('shandong-boundaries.json');
export const readDemoGrids = (): GridFile => readJson<GridFile>('weicheng-grids.json');

export function villagesOf(file: DivisionFile, townshipCode: string): [string, string][] {
  const packed = file.villages[townshipCode];
  if (!packed) return [];
  return packed.split('|').map((entry) => [townshipCode + entry.slice(0, 3), entry.slice(3)]);
}

/** Standard non-region units each region level owns (综治中心, departments, courts, committees). */
export interface StandardUnit {
  suffix: string;
  name: (regionName: string) => string;
  type: 'centre' | 'department' | 'court' | 'police' | 'committee';
  kind: string | null;
}

const centre: StandardUnit = { suffix: 'centre', name: (n) => `${n}综治中心`, type: 'centre', kind: null };

export const DEPARTMENT_KINDS: [kind: string, name: string][] = [
  ['public_security', '公安局'],
  ['market_regulation', '市场监督管理局'],
  ['housing', '住房和城乡建设局'],
  ['human_resources', '人力资源和社会保障局'],
  ['health', '卫生健康局'],
  ['environment', '生态环境分局'],
  ['urban_management', '综合行政执法局'],
  ['emergency', '应急管理局'],
  ['petition', '信访局'],
  ['justice', '司法局'],
];

export const INDUSTRY_COMMITTEES: [kind: string, name: string][] = [
  ['medical', '医疗纠纷人民调解委员会'],
  ['traffic', '道路交通事故纠纷人民调解委员会'],
  ['labour', '劳动争议人民调解委员会'],
  ['property', '物业纠纷人民调解委员会'],
  ['consumer', '消费纠纷人民调解委员会'],
  ['finance', '金融纠纷人民调解委员会'],
  ['insurance', '保险纠纷人民调解委员会'],
  ['environment', '环境纠纷人民调解委员会'],
  ['ip', '知识产权纠纷人民调解委员会'],
];

export const STANDARD_UNITS: Record<'province' | 'city' | 'county' | 'township', StandardUnit[]> = {
  province: [centre],
  city: [centre],
  county: [
    centre,
    ...DEPARTMENT_KINDS.map(([kind, name]): StandardUnit => ({
      suffix: `dept-${kind}`,
      name: (n) => n + name,
      type: 'department',
      kind,
    })),
    { suffix: 'court', name: (n) => `${n}人民法院`, type: 'court', kind: null },
    {
      suffix: 'cmte-territorial',
      name: (n) => `${n}联合人民调解委员会`,
      type: 'committee',
      kind: 'territorial',
    },
    ...INDUSTRY_COMMITTEES.map(([kind, name]): StandardUnit => ({
      suffix: `cmte-${kind}`,
      name: (n) => n + name,
      type: 'committee',
      kind,
    })),
  ],
  township: [
    centre,
    { suffix: 'dept-justice', name: (n) => `${n}司法所`, type: 'department', kind: 'justice' },
    { suffix: 'police', name: (n) => `${n}派出所`, type: 'police', kind: null },
    { suffix: 'cmte-territorial', name: (n) => `${n}人民调解委员会`, type: 'committee', kind: 'territorial' },
  ],
};

/** Every suffix a standard unit can have, e.g. "centre", "dept-housing", "cmte-medical". */
export const STANDARD_UNIT_SUFFIXES: string[] = [
  ...new Set(Object.values(STANDARD_UNITS).flatMap((units) => units.map((u) => u.suffix))),
];
