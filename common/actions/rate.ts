import { Type } from 'typebox';
import { RATINGS, type Rating } from '../case-state.ts';
import { defineAction } from './spec.ts';
import { rating, text } from './fields.ts';

/** 评价: the reporter (or an operator on a return call) rates the result; a satisfied rating closes. */
export const rate = defineAction({
  name: 'rate',
  description: '评价办理结果 / Rate the result',
  fields: { rating: rating('满意度 / Rating'), comment: Type.Optional(text('评价内容 / Comment', 2000)) },
  rule: (state, who, body) => {
    if (!(who.reporter || who.operator || who.sender) || state.status !== 'resolved' || state.rating !== null)
      return null;
    return body?.rating === 'unsatisfied' ? 'resolved' : 'closed';
  },
  replay: (state, data) => {
    state.rating = RATINGS.find((r): r is Rating => r === data.rating) ?? null;
  },
});
