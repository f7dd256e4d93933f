// HTTP for third-party evaluation: the evaluator draws a sample of a unit's closed cases, goes
// through the calling sheet (reveal the number — audited, budgeted — call, record), and reads the
// comparison of the sampled satisfaction with the unit's own figure.
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import {
  IdParams,
  Page,
  errorResponses,
  decodeCursor,
  positiveIntCursor,
  encodeCursor,
} from '../../platform/http/schemas.ts';
import { pathIds } from '../../platform/db/subtree.ts';
import { authorize, jurisdictionPaths, retryAfterSecondsOf } from '../auth/index.ts';
import { findUnitById, findUnitsByIds, unitNames } from '../org/index.ts';
import { REVEAL_BUDGET, REVEAL_WINDOW_MS, revealReporter, sampledCases } from '../cases/index.ts';
import {
  callsOfSample,
  findItem,
  listSamples,
  sampleItems,
  type CallRow,
  type SampleRow,
} from './evaluation.repository.ts';
import {
  Comparison,
  DrawSampleBody,
  EvaluationCallOut,
  ItemParams,
  RecordCallBody,
  RevealBody,
  RevealedPhone,
  SampleDetail,
  SampleListQuery,
  SampleSummary,
} from './evaluation.schemas.ts';
import { compareSample } from './use-cases/compare.ts';
import { drawEvaluationSample } from './use-cases/draw-sample.ts';
import { readableSample, workableSample } from './use-cases/load-sample.ts';
import { recordEvaluationCall } from './use-cases/record-call.ts';

const TAGS = ['evaluation'];
const listCursor = positiveIntCursor('beforeId');

function presentSummary(row: SampleRow, unitName: string, drawn: number, reached: number) {
  return {
    id: row.id,
    unitId: row.unit_id,
    unitName,
    period: row.period_label,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    requestedSize: row.requested_size,
    drawn,
    reached,
    population: row.population,
    seed: row.seed,
    createdAt: row.created_at,
  };
}

function presentCall(call: CallRow) {
  return {
    id: call.id,
    at: call.at,
    reached: call.reached === 1,
    rating: call.rating,
    solved: call.solved === null ? null : call.solved === 1,
    comment: call.comment,
    byName: call.by_name,
  };
}

async function unitOf(ctx: AppContext, sample: SampleRow) {
  const unit = await findUnitById(ctx.db, sample.unit_id);
  if (!unit) throw new AppError('NOT_FOUND').denying('org_unit', sample.unit_id);
  return unit;
}

async function presentDetail(ctx: AppContext, sample: SampleRow) {
  const unit = await unitOf(ctx, sample);
  const [items, calls] = await Promise.all([sampleItems(ctx.db, sample.id), callsOfSample(ctx.db, sample.id)]);
  const cases = await sampledCases(
    ctx.db,
    ctx.cipher,
    items.map((i) => i.case_id),
  );
  const regionIds = [...cases.values()].flatMap((c) => pathIds(c.regionPath));
  const regions = new Map((await findUnitsByIds(ctx.db, [...new Set(regionIds)])).map((u) => [u.id, u]));
  const presented = items.flatMap((item) => {
    const c = cases.get(item.case_id);
    if (!c) return [];
    const own = calls.filter((call) => call.item_id === item.id);
    const counted = own.filter((call) => call.reached === 1).at(-1) ?? null;
    const township = pathIds(c.regionPath)
      .map((id) => regions.get(id))
      .find((u) => u?.level === 'township');
    return [
      {
        id: item.id,
        position: item.position,
        caseId: c.id,
        number: c.number,
        title: c.title,
        categoryName: c.categoryName,
        townshipName: township?.name ?? null,
        regionName: regions.get(c.regionId)?.name ?? '',
        createdAt: c.createdAt,
        resolvedAt: c.resolvedAt,
        closedAt: c.closedAt,
        result: c.result,
        selfRating: c.rating,
        reporterName: c.reporterName,
        reporterPhone: c.reporterPhoneMasked,
        calls: own.map(presentCall),
        countedCallId: counted?.id ?? null,
      },
    ];
  });
  const reached = new Set(calls.filter((c) => c.reached === 1).map((c) => c.item_id)).size;
  return {
    ...presentSummary(sample, unit.name, items.length, reached),
    items: presented,
    comparison: await compareSample(ctx, sample, unit),
  };
}

