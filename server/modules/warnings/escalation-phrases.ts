// The words of escalation (data/escalation-phrases.json): which group a report's text falls in, and
// the phrase that put it there. Matched on the text with its spaces removed, so "跳 楼" still counts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { referenceDataDir } from '../../platform/paths.ts';

export interface PhraseGroup {
  key: string;
  zh: string;
  en: string;
  phrases: string[];
}

let groups: PhraseGroup[] | undefined;

export function escalationGroups(): PhraseGroup[] {
  groups ??= (
    JSON.parse(readFileSync(path.join(referenceDataDir, 'escalation-phrases.json'), 'utf8')) as {
      groups: PhraseGroup[];
    }
  ).groups;
  return groups;
}

export interface EscalationMatch {
  group: PhraseGroup;
  phrases: string[];
}

/** Every group the text touches, with the phrases found, in the file's order. */
export function findEscalation(text: string): EscalationMatch[] {
  const compact = text.replace(/\s+/g, '');
  return escalationGroups().flatMap((group) => {
    const phrases = group.phrases.filter((p) => compact.includes(p));
    return phrases.length > 0 ? [{ group, phrases }] : [];
  });
}
