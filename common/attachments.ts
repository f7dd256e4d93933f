// What a case attachment is for, shared with the web client (its picker and labels). Who sees
// which stage is the server's rule (server/modules/cases/attachments.policy.ts).

/** 反映材料 (what the reporter sent, or was taken at intake), 处置前, 处置后, 办理结果, 其他. */
export const ATTACHMENT_STAGES = ['report', 'before', 'after', 'result', 'other'] as const;
export type AttachmentStage = (typeof ATTACHMENT_STAGES)[number];

export function isAttachmentStage(value: string): value is AttachmentStage {
  return (ATTACHMENT_STAGES as readonly string[]).includes(value);
}