export function evaluationRoutes(app: Api, ctx: AppContext): void {
  app.post(
    '/api/v1/evaluation-samples',
    {
      schema: {
        tags: TAGS,
        summary: '抽取评估样本 / Draw an evaluation sample',
        description:
          '从单位（含下级）在该期间内办结（已结案、留有电话）的事件中按种子随机抽取；同一种子抽出同一样本。评估员（`evaluation:sample`）；辖区外单位 404；无可抽事件 422 / Draws a random, reproducible sample of the cases of the unit’s area closed within the period whose reporter left a number. Evaluators only; a unit outside the area is 404; an empty frame is 422 EVALUATION_NOTHING_TO_SAMPLE.',
        body: DrawSampleBody,
        response: { 201: SampleDetail, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'evaluation:sample');
      const { sample } = await drawEvaluationSample(ctx, actor, request.body, request.ip);
      return reply.status(201).send(await presentDetail(ctx, sample));
    },
  );

  app.get(
    '/api/v1/evaluation-samples',
    {
      schema: {
        tags: TAGS,
        summary: '评估样本列表 / Evaluation samples',
        description:
          '辖区内单位的样本，新的在前 / Samples of units in the caller’s area, newest first. Evaluators, leaders and administrators (`evaluation:read`).',
        querystring: SampleListQuery,
        response: { 200: Page(SampleSummary), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'evaluation:read');
      const limit = request.query.limit ?? 50;
      const rows = await listSamples(ctx.db, {
        regionPaths: jurisdictionPaths(actor, 'evaluation:read'),
        unitId: request.query.unitId,
        beforeId: decodeCursor(request.query.cursor, listCursor)?.beforeId,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const names = await unitNames(
        ctx.db,
        page.map((r) => r.unit_id),
      );
      return {
        items: page.map((r) => presentSummary(r, names.get(r.unit_id) ?? '', r.item_count, r.reached_count)),
        nextCursor: rows.length > limit ? encodeCursor({ beforeId: page.at(-1)!.id }) : null,
      };
    },
  );

  app.get(
    '/api/v1/evaluation-samples/:id',
    {
      schema: {
        tags: TAGS,
        summary: '评估样本及回访表 / A sample with its calling sheet',
        description:
          '抽中事件（电话脱敏）、已记录的通话与对比 / The sampled cases in draw order (numbers masked), the calls recorded and the comparison. `evaluation:read`; outside the area 404.',
        params: IdParams,
        response: { 200: SampleDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'evaluation:read');
      return presentDetail(ctx, await readableSample(ctx, actor, request.params.id));
    },
  );

  app.get(
    '/api/v1/evaluation-samples/:id/comparison',
    {
      schema: {
        tags: TAGS,
        summary: '自报与抽样满意率对比 / Self-reported against sampled satisfaction',
        description:
          '单位自报满意率（仪表盘口径）与样本满意率及其 95% 区间；超出误差时 beyondMargin 为 true / The unit’s own satisfaction rate (as the dashboard counts it) beside the sampled one with its 95 % Wilson interval (finite-population corrected); `beyondMargin` when the own rate lies outside it.',
        params: IdParams,
        response: { 200: Comparison, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'evaluation:read');
      const sample = await readableSample(ctx, actor, request.params.id);
      return compareSample(ctx, sample, await unitOf(ctx, sample));
    },
  );

  app.post(
    '/api/v1/evaluation-samples/:id/items/:itemId/reveal-phone',
    {
      schema: {
        tags: TAGS,
        summary: '查看抽样事件反映人电话（留痕） / Show a sampled reporter’s number (audited)',
        description:
          `须说明事由，记入审计（不含号码），与回访查看号码共用额度：每个账号 ${REVEAL_WINDOW_MS / 60_000} 分钟内至多 ${REVEAL_BUDGET} 次 / ` +
          `With a reason, audited as every reveal (never the number), on the same budget as other reveals (${REVEAL_BUDGET} per account in ${REVEAL_WINDOW_MS / 60_000} minutes, then 429 with Retry-After). Evaluators (\`evaluation:reveal_phone\`), for the cases of samples in their area only.`,
        params: ItemParams,
        body: RevealBody,
        response: { 200: RevealedPhone, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'evaluation:reveal_phone');
      const sample = await workableSample(ctx, actor, request.params.id);
      const item = await findItem(ctx.db, sample.id, request.params.itemId);
      if (!item) throw new AppError('NOT_FOUND').denying('evaluation_sample_item', request.params.itemId);
      try {
        return await revealReporter(
          ctx,
          actor,
          item.case_id,
          request.body.reason,
          request.ip,
          'evaluation:reveal_phone',
        );
      } catch (error) {
        const seconds = retryAfterSecondsOf(error);
        if (seconds !== undefined) void reply.header('retry-after', String(seconds));
        throw error;
      }
    },
  );

  app.post(
    '/api/v1/evaluation-samples/:id/items/:itemId/calls',
    {
      schema: {
        tags: TAGS,
        summary: '记录一次评估回访 / Record an evaluation call',
        description:
          '是否接通；接通时可记满意度、是否真正解决与记录。可多次拨打，以最后一次接通为准 / Whether the reporter was reached and, if so, the rating, whether the problem was genuinely solved and a comment. Several attempts may be recorded; the last reached one counts. 422 EVALUATION_CALL_INVALID for a rating without reaching anyone.',
        params: ItemParams,
        body: RecordCallBody,
        response: { 201: EvaluationCallOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'evaluation:sample');
      const call = await recordEvaluationCall(
        ctx,
        actor,
        request.params.id,
        request.params.itemId,
        request.body,
        request.ip,
      );
      return reply.status(201).send(presentCall(call));
    },
  );
}
