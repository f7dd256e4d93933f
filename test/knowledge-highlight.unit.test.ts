// The console's marking of the words a knowledge-base search found in a snippet.
import { describe, expect, it } from 'vitest';
import { highlightParts } from '../web/src/features/knowledge/highlight.ts';

describe('highlightParts', () => {
  it('marks the longest word found, wherever it occurs', () => {
    expect(highlightParts('交纳物业费，物业', ['物业', '物业费'])).toEqual([
      { text: '交纳', marked: false },
      { text: '物业费', marked: true },
      { text: '，', marked: false },
      { text: '物业', marked: true },
    ]);
  });

  it('leaves text without the words, and empty text, as it is', () => {
    expect(highlightParts('户籍办理', ['物业'])).toEqual([{ text: '户籍办理', marked: false }]);
    expect(highlightParts('户籍办理', [])).toEqual([{ text: '户籍办理', marked: false }]);
    expect(highlightParts('', ['物业'])).toEqual([]);
  });

  it('ignores case for Latin letters', () => {
    expect(highlightParts('Call 12345 or APP', ['app'])).toEqual([
      { text: 'Call 12345 or ', marked: false },
      { text: 'APP', marked: true },
    ]);
  });
});
