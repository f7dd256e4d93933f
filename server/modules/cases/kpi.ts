// 考核指标: what makes a case responded, resolved, satisfied, handled on time, reopened or overdue.
// Each rule is written once, here, as data over the case row (and its timeline): `holds` applies
// it in TypeScript (bulk loads, the case list's overdue flag, tests), kpi-sql.ts renders the same
// rule as SQL (live figures, the overdue list), and stats-rollups.repository.ts reads the rollups
// through it. The rollup triggers are a frozen SQL copy of the rules they count (migrations
// 2026-11-27T1600 and 2026-12-03T1000): kpi-rollups.test.ts checks them against these rules on
// both databases, so a rule changed here without a migration rebuilding the rollups fails there.
import { OPEN_STATUSES, type CaseStatus, type Rating } from '../../../common/workflow.ts';

/** The columns of case_record a rule may read; instants are ISO strings (toISOString). */
export interface KpiCase {
  status: CaseStatus;
  rating: Rating | null;
  resolved_at: string | null;
  handle_deadline: string | null;
  stage_deadline: string | null;
  reopen_count: number;
  supervise_count: number;
  red_carded_at: string | null;
}
export type KpiColumn = keyof KpiCase;

/** One step of the timeline, as case_event stores it. */
export interface KpiEvent {
  action: string;
  from_status: string | null;
  at: string;
  /** JSON text as stored, or already parsed. */
  data: string | Record<string, unknown> | null;
}

/** Some event of the timeline is one of `actions` (and, when given, left one of `from`). */
export interface EventMatch {
  readonly actions: readonly string[];
  readonly from?: readonly CaseStatus[];
}

export type Rule =
  | { readonly is: 'oneOf'; readonly column: 'status' | 'rating'; readonly values: readonly string[] }
  | { readonly is: 'set'; readonly column: KpiColumn }
  /** Both instants are set and the first is no later than the second. */
  | { readonly is: 'notAfter'; readonly column: KpiColumn; readonly limit: KpiColumn }
  /** The instant is set and lies before now: a deadline that has passed. */
  | { readonly is: 'past'; readonly column: KpiColumn }
  | { readonly is: 'positive'; readonly column: 'reopen_count' | 'supervise_count' }
  | { readonly is: 'all' | 'any'; readonly rules: readonly Rule[] }
  | { readonly is: 'not'; readonly rule: Rule }
  | { readonly is: 'event'; readonly matches: readonly EventMatch[] };

const oneOf = (column: 'status' | 'rating', values: readonly string[]): Rule => ({ is: 'oneOf', column, values });
const set = (column: KpiColumn): Rule => ({ is: 'set', column });
const all = (...rules: Rule[]): Rule => ({ is: 'all', rules });
const any = (...rules: Rule[]): Rule => ({ is: 'any', rules });
const not = (rule: Rule): Rule => ({ is: 'not', rule });

export interface Kpi {
  zh: string;
  en: string;
  /** For the API documentation. */
  description: string;
  rule: Rule;
}

const OPEN = oneOf('status', OPEN_STATUSES);
const RESOLVED_WITH_DEADLINE = all(set('resolved_at'), set('handle_deadline'));
const OVERDUE_IN_HANDLING = all(OPEN, { is: 'past', column: 'handle_deadline' });

export const SATISFIED_RATINGS: readonly Rating[] = ['satisfied', 'basically_satisfied'];

