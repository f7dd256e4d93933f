// Charts for the Word report, drawn on the server: ECharts renders SVG without a browser, resvg
// rasterises it to PNG with a CJK font (Word shows PNG everywhere; SVG in .docx needs a fallback).
// Without a CJK font every Chinese label would be a row of boxes, so the report fails instead.
import { existsSync } from 'node:fs';
import type * as echarts from 'echarts';
import { AppError } from '../../platform/http/errors.ts';
import { loadCharts } from '../../platform/lazy-libraries.ts';

/** Where a CJK font is looked for (Debian's fonts-wqy-microhei first); CONCORD_CJK_FONT overrides. */
const CJK_FONT_FILES = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
];

export function cjkFontFile(): string {
  const candidates = [process.env.CONCORD_CJK_FONT, ...CJK_FONT_FILES].filter((f): f is string => !!f);
  const found = candidates.find((file) => existsSync(file));
  if (!found) {
    throw new AppError('REPORT_CHARTS_UNAVAILABLE', undefined, { looked: candidates });
  }
  return found;
}

export interface Chart {
  png: Buffer;
  width: number;
  height: number;
}

const FONT_FAMILY = 'WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif';

/** One ECharts option as a PNG of `width`×`height` points, drawn at twice that for print. */
export async function renderChart(option: echarts.EChartsOption, width = 600, height = 300): Promise<Chart> {
  const font = cjkFontFile();
  // ECharts and resvg are loaded with the first report (platform/lazy-libraries.ts), not at start.
  const { echarts: charts, Resvg } = await loadCharts();
  const chart = charts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT_FAMILY }, ...option });
    const svg = chart.renderToSVGString();
    const png = new Resvg(svg, {
      font: { loadSystemFonts: false, fontFiles: [font], defaultFontFamily: 'WenQuanYi Micro Hei' },
      fitTo: { mode: 'zoom', value: 2 },
      background: '#ffffff',
    })
      .render()
      .asPng();
    return { png, width, height };
  } finally {
    chart.dispose();
  }
}

/** Cases received per day (or month) of the period. */
export function trendChart(points: { period: string; count: number }[]): Promise<Chart> {
  return renderChart({
    title: { text: '受理量趋势', left: 'center', textStyle: { fontSize: 14 } },
    grid: { left: 40, right: 20, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: points.map((p) => p.period.slice(5) || p.period) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: points.map((p) => p.count), itemStyle: { color: '#1677ff' } }],
  });
}

/** The categories with most cases, largest on top. */
export function categoryChart(categories: { name: string; count: number }[]): Promise<Chart> {
  const top = categories.slice(0, 10).reverse();
  return renderChart(
    {
      title: { text: '事件类别（前十）', left: 'center', textStyle: { fontSize: 14 } },
      grid: { left: 120, right: 30, top: 40, bottom: 20 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: top.map((c) => c.name) },
      series: [
        {
          type: 'bar',
          data: top.map((c) => c.count),
          itemStyle: { color: '#fa8c16' },
          label: { show: true, position: 'right' },
        },
      ],
    },
    600,
    Math.max(200, 60 + top.length * 26),
  );
}

/** The children's rates side by side (percentages). */
export function rankingChart(
  rows: { unitName: string; resolutionRate: number | null; satisfactionRate: number | null }[],
): Promise<Chart> {
  const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
  return renderChart(
    {
      title: { text: '下级单位解决率与满意率（%）', left: 'center', textStyle: { fontSize: 14 } },
      legend: { top: 24 },
      grid: { left: 40, right: 20, top: 60, bottom: 70 },
      xAxis: { type: 'category', data: rows.map((r) => r.unitName), axisLabel: { rotate: 30, interval: 0 } },
      yAxis: { type: 'value', max: 100 },
      series: [
        { name: '解决率', type: 'bar', data: rows.map((r) => pct(r.resolutionRate)) },
        { name: '满意率', type: 'bar', data: rows.map((r) => pct(r.satisfactionRate)) },
      ],
    },
    600,
    320,
  );
}
