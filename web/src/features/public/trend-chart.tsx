// The twelve months' trend as a small SVG: bars for the cases received, a line for the
// satisfaction rate. No chart library: the public page stays light on a phone.
import { useI18n } from '../../shared/i18n.tsx';

export interface TrendPoint {
  month: string;
  received: number;
  rates: { satisfaction: number | null };
}

const WIDTH = 340;
const HEIGHT = 170;
const TOP = 16;
const BOTTOM = 24;
const LEFT = 8;
const RIGHT = 8;

export function TrendChart({ points }: { points: TrendPoint[] }) {
  const { t } = useI18n();
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const step = (WIDTH - LEFT - RIGHT) / Math.max(points.length, 1);
  const most = Math.max(1, ...points.map((p) => p.received));
  const x = (i: number) => LEFT + step * i + step / 2;
  const barY = (n: number) => TOP + plotHeight * (1 - n / most);
  const rateY = (r: number) => TOP + plotHeight * (1 - r);
  const line = points
    .map((p, i) =>
      p.rates.satisfaction === null ? null : `${x(i).toFixed(1)},${rateY(p.rates.satisfaction).toFixed(1)}`,
    )
    .filter((p): p is string => p !== null)
    .join(' ');
  const label = points
    .map(
      (p) =>
        `${p.month}: ${p.received}${p.rates.satisfaction === null ? '' : ` / ${Math.round(p.rates.satisfaction * 100)}%`}`,
    )
    .join('; ');
  return (
    <figure className="p-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`${t('public.trend')}: ${label}`}
        data-testid="trend-chart"
      >
        {points.map((p, i) => (
          <g key={p.month}>
            <rect
              x={x(i) - step * 0.3}
              y={barY(p.received)}
              width={step * 0.6}
              height={TOP + plotHeight - barY(p.received)}
              className="p-bar"
            />
            {(i % 2 === 1 || i === points.length - 1) && (
              <text x={x(i)} y={HEIGHT - 8} textAnchor="middle" className="p-axis">
                {t('public.monthShort', { month: Number(p.month.slice(5)) })}
              </text>
            )}
          </g>
        ))}
        {line && <polyline points={line} className="p-line" />}
        <line x1={LEFT} x2={WIDTH - RIGHT} y1={TOP + plotHeight} y2={TOP + plotHeight} className="p-base" />
        <text x={LEFT} y={11} className="p-axis">
          {most}
        </text>
      </svg>
      <figcaption className="p-muted">{t('public.trendLegend')}</figcaption>
    </figure>
  );
}