export const KPIS = {
  all: { zh: '事件', en: 'Cases', description: 'every case', rule: all() },
  open: {
    zh: '未办结',
    en: 'Open',
    description: 'registered, dispatched or in progress',
    rule: OPEN,
  },
  notCancelled: {
    zh: '有效事件',
    en: 'Not cancelled',
    description: 'not cancelled (nor merged)',
    rule: not(oneOf('status', ['cancelled'])),
  },
  resolved: {
    zh: '已办结',
    en: 'Resolved',
    description: 'now resolved or closed',
    rule: oneOf('status', ['resolved', 'closed']),
  },
  responded: {
    zh: '已响应',
    en: 'Responded',
    description: 'dispatched or accepted at some point, or resolved on the spot (from registered)',
    rule: {
      is: 'event',
      matches: [{ actions: ['dispatch', 'accept'] }, { actions: ['resolve'], from: ['registered'] }],
    },
  },
  resolvedOnTheSpot: {
    zh: '就地化解',
    en: 'Resolved on the spot',
    description:
      'resolved straight from registered, without a dispatch: a grid worker’s 就地化解, or a 直接答复 at intake',
    rule: { is: 'event', matches: [{ actions: ['resolve'], from: ['registered'] }] },
  },
  rated: {
    zh: '已评价',
    en: 'Rated',
    description: 'with a rating of the current result (reopening clears it)',
    rule: set('rating'),
  },
  satisfied: {
    zh: '满意',
    en: 'Satisfied',
    description: 'rated satisfied or basically satisfied',
    rule: oneOf('rating', SATISFIED_RATINGS),
  },
  reopened: {
    zh: '重办',
    en: 'Reopened',
    description: 'reopened at least once after an unsatisfied rating',
    rule: { is: 'positive', column: 'reopen_count' },
  },
  unsatisfied: {
    zh: '不满意',
    en: 'Unsatisfied',
    description: 'rated unsatisfied, and the rating stands (reopening clears it)',
    rule: oneOf('rating', ['unsatisfied']),
  },
  supervised: {
    zh: '被督办',
    en: 'Supervised',
    description: 'supervised (督办) at least once',
    rule: { is: 'positive', column: 'supervise_count' },
  },
  redCarded: {
    zh: '红牌',
    en: 'Red card',
    description: 'shown a red card for a missed time limit',
    rule: set('red_carded_at'),
  },
  resolvedWithDeadline: {
    zh: '已办结（有办理时限）',
    en: 'Resolved with a deadline',
    description: 'resolved, with a handling deadline (on-the-spot resolutions have none)',
    rule: RESOLVED_WITH_DEADLINE,
  },
  handledOnTime: {
    zh: '按时办结',
    en: 'Handled on time',
    description: 'resolved no later than the handling deadline (extensions included)',
    rule: { is: 'notAfter', column: 'resolved_at', limit: 'handle_deadline' },
  },
  overdueInHandling: {
    zh: '超期未办结',
    en: 'Overdue in handling',
    description: 'still open after the handling deadline',
    rule: OVERDUE_IN_HANDLING,
  },
  handlingDue: {
    zh: '应办结',
    en: 'Due',
    description:
      'whose handling has been judged: resolved with a handling deadline, or still open after it (overdue in handling)',
    rule: any(RESOLVED_WITH_DEADLINE, OVERDUE_IN_HANDLING),
  },
  overdue: {
    zh: '超期',
    en: 'Overdue',
    description: 'open and past the deadline of the running stage (triage, acceptance or handling), now',
    rule: all(OPEN, { is: 'past', column: 'stage_deadline' }),
  },
} as const satisfies Record<string, Kpi>;

export type KpiName = keyof typeof KPIS;

/** The dashboard's rates (numbers 0–1, null when the denominator is 0), each of two counts. */
export const RATES = {
  response: { zh: '响应率', en: 'Response rate', numerator: 'responded', denominator: 'all' },
  resolution: { zh: '解决率', en: 'Resolution rate', numerator: 'resolved', denominator: 'notCancelled' },
  satisfaction: { zh: '满意率', en: 'Satisfaction rate', numerator: 'satisfied', denominator: 'rated' },
  onTime: { zh: '按时办结率', en: 'On-time rate', numerator: 'handledOnTime', denominator: 'handlingDue' },
} as const satisfies Record<string, { zh: string; en: string; numerator: KpiName; denominator: KpiName }>;

export type RateName = keyof typeof RATES;

/** The counts the dashboard's figures are made of: both sides of every rate, and what is overdue. */
export const COUNTED_KPIS = [
  ...new Set([...Object.values(RATES).flatMap((r) => [r.numerator, r.denominator]), 'overdue' as const]),
];
export type CountedKpi = (typeof COUNTED_KPIS)[number];
export type KpiCounts = Record<CountedKpi, number>;

/** What a rule needs besides the case row. */
export interface KpiContext {
  /** Now, as an ISO string: deadlines that have passed. */
  now?: string;
  /** The case's timeline: rules over events. */
  events?: readonly KpiEvent[];
}

function eventMatches(matches: readonly EventMatch[], e: KpiEvent): boolean {
  return matches.some(
    (m) =>
      m.actions.includes(e.action) &&
      (m.from === undefined || (m.from as readonly string[]).includes(e.from_status ?? '')),
  );
}

type Test = (c: KpiCase, context: KpiContext) => boolean;

