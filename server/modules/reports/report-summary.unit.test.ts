import { describe, expect, it } from 'vitest';
import { summarise, type SummaryFacts } from './report-summary.ts';

const base: SummaryFacts = {
  unitName: '潍城区',
  periodName: '2026年11月',
  previousName: '上月',
  received: 110,
  previousReceived: 100,
  rates: { response: 0.95, resolution: 0.8, satisfaction: 0.9, onTime: null },
  previousRates: { response: 0.9, resolution: 0.8, satisfaction: 0.925, onTime: 0.5 },
  overdue: 3,
  supervised: 1,
};

describe('the report summary', () => {
  it('says how the figures moved against the period before', () => {
    const text = summarise({
      ...base,
      topCategory: { name: '噪音扰民', count: 22 },
      hotSpot: { name: '城关街道第一网格', count: 9 },
      leader: { unitName: '城关街道', score: 91.5 },
      climber: { unitName: '南关街道', places: 2 },
    }).join('');
    expect(text).toContain('2026年11月，潍城区共受理事件 110 件，较上月增加 10 件（上升 10.0%）。');
    expect(text).toContain('响应率95.0%，上升 5.0 个百分点');
    expect(text).toContain('解决率80.0%，与上期持平');
    expect(text).toContain('满意率90.0%，下降 2.5 个百分点');
    expect(text).toContain('按时办结率无可计算样本');
    expect(text).toContain('目前超期未办结 3 件，被督办 1 件，请相关单位抓紧办理');
    expect(text).toContain('“噪音扰民”，共 22 件，占 20.0%');
    expect(text).toContain('城关街道第一网格”（9 件）');
    expect(text).toContain('城关街道（91.50 分）');
    expect(text).toContain('南关街道排名较上期上升 2 位');
  });

  it('handles a fall, an empty period before and nothing overdue', () => {
    expect(summarise({ ...base, received: 80 })[0]).toContain('较上月减少 20 件（下降 20.0%）');
    expect(summarise({ ...base, previousReceived: 0 })[0]).toContain('上月无受理');
    expect(summarise({ ...base, overdue: 0, supervised: 0 })[2]).toBe(
      '本期受理的事件中目前没有超期未办结和被督办的事件。',
    );
  });
});
