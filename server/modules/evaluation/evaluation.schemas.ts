// Requests and answers of third-party evaluation: drawing a sample, the calling sheet (the sampled
// cases with masked numbers and the calls made), a reveal, a call, and the comparison.
import { Type } from 'typebox';
import { RATINGS } from '../../../common/case-state.ts';
import { SEED_PATTERN } from './draw.ts';
import { MAX_SAMPLE_SIZE } from './use-cases/draw-sample.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const RATING_TEXT = '满意度：satisfied 满意、basically_satisfied 基本满意、unsatisfied 不满意 / Rating';
const RatingSchema = Type.Enum(RATINGS, { type: 'string', description: RATING_TEXT });
const RatingOrNull = Nullable(Type.String({ enum: [...RATINGS], description: RATING_TEXT }));

export const DrawSampleBody = Type.Object(
  {
    unitId: Id,
    period: Type.String({
      maxLength: 40,
      description: '期间：2026-11、2026-Q4、2026 或 2026-11-01..2026-11-15 / Period',
    }),
    size: Type.Integer({
      minimum: 1,
      maximum: MAX_SAMPLE_SIZE,
      description: `样本量（至多 ${MAX_SAMPLE_SIZE}） / How many cases to draw (at most ${MAX_SAMPLE_SIZE})`,
    }),
    seed: Type.Optional(
      Type.String({
        pattern: SEED_PATTERN,
        description: '随机种子（同一种子抽出同一样本；不填则自动生成） / Seed; the same seed draws the same sample',
      }),
    ),
  },
  { additionalProperties: false },
);

export const SampleListQuery = Type.Object(
  {
    unitId: Type.Optional(Id),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);

export const SampleSummary = Type.Object(
  {
    id: Type.Integer(),
    unitId: Type.Integer(),
    unitName: Type.String(),
    period: Type.String({ description: '期间 / Period label' }),
    periodFrom: Type.String(),
    periodTo: Type.String(),
    requestedSize: Type.Integer({ description: '申请样本量 / Size asked for' }),
    drawn: Type.Integer({ description: '抽中事件数 / Cases drawn' }),
    reached: Type.Integer({ description: '已接通事件数 / Cases whose reporter was reached' }),
    population: Type.Integer({ description: '抽样框大小（可抽事件总数） / Cases eligible (the frame)' }),
    seed: Type.String({ description: '随机种子 / Seed' }),
    createdAt: Type.String(),
  },
  { title: 'EvaluationSampleSummary' },
);

export const EvaluationCallOut = Type.Object(
  {
    id: Type.Integer(),
    at: Type.String(),
    reached: Type.Boolean({ description: '是否接通 / Reached' }),
    rating: RatingOrNull,
    solved: Nullable(Type.Boolean({ description: '问题是否真正解决 / Genuinely solved' })),
    comment: Nullable(Type.String()),
    byName: Type.String({ description: '评估员 / Who called' }),
  },
  { title: 'EvaluationCall' },
);

export const SampleItemOut = Type.Object(
  {
    id: Type.Integer({ description: '抽样条目 / Item id' }),
    position: Type.Integer({ description: '抽取顺序 / Draw order' }),
    caseId: Type.Integer(),
    number: Type.String({ description: '事件编号 / Case number' }),
    title: Type.String(),
    categoryName: Type.String(),
    townshipName: Nullable(Type.String({ description: '乡镇（街道） / Township' })),
    regionName: Type.String({ description: '所在网格或地区 / Grid or region' }),
    createdAt: Type.String(),
    resolvedAt: Nullable(Type.String()),
    closedAt: Nullable(Type.String()),
    result: Nullable(Type.String({ description: '办理结果 / Result given' })),
    selfRating: RatingOrNull,
    reporterName: Nullable(Type.String()),
    reporterPhone: Nullable(
      Type.String({ description: '反映人电话（脱敏） / Reporter’s number, masked (clear via reveal-phone)' }),
    ),
    calls: Type.Array(EvaluationCallOut),
    countedCallId: Nullable(Type.Integer({ description: '计入统计的通话（最后一次接通） / The call that counts' })),
  },
  { title: 'EvaluationSampleItem' },
);

export const Comparison = Type.Object(
  {
    unitId: Type.Integer(),
    unitName: Type.String(),
    period: Type.String(),
    selfReported: Nullable(
      Type.Object({
        rated: Type.Integer(),
        satisfied: Type.Integer(),
        rate: Nullable(Type.Number()),
      }),
    ),
    sampled: Type.Object({
      reached: Type.Integer(),
      rated: Type.Integer(),
      satisfied: Type.Integer(),
      solved: Type.Integer({ description: '回答问题已真正解决的 / Said the problem was genuinely solved' }),
      rate: Nullable(Type.Number()),
      low: Nullable(Type.Number({ description: '95% 区间下限 / 95 % interval, low' })),
      high: Nullable(Type.Number({ description: '95% 区间上限 / 95 % interval, high' })),
      margin: Nullable(Type.Number({ description: '误差幅度 / Margin of error' })),
    }),
    population: Type.Integer(),
    gap: Nullable(Type.Number({ description: '自报满意率 − 抽样满意率 / Self-reported minus sampled' })),
    beyondMargin: Nullable(
      Type.Boolean({ description: '差距超出抽样误差（自报率落在 95% 区间外） / The gap is beyond the margin' }),
    ),
    method: Type.String(),
  },
  { title: 'EvaluationComparison' },
);

export const SampleDetail = Type.Intersect(
  [SampleSummary, Type.Object({ items: Type.Array(SampleItemOut), comparison: Comparison })],
  {
    title: 'EvaluationSampleDetail',
  },
);

export const ItemParams = Type.Object({ id: Id, itemId: Id });

export const RevealBody = Type.Object(
  {
    reason: Type.String({
      minLength: 2,
      maxLength: 200,
      pattern: '\\S',
      description: '查看事由 / Why the number is needed',
    }),
  },
  { additionalProperties: false },
);

export const RevealedPhone = Type.Object({ phone: Nullable(Type.String()) });

export const RecordCallBody = Type.Object(
  {
    reached: Type.Boolean({ description: '是否接通 / Reached the reporter' }),
    rating: Type.Optional(RatingSchema),
    solved: Type.Optional(Type.Boolean({ description: '问题是否真正解决 / Genuinely solved' })),
    comment: Type.Optional(Type.String({ maxLength: 2000, description: '记录 / Comment' })),
  },
  { additionalProperties: false },
);