/** A rule as a function, made once per rule: bulk loads judge a million cases. */
function compile(rule: Rule): Test {
  switch (rule.is) {
    case 'oneOf': {
      const { column, values } = rule;
      return (c) => {
        const value = c[column];
        return value !== null && values.includes(value);
      };
    }
    case 'set': {
      const { column } = rule;
      return (c) => c[column] !== null;
    }
    case 'notAfter': {
      const { column, limit } = rule;
      return (c) => {
        const [value, bound] = [c[column], c[limit]];
        return value !== null && bound !== null && value <= bound;
      };
    }
    case 'past': {
      const { column } = rule;
      return (c, context) => {
        if (context.now === undefined) throw new Error('this rule needs now');
        const value = c[column];
        return value !== null && value < context.now;
      };
    }
    case 'positive': {
      const { column } = rule;
      return (c) => c[column] > 0;
    }
    case 'all': {
      const parts = rule.rules.map(compiled);
      return (c, context) => parts.every((part) => part(c, context));
    }
    case 'any': {
      const parts = rule.rules.map(compiled);
      return (c, context) => parts.some((part) => part(c, context));
    }
    case 'not': {
      const inner = compiled(rule.rule);
      return (c, context) => !inner(c, context);
    }
    case 'event': {
      const { matches } = rule;
      return (_c, context) => {
        if (context.events === undefined) throw new Error('this rule needs the timeline');
        return context.events.some((e) => eventMatches(matches, e));
      };
    }
  }
}

const compiledRules = new WeakMap<Rule, Test>();
function compiled(rule: Rule): Test {
  let test = compiledRules.get(rule);
  if (!test) compiledRules.set(rule, (test = compile(rule)));
  return test;
}

const NOTHING: KpiContext = Object.freeze({});

/** Does `rule` hold for this case? Throws when the rule needs `now` or events that were not given. */
export function holds(rule: Rule, c: KpiCase, context: KpiContext = NOTHING): boolean {
  return compiled(rule)(c, context);
}

/** Does this one event make `rule` (an event rule) hold? For loaders that see events one by one. */
export function isMatchingEvent(rule: Rule, e: KpiEvent): boolean {
  if (rule.is !== 'event') throw new Error('not a rule over events');
  return eventMatches(rule.matches, e);
}

/** The columns a rule reads ('now' and 'events' when it needs them). */
export function inputsOf(rule: Rule): ReadonlySet<KpiColumn | 'now' | 'events'> {
  const known = inputsCache.get(rule);
  if (known) return known;
  const inputs = new Set<KpiColumn | 'now' | 'events'>();
  const walk = (r: Rule): void => {
    switch (r.is) {
      case 'all':
      case 'any':
        r.rules.forEach(walk);
        return;
      case 'not':
        walk(r.rule);
        return;
      case 'event':
        inputs.add('events');
        return;
      case 'notAfter':
        inputs.add(r.column).add(r.limit);
        return;
      case 'past':
        inputs.add(r.column).add('now');
        return;
      case 'oneOf':
      case 'set':
      case 'positive':
        inputs.add(r.column);
    }
  };
  walk(rule);
  inputsCache.set(rule, inputs);
  return inputs;
}
const inputsCache = new WeakMap<Rule, ReadonlySet<KpiColumn | 'now' | 'events'>>();
const columnsRead = new WeakMap<Rule, KpiColumn[]>();

/**
 * `holds` over some columns of a case (a rollup's key, a loader's row): refuses a rule that reads
 * a column that is not there, instead of judging a default.
 */
export function holdsOn(rule: Rule, columns: Partial<KpiCase>, context: KpiContext = NOTHING): boolean {
  let read = columnsRead.get(rule);
  if (!read)
    columnsRead.set(rule, (read = [...inputsOf(rule)].filter((i): i is KpiColumn => i !== 'now' && i !== 'events')));
  for (const column of read) if (!(column in columns)) throw new Error(`this rule reads ${column}, which is not given`);
  // Every column the rule reads is there: no copy onto a full row (bulk loads call this per case).
  return holds(rule, columns as KpiCase, context);
}

/** The case list's and the detail's overdue flag. */
export function isOverdue(c: Pick<KpiCase, 'status' | 'stage_deadline'>, now: Date): boolean {
  return holdsOn(KPIS.overdue.rule, { status: c.status, stage_deadline: c.stage_deadline }, { now: now.toISOString() });
}

function parsed(data: KpiEvent['data']): Record<string, unknown> {
  if (data === null) return {};
  if (typeof data !== 'string') return data;
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * 按时签收: the case's first acceptance came no later than the acceptance deadline (`acceptBy`)
 * of the assignment it answered — the latest dispatch (or referral) before it. Null while the case
 * has not been accepted, or when that assignment recorded no deadline. Not counted on the
 * dashboard. The same rule as SQL, for counting many cases: `acceptanceColumns` and
 * `countAccepted*` in kpi-sql.ts — change both together (kpi-accept.test.ts checks they agree).
 */
export function acceptedOnTime(events: readonly KpiEvent[]): boolean | null {
  let acceptBy: unknown = undefined;
  for (const e of events) {
    if (e.action === 'dispatch') acceptBy = parsed(e.data).acceptBy;
    else if (e.action === 'accept') return typeof acceptBy === 'string' ? e.at <= acceptBy : null;
  }
  return null;
}
