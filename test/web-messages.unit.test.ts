// The console's dictionary: every string in both languages, and the Chinese side free of English
// words (the browser test reads the pages it visits; this covers the strings it does not reach).
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../web/src/shared/messages.ts';
import * as labels from '../web/src/shared/labels.ts';
import type { Bilingual } from '../web/src/shared/bilingual.ts';

const isBilingual = (value: unknown): value is Bilingual =>
  typeof value === 'object' && value !== null && 'zh' in value && 'en' in value;

function allTexts(): [string, Bilingual][] {
  const texts: [string, Bilingual][] = Object.entries(MESSAGES);
  for (const [name, table] of Object.entries(labels)) {
    if (typeof table !== 'object' || table === null) continue;
    for (const [code, text] of Object.entries(table)) {
      if (isBilingual(text)) texts.push([`${name}.${code}`, text]);
    }
  }
  return texts;
}

describe('the web console’s zh/en dictionary', () => {
  it('has both languages for every string, and no English words on the Chinese side', () => {
    const texts = allTexts();
    expect(texts.length).toBeGreaterThan(200);
    for (const [key, text] of texts) {
      expect(text.zh.trim(), `${key} (zh)`).not.toBe('');
      expect(text.en.trim(), `${key} (en)`).not.toBe('');
      // Placeholders ({name}) are filled in; Word names the file format, as on Chinese download buttons.
      const zh = text.zh.replace(/\{\w+\}/g, '').replace(/\bWord\b/g, '');
      expect(zh, `${key} (zh)`).not.toMatch(/[A-Za-z]{4,}/);
      expect(text.en, `${key} (en)`).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('names every code of the workflow', async () => {
    const { CASE_ACTIONS, CASE_STATUSES, RATINGS } = await import('../common/workflow.ts');
    for (const action of CASE_ACTIONS) expect(labels.ACTION_LABELS[action], action).toBeDefined();
    for (const status of CASE_STATUSES) expect(labels.STATUS_LABELS[status], status).toBeDefined();
    for (const rating of RATINGS) expect(labels.RATING_LABELS[rating], rating).toBeDefined();
    expect(labels.eventLabel('mediation_session').zh).toBe('调解工作记录');
    expect(labels.eventLabel('something_new').zh).toBe('办理记录');
  });
});
