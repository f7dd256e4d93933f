// 回访: how a call to a reporter of a resolved case went. Shared with the web client (its labels).
// A call that reached the caller is followed by the workflow's `rate` action.

export const RETURN_CALL_OUTCOMES = ['reached', 'no_answer', 'wrong_number', 'declined'] as const;
export type ReturnCallOutcome = (typeof RETURN_CALL_OUTCOMES)[number];
