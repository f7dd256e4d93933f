// The composite score as data: 领导包案 (issue 17 §5) points per leader-taken case settled and
// per one still open, applied exactly; a version stored before the field existed reads 0 and 0.
import { describe, expect, it } from 'vitest';
import { normaliseRules, scoreOf, type SchemeRules } from './scheme.ts';

const RULES: SchemeRules = {
  weights: { response: 1, resolution: 1, satisfaction: 0, onTime: 0, acceptedOnTime: 0 },
  minimumSample: { received: 1, rated: 1 },
  deductions: { redCard: 2, supervision: 0, verifiedUnsatisfied: 0 },
  bonuses: [],
  useSampledSatisfaction: false,
};

const INPUT = {
  received: 4,
  rated: 0,
  rates: { response: 1, resolution: 0.5, satisfaction: null, onTime: null, acceptedOnTime: null },
  redCarded: 1,
  supervised: 0,
  unsatisfied: 0,
};

describe('scoreOf with leader-taken cases (领导包案)', () => {
  it('adds the bonus per settled case and takes off the deduction per open one', () => {
    const rules = { ...RULES, leaderCases: { settledBonus: 2.5, openDeduction: 1.25 } };
    expect(scoreOf(rules, INPUT).score).toBe(73);
    expect(scoreOf(rules, { ...INPUT, leaderSettled: 2 }).score).toBe(78);
    expect(scoreOf(rules, { ...INPUT, leaderOpen: 1 }).score).toBe(71.75);
    expect(scoreOf(rules, { ...INPUT, leaderSettled: 2, leaderOpen: 3 }).score).toBe(74.25);
  });

  it('counts nothing for leader cases when the version has no such rule', () => {
    expect(scoreOf(RULES, { ...INPUT, leaderSettled: 5, leaderOpen: 5 }).score).toBe(73);
    const zero = { ...RULES, leaderCases: { settledBonus: 0, openDeduction: 0 } };
    expect(scoreOf(zero, { ...INPUT, leaderSettled: 5, leaderOpen: 5 }).score).toBe(73);
  });

  it('does not score an unranked unit because of its leader cases', () => {
    const rules = { ...RULES, leaderCases: { settledBonus: 10, openDeduction: 0 } };
    expect(scoreOf(rules, { ...INPUT, received: 0, leaderSettled: 3 })).toEqual({
      score: null,
      unrankedReason: 'no_cases',
    });
  });

  it('fills the missing rule of an old version with zeros and keeps a given one', () => {
    expect(normaliseRules(RULES).leaderCases).toEqual({ settledBonus: 0, openDeduction: 0 });
    const given = { ...RULES, leaderCases: { settledBonus: 3, openDeduction: 1 } };
    expect(normaliseRules(given).leaderCases).toEqual({ settledBonus: 3, openDeduction: 1 });
  });
});
