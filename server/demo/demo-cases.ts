// A few thousand realistic cases in 潍城区 for the demo: every category and status, Chinese
// reports that read like real ones (demo-case-texts.ts), deterministic (the same seed gives the
// same cases), written in bulk (demo-bulk-insert.ts) with their assignments, timelines and search
// index (demo-case-history.ts).
import { sql, type Insertable } from 'kysely';
import type { AppContext, Trx } from '../context.ts';
import { beijingDay } from '../platform/calendar/working-days.ts';
import { loadWorkCalendar } from '../modules/calendar/index.ts';
import { newTrackingCode, searchText, type CaseRecordTable } from '../modules/cases/index.ts';
import { centreOf, standardUnitOf } from '../modules/org/index.ts';
import { multiPolygonContains, type MultiPolygon } from '../modules/org/geo.ts';
import { addCaseStats, pauseCaseStats, resumeCaseStats } from '../modules/cases/stats.repository.ts';
import type { CaseStatus } from '../../common/workflow.ts';
import {
  CHANNELS,
  GIVEN,
  RESULTS,
  ROADS,
  SURNAMES,
  TEMPLATES,
  fill,
  generator,
  validPhone,
  type Random,
} from './demo-case-texts.ts';
import { CASE_COLUMNS, insertRows } from './demo-bulk-insert.ts';
import { beijingDayNumber, memoisedDeadlines, writeHistory, type CasePlan } from './demo-case-history.ts';

interface Grid {
  id: number;
  path: string;
  township: string;
  shape: MultiPolygon;
  box: [number, number, number, number];
}

function statusFor(ageDays: number, rnd: Random): CaseStatus {
  const r = rnd.next();
  if (ageDays < 3) return r < 0.45 ? 'registered' : r < 0.75 ? 'dispatched' : r < 0.95 ? 'in_progress' : 'resolved';
  if (ageDays < 15)
    return r < 0.05
      ? 'registered'
      : r < 0.12
        ? 'dispatched'
        : r < 0.45
          ? 'in_progress'
          : r < 0.7
            ? 'resolved'
            : r < 0.95
              ? 'closed'
              : 'cancelled';
  return r < 0.02 ? 'in_progress' : r < 0.07 ? 'resolved' : r < 0.95 ? 'closed' : 'cancelled';
}

/** Cases are generated and written in chunks of this many, each in its own transaction. */
const CHUNK = 5000;

