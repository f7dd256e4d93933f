// A caller's question becomes the words to search for; a found article shows where they are.
import { describe, expect, it } from 'vitest';
import { queryWords, snippetOf } from './knowledge-text.ts';

describe('queryWords', () => {
  it('keeps the words of the matter and drops the filler of a spoken question', () => {
    const words = queryWords('请问物业费怎么交啊');
    expect(words).toContain('物业');
    expect(words).toContain('物业费');
    expect(words).not.toContain('怎么');
    expect(words).not.toContain('请问');
  });

  it('keeps the filler when nothing else was typed, and nothing from punctuation', () => {
    expect(queryWords('怎么办')).toContain('怎么办');
    expect(queryWords('  ！？ ')).toEqual([]);
  });
});

describe('snippetOf', () => {
  const article = {
    title: '拖欠工资到哪里反映',
    tags: ['欠薪'],
    body: `${'前言'.repeat(40)}被拖欠工资可以向劳动保障监察投诉，也可以申请劳动仲裁。`,
  };

  it('shows the passage around the first word found and lists the words found, longest first', () => {
    const { snippet, highlights } = snippetOf(article, ['工资', '劳动仲裁', '户籍']);
    expect(highlights).toEqual(['劳动仲裁', '工资']);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet).toContain('被拖欠工资');
    expect(snippet.length).toBeLessThanOrEqual(122);
  });

  it('shows the opening lines when only the title or tags matched', () => {
    const { snippet, highlights } = snippetOf(article, ['欠薪']);
    expect(highlights).toEqual(['欠薪']);
    expect(snippet.startsWith('前言')).toBe(true);
  });
});
