// The rules that look at a case as it is registered, inside intake's transaction (onCaseRegistered):
// words of escalation in its text, a caller reporting again and again, a place with case after
// case, a dispute of many people. Each warning says why in one sentence and lists its cases.
import type { AppContext, Trx } from '../../context.ts';
import { caseIdsAtPlace, casesAround, type CaseRegisteredEvent } from '../cases/index.ts';
import { raiseWarning } from './use-cases/raise-warning.ts';
import { findEscalation } from './escalation-phrases.ts';
import { loadSettings, type RuleSetting } from './warning-settings.ts';
import { activeWarningOf } from './warnings.repository.ts';

const DAY_MS = 86_400_000;

const sinceDays = (at: string, days: number) => new Date(new Date(at).getTime() - days * DAY_MS).toISOString();

/** A setting usable for a counting rule: enabled, with its count and window. */
function counting(setting: RuleSetting | undefined): (RuleSetting & { minCount: number; windowDays: number }) | null {
  if (!setting?.enabled || setting.minCount === null || setting.windowDays === null) return null;
  return setting as RuleSetting & { minCount: number; windowDays: number };
}

export async function applyIntakeRules(ctx: AppContext, trx: Trx, event: CaseRegisteredEvent): Promise<void> {
  const { row, categoryName, at } = event;
  const settings = await loadSettings(ctx.db, trx);
  const about = {
    zh: `事件 ${row.number}（${categoryName}）`,
    en: `case ${row.number} (${categoryName})`,
  };

  // 矛盾激化苗头: one warning per case, red, the leaders told at once.
  const escalation = settings.get('escalation_words');
  if (escalation?.enabled) {
    const matches = findEscalation(`${row.title} ${row.description} ${row.address ?? ''}`);
    if (matches.length > 0) {
      const words = matches.flatMap((m) => m.phrases.map((p) => `“${p}”`)).join('、');
      await raiseWarning(trx, ctx, {
        kind: 'escalation_words',
        level: escalation.level,
        unitId: row.region_id,
        situationKey: `case:${row.id}`,
        title: { zh: `矛盾激化苗头：${about.zh}`, en: `Words of escalation: ${about.en}` },
        explanation: {
          zh: `${about.zh}的报告中出现${words}等${matches.map((m) => m.group.zh).join('、')}字样，矛盾有激化风险，须立即核实稳控。`,
          en: `The report of ${about.en} contains words of ${matches.map((m) => m.group.en).join(', ')} (${matches
            .flatMap((m) => m.phrases)
            .join(', ')}); it may escalate and needs checking at once.`,
        },
        caseIds: [row.id],
        at,
      });
    }
  }

  // The two counting rules' look-ups, in one statement: the caller's cases and the place's.
  const repeatReporter = counting(settings.get('repeat_reporter'));
  const byCaller = repeatReporter !== null && (row.reporter_phone_hash !== null || row.reporter_user_id !== null);
  const repeatLocation = counting(settings.get('repeat_location'));
  const atPlace = repeatLocation !== null && (row.address !== null || (row.lng !== null && row.lat !== null));
  const radiusM = repeatLocation?.radiusM ?? 100;
  const place = atPlace
    ? { address: row.address, lng: row.lng, lat: row.lat, radiusM, since: sinceDays(at, repeatLocation.windowDays) }
    : undefined;
  const around = await casesAround(trx, {
    caller: byCaller
      ? {
          phoneHash: row.reporter_phone_hash,
          reporterUserId: row.reporter_user_id,
          since: sinceDays(at, repeatReporter.windowDays),
        }
      : undefined,
    place,
  });

  // 重复来电: the same phone (its blind index) or the same resident's account.
  if (byCaller) {
    const cases = around.callerCases;
    if (cases.length >= repeatReporter.minCount) {
      const byPhone = row.reporter_phone_hash !== null;
      const situationKey = byPhone ? `phone:${row.reporter_phone_hash}` : `user:${row.reporter_user_id}`;
      const who = byPhone
        ? { zh: '同一来电号码', en: 'The same phone number' }
        : { zh: '同一居民', en: 'The same resident' };
      await raiseWarning(trx, ctx, {
        kind: 'repeat_reporter',
        level: repeatReporter.level,
        unitId: row.region_id,
        situationKey,
        title: {
          zh: `重复反映：${who.zh}${repeatReporter.windowDays}天内${cases.length}件`,
          en: `Repeat reporter: ${cases.length} cases in ${repeatReporter.windowDays} days`,
        },
        explanation: {
          zh: `${who.zh}${repeatReporter.windowDays}天内已反映${cases.length}件事件（达到${repeatReporter.minCount}件即预警），诉求可能未得到解决，最新为${about.zh}。`,
          en: `${who.en} reported ${cases.length} cases in ${repeatReporter.windowDays} days (the threshold is ${repeatReporter.minCount}); the matter may be unresolved. Latest: ${about.en}.`,
        },
        caseIds: cases.map((c) => c.id),
        at,
      });
    }
  }

  // 同一地点多发: the same address, or within the radius of the point.
  if (place && repeatLocation && around.place.count >= repeatLocation.minCount) {
    const count = around.place.count;
    // The same place is the situation of an active warning that already holds one of its cases. At
    // a busy place that warning holds the newest ones, and this report's newest cases join it (the
    // place is counted in the database; no report reads or offers all its cases). Only when none
    // of the newest is in one are all the place's cases read — to find one by an older case, or to
    // raise one that lists them all. The report's own case is among them, even when reports at the
    // place that committed after it are newer.
    let ids = [...new Set([...around.place.newestIds, row.id])].sort((a, b) => a - b);
    let active = await activeWarningOf(trx, 'repeat_location', ids);
    if (active === undefined && count > ids.length) {
      ids = await caseIdsAtPlace(trx, place);
      active = await activeWarningOf(trx, 'repeat_location', ids);
    }
    const situationKey = active?.situation_key ?? `place:${ids[0]}`;
    const where = row.address ? `“${row.address}”` : '同一地点';
    await raiseWarning(trx, ctx, {
      kind: 'repeat_location',
      level: repeatLocation.level,
      unitId: row.region_id,
      situationKey,
      title: {
        zh: `同一地点多发：${where}${count}件`,
        en: `Repeat location: ${count} cases at one place`,
      },
      explanation: {
        zh: `${where}或其${radiusM}米范围内${repeatLocation.windowDays}天内发生${count}件事件（达到${repeatLocation.minCount}件即预警），最新为${about.zh}。`,
        en: `${count} cases at ${row.address ?? 'one place'} or within ${radiusM} m in ${repeatLocation.windowDays} days (the threshold is ${repeatLocation.minCount}). Latest: ${about.en}.`,
      },
      caseIds: ids,
      at,
      active,
    });
  }

  // 群体性纠纷: marked so at intake, or involving at least the threshold of people.
  const group = settings.get('group_dispute');
  const minPeople = group?.minCount ?? 5;
  const many = row.involved_count !== null && row.involved_count >= minPeople;
  if (group?.enabled && (row.group_matter === 1 || many)) {
    const why =
      row.group_matter === 1
        ? { zh: '受理时标记为群体性事件', en: 'was marked a group matter at intake' }
        : {
            zh: `涉及${row.involved_count}人（达到${minPeople}人即预警）`,
            en: `involves ${row.involved_count} people (the threshold is ${minPeople})`,
          };
    await raiseWarning(trx, ctx, {
      kind: 'group_dispute',
      level: group.level,
      unitId: row.region_id,
      situationKey: `case:${row.id}`,
      title: { zh: `群体性纠纷：${about.zh}`, en: `Group dispute: ${about.en}` },
      explanation: {
        zh: `${about.zh}${why.zh}，须防止矛盾扩大、及早化解。`,
        en: `${about.en[0]!.toUpperCase()}${about.en.slice(1)} ${why.en}; it needs early handling before it grows.`,
      },
      caseIds: [row.id],
      at,
    });
  }
}
