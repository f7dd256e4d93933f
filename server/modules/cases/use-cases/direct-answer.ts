// 直接答复: an operator answers the caller's question at intake from a knowledge-base article, so
// the case is recorded, answered and resolved at once. Runs inside the intake's transaction right
// after the case row and its 受理 event are written: any refusal here rolls the whole intake back,
// so a refused direct answer leaves no case behind.
//
// The answer is recorded as the workflow's `resolve` from `registered` (the on-the-spot resolution
// a grid worker may give): the KPI rules and the dashboard's rollup triggers already count that as
// responded and resolved, and the timeline replays it as it does any resolution. Its event data
// carries `directAnswer` (the article cited), which the timeline shows as 直接答复.
import { Type } from 'typebox';
import type { AppContext, Trx } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { enqueue } from '../../../platform/outbox/outbox.ts';
import { auditActorOf, can, type Actor } from '../../auth/index.ts';
import { articleAppliesAt, canReadArticle, findArticle } from '../../knowledge/index.ts';
import { loadWorkCalendar } from '../../calendar/index.ts';
import { appendEvent, type CaseRow } from '../cases.repository.ts';
import { runCaseActionHooks } from '../case-hooks.ts';
import { stage, toReporter } from '../actions/effect.ts';

export const ANSWER_MAX = 2000;

export const DirectAnswerBody = Type.Object(
  {
    articleId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
    answer: Type.String({ minLength: 1, maxLength: ANSWER_MAX }),
  },
  {
    additionalProperties: false,
    description: '直接答复：引用知识库条目当场答复并办结 / Answer at once from an article',
  },
);

export interface DirectAnswerInput {
  articleId: number;
  answer: string;
}

/** The result a direct answer leaves on the case: the answer, then the article it rests on. */
export function directAnswerResult(answer: string, articleTitle: string): string {
  return `${answer}\n（依据知识库：《${articleTitle}》）`;
}

export async function answerDirectly(
  ctx: AppContext,
  trx: Trx,
  actor: Actor,
  registered: CaseRow,
  input: DirectAnswerInput,
  clientIp: string | null,
): Promise<CaseRow> {
  if (!can(actor, 'case:direct_answer', [registered.region_path])) {
    throw new AppError('FORBIDDEN', '无权直接答复 / You may not answer a case directly');
  }
  const answer = input.answer.trim();
  if (answer === '') {
    throw new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [
      { field: 'directAnswer.answer', message: '请填写答复内容 / Write the answer' },
    ]);
  }
  const article = await findArticle(trx, input.articleId);
  if (
    !article ||
    article.status !== 'active' ||
    !canReadArticle(actor, article) ||
    !articleAppliesAt(article, registered.region_path)
  ) {
    throw new AppError('DIRECT_ANSWER_ARTICLE_INVALID', undefined, { field: 'directAnswer.articleId' });
  }
  const now = new Date(registered.created_at);
  const at = registered.created_at;
  const result = directAnswerResult(answer, article.title);
  const resolved = await trx
    .updateTable('case_record')
    .set({
      status: 'resolved',
      version: registered.version + 1,
      result,
      resolved_at: at,
      rating: null,
      updated_at: at,
      ...stage(await loadWorkCalendar(trx), null, null),
    })
    .where('id', '=', registered.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const data = {
    result,
    onTheSpot: true,
    directAnswer: { articleId: article.id, articleTitle: article.title },
  };
  const who = auditActorOf(actor, 'case:direct_answer');
  await appendEvent(trx, {
    case_id: registered.id,
    action: 'resolve',
    from_status: 'registered',
    to_status: 'resolved',
    actor_user_id: actor.userId,
    actor_name: actor.displayName,
    actor_role: who?.role ?? null,
    actor_unit_id: who?.unitId ?? null,
    at,
    data: JSON.stringify(data),
  });
  await runCaseActionHooks(ctx, trx, {
    action: 'resolve',
    before: registered,
    to: 'resolved',
    actor,
    at,
    data,
    clientIp,
  });
  await enqueue(trx, [toReporter(registered, 'resolve', 'case.resolved', 'resolved')], now);
  await ctx.audit.append(
    trx,
    {
      actor: who,
      action: 'case.direct_answer',
      subjectType: 'case',
      subjectId: registered.id,
      outcome: 'success',
      clientIp,
      details: { articleId: article.id, from: 'registered', to: 'resolved' },
    },
    now,
  );
  return resolved;
}