export async function seedDemoCases(
  ctx: AppContext,
  count = 3000,
  seed = 20_201_902,
  onProgress?: (written: number) => void,
  options: {
    /** A bulk load that rebuilds its indexes afterwards analyses them itself. */
    analyze?: boolean;
    /** Cases per transaction (bulk loads: more per transaction, fewer rollup rows to update). */
    chunk?: number;
    /** Runs first in each transaction (a bulk load's session settings). */
    beginChunk?: (trx: Trx) => Promise<void>;
  } = {},
): Promise<number> {
  const chunk = options.chunk ?? CHUNK;
  if (count === 0) return 0;
  const existing = await ctx.db
    .selectFrom('case_record')
    .select('id')
    .where('number', 'like', '370702-%-D%')
    .limit(1)
    .executeTakeFirst();
  if (existing) return 0;
  const rnd = generator(seed);
  const calendar = await loadWorkCalendar(ctx.db);
  const now = ctx.clock.now();
  const gridRows = await ctx.db
    .selectFrom('org_unit')
    .innerJoin('org_geometry', 'org_geometry.unit_id', 'org_unit.id')
    .select([
      'org_unit.id',
      'org_unit.path',
      'org_unit.code',
      'org_geometry.geojson',
      'org_geometry.min_lng',
      'org_geometry.min_lat',
      'org_geometry.max_lng',
      'org_geometry.max_lat',
    ])
    .where('org_unit.level', '=', 'grid')
    .where('org_unit.kind', '=', 'basic')
    .where('org_unit.code', 'like', '370702%')
    .orderBy('org_unit.code')
    .execute();
  const grids: Grid[] = gridRows.map((g) => ({
    id: g.id,
    path: g.path,
    township: g.code.slice(0, 9),
    shape: JSON.parse(g.geojson) as MultiPolygon,
    box: [g.min_lng, g.min_lat, g.max_lng, g.max_lat],
  }));
  // Each case's centre and suggested lead as intake and routing find them: the owning region's
  // 综治中心 and the standard unit its category's responsibility list names.
  const regions = await ctx.db
    .selectFrom('org_unit')
    .select(['id', 'code'])
    .where('type', '=', 'region')
    .where('level', 'in', ['county', 'township'])
    .where('code', 'like', '370702%')
    .execute();
  const centreByRegion = new Map<string, { id: number }>();
  for (const region of regions) {
    const centre = await centreOf(ctx.db, region.id);
    if (centre) centreByRegion.set(region.code, centre);
  }
  const categories = await ctx.db
    .selectFrom('category')
    .selectAll()
    .where('owner_level', 'is not', null)
    .orderBy('sort')
    .execute();
  const leadByRegion = new Map<string, { id: number }>();
  for (const suffix of new Set(categories.flatMap((c) => (c.owner_unit ? [c.owner_unit] : [])))) {
    for (const region of regions) {
      const unit = await standardUnitOf(ctx.db, region.id, suffix);
      if (unit) leadByRegion.set(`${region.code} ${suffix}`, unit);
    }
  }
  const staff = await ctx.db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name'])
    .where('username', 'in', ['dispatcher', 'operator', 'department', 'gridworker', 'resident'])
    .execute();
  const person = (username: string) => staff.find((s) => s.username === username);

  const deadlines = memoisedDeadlines(calendar);
  const years = new Map<number, string>();
  const yearOf = (instant: Date) => {
    const day = beijingDayNumber(instant);
    let year = years.get(day);
    if (year === undefined) years.set(day, (year = beijingDay(instant).slice(0, 4)));
    return year;
  };
  // Bulk runs repeat texts and reporters: segment and seal each distinct one once.
  const segmented = new Map<string, string>();
  const segment = (text: string) => {
    let value = segmented.get(text);
    if (value === undefined) segmented.set(text, (value = searchText(text)));
    return value;
  };
  const words = (text: string, address: string) =>
    [...new Set(`${segment(text)} ${segment(address)}`.split(' '))].join(' ');
  const pool: { name: string; phoneEnc: string; phoneHash: string; last4Hash: string }[] = [];
  const poolSize = Math.max(200, Math.min(50_000, Math.floor(count / 5)));
  const reporters = (r: ReturnType<typeof generator>) => {
    const index = r.int(0, poolSize - 1);
    if (!pool[index]) {
      const phone = validPhone(r);
      pool[index] = {
        name: `${r.pick([...SURNAMES])}${r.pick(GIVEN)}`,
        phoneEnc: ctx.cipher.encrypt(phone),
        phoneHash: ctx.cipher.blindIndex(phone),
        last4Hash: ctx.cipher.blindIndex(phone.slice(-4)),
      };
    }
    return pool[index];
  };
  // A chunk is written while the next one is generated: PostgreSQL inserts in its own process
  // meanwhile (SQLite, in this thread, simply takes turns).
  let writing: Promise<void> = Promise.resolve();
  for (let start = 0; start < count; start += chunk) {
    const cases: Insertable<CaseRecordTable>[] = [];
    const plans: CasePlan[] = [];
    for (let i = start; i < Math.min(count, start + chunk); i++) {
      if (i % 1000 === 999) await new Promise((resolve) => setImmediate(resolve));
      const category = rnd.pick(categories);
      const grid = rnd.pick(grids);
      let point: [number, number] = [(grid.box[0] + grid.box[2]) / 2, (grid.box[1] + grid.box[3]) / 2];
      for (let tries = 0; tries < 30; tries++) {
        const candidate: [number, number] = [
          grid.box[0] + rnd.next() * (grid.box[2] - grid.box[0]),
          grid.box[1] + rnd.next() * (grid.box[3] - grid.box[1]),
        ];
        if (multiPolygonContains(grid.shape, candidate)) {
          point = candidate;
          break;
        }
      }
      const ageDays = rnd.next() ** 1.6 * 90;
      const created = new Date(now.getTime() - ageDays * 86_400_000 - rnd.int(0, 3600) * 1000);
      const status = statusFor(ageDays, rnd);
      const ownerRegion = category.owner_level === 'county' ? '370702' : grid.township;
      const lead =
        leadByRegion.get(`${ownerRegion} ${category.owner_unit}`) ?? leadByRegion.get(`370702 ${category.owner_unit}`);
      const centre = centreByRegion.get(ownerRegion) ?? centreByRegion.get('370702')!;
      const description = fill(rnd.pick(TEMPLATES[category.code] ?? ['群众反映{road}附近存在问题，请求处理']), rnd);
      const estateAddress = `${rnd.pick(ROADS)}${rnd.int(1, 300)}号`;
      // Residents report more than once: draw from a pool of reporters, sealed once each.
      const reporter = reporters(rnd);
      const assigned = status !== 'registered' && !(status === 'cancelled' && rnd.next() < 0.5);
      const triageDeadline = deadlines.add(created, 1);
      const handleDeadline = deadlines.add(created, category.handle_days);
      const rating: CaseRecordTable['rating'] =
        status === 'closed'
          ? rnd.pick([
              'satisfied',
              'satisfied',
              'satisfied',
              'basically_satisfied',
              'basically_satisfied',
              'unsatisfied',
            ] as const)
          : null;
      const result = status === 'resolved' || status === 'closed' ? rnd.pick(RESULTS) : null;
      const stageName =
        status === 'registered'
          ? 'triage'
          : status === 'dispatched'
            ? 'accept'
            : status === 'in_progress'
              ? 'handle'
              : null;
      const stageDeadline =
        stageName === 'triage'
          ? triageDeadline
          : stageName === 'accept'
            ? deadlines.add(created, 1)
            : stageName === 'handle'
              ? handleDeadline
              : null;
      const title = `${category.name}：${description}`.slice(0, 60);
      cases.push({
        number: `370702-${yearOf(created)}-D${String(i + 1).padStart(6, '0')}`,
        title,
        description,
        kind: category.kind,
        category_code: category.code,
        channel: rnd.pick(CHANNELS),
        status,
        version: 1,
        region_id: grid.id,
        region_path: grid.path,
        grid_id: grid.id,
        centre_id: centre.id,
        lead_unit_id: assigned ? (lead?.id ?? null) : null,
        lng: point[0],
        lat: point[1],
        address: estateAddress,
        reporter_name: reporter.name,
        reporter_phone_enc: reporter.phoneEnc,
        reporter_phone_hash: reporter.phoneHash,
        reporter_phone_last4_hash: reporter.last4Hash,
        reporter_user_id: null,
        created_by: person('operator')?.id ?? null,
        created_at: created.toISOString(),
        updated_at: created.toISOString(),
        stage: stageName,
        stage_deadline: stageDeadline?.toISOString() ?? null,
        yellow_at: stageDeadline ? deadlines.yellow(stageDeadline).toISOString() : null,
        yellow_carded_at: null,
        red_carded_at: null,
        supervise_noticed_at: null,
        handle_deadline: assigned ? handleDeadline.toISOString() : null,
        extension_days: 0,
        extension_pending: null,
        return_count: 0,
        reopen_count: 0,
        supervise_count: 0,
        resolved_at: result
          ? new Date(
              created.getTime() + rnd.int(1, Math.max(1, Math.floor(ageDays * 0.8))) * 3600_000 * 6,
            ).toISOString()
          : null,
        result,
        closed_at:
          status === 'closed' || status === 'cancelled'
            ? new Date(Math.min(now.getTime(), created.getTime() + (ageDays * 0.9 + 0.2) * 86_400_000)).toISOString()
            : null,
        rating,
        merged_into_id: null,
        search_text: words(`${category.name} ${description}`, estateAddress),
        tracking_code: newTrackingCode(),
        external_system: null,
        external_id: null,
        service_account_id: null,
      });
      plans.push({ status, created, leadUnitId: assigned ? (lead?.id ?? null) : null, result, rating });
    }

    await writing;
    const written = Math.min(count, start + chunk);
    writing = ctx.db.transaction().execute(async (trx) => {
      await options.beginChunk?.(trx);
      // The rollup triggers skip this transaction; its cases are added to them in one pass.
      await pauseCaseStats(trx, now);
      const returned = await insertRows(trx, ctx.dialect, 'case_record', CASE_COLUMNS, cases, 'id, number');
      const idOf = new Map(returned.map((r) => [r.number as string, Number(r.id)]));
      const inserted = cases.map((c) => ({ id: idOf.get(c.number)!, search_text: c.search_text }));
      const responded = await writeHistory(ctx, trx, deadlines, inserted, plans, staff);
      await addCaseStats(
        trx,
        ctx.dialect,
        cases.map((c, i) => ({
          region_path: c.region_path,
          created_at: c.created_at,
          status: c.status,
          category_code: c.category_code,
          rating: c.rating ?? null,
          resolved_at: c.resolved_at ?? null,
          handle_deadline: c.handle_deadline ?? null,
          stage_deadline: c.stage_deadline ?? null,
          responded: responded.has(inserted[i]!.id),
        })),
      );
      await resumeCaseStats(trx);
    });
    writing = writing.then(() => onProgress?.(written));
    // Awaited before the next chunk (or after the last); not an unhandled rejection meanwhile.
    writing.catch(() => undefined);
  }
  await writing;
  // Fresh planner statistics after a bulk load (both engines understand ANALYZE).
  if (options.analyze !== false) await sql`analyze`.execute(ctx.db);
  await ctx.db.transaction().execute((trx) =>
    ctx.audit.append(
      trx,
      {
        actor: null,
        action: 'demo.seed_cases',
        subjectType: 'case',
        subjectId: null,
        outcome: 'success',
        details: { count, seed },
      },
      now,
    ),
  );
  return count;
}
