// ECharts from 'echarts/core' with only the charts this console draws, to keep the bundle small.
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { stillMotion } from '../../shared/motion.ts';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

export interface ChartProps {
  option: ChartOption;
  height?: number;
  testId?: string;
  /** A click on a bar, point or slice: the index of its datum (the dashboard's drill-down). */
  onPick?: (dataIndex: number) => void;
}

export function Chart({ option, height = 320, testId, onPick }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  // The latest handler, without drawing the chart again when only the handler changed.
  const pick = useRef(onPick);
  useEffect(() => {
    pick.current = onPick;
  });
  useEffect(() => {
    if (!box.current) return;
    const chart = echarts.init(box.current, undefined, { renderer: 'canvas' });
    chart.on('click', (event) => {
      if (typeof event.dataIndex === 'number') pick.current?.(event.dataIndex);
    });
    chart.setOption(stillMotion() ? { ...option, animation: false } : option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return <div ref={box} style={{ width: '100%', height }} data-testid={testId} />;
}
