// What an operator types while on a call ("物业费怎么交") becomes the words to look for, and a
// found article shows the passage where those words are. Pure.
import { searchText, searchWords } from '../../platform/text/search-text.ts';

/** Words a caller's question is full of that say nothing about the matter. */
const FILLER = new Set([
  '的',
  '了',
  '是',
  '在',
  '我',
  '你',
  '他',
  '她',
  '吗',
  '呢',
  '吧',
  '啊',
  '和',
  '与',
  '或',
  '要',
  '有',
  '去',
  '到',
  '能',
  '会',
  '可以',
  '怎么',
  '怎么办',
  '怎样',
  '如何',
  '什么',
  '哪里',
  '哪儿',
  '哪个',
  '多少',
  '请问',
  '一下',
  '这个',
  '那个',
  '我们',
  '他们',
  '需要',
]);

/** The query's words without filler; the filler itself when nothing else is left. */
export function queryWords(q: string): string[] {
  const words = searchWords(q);
  const meaningful = words.filter((w) => !FILLER.has(w));
  return (meaningful.length > 0 ? meaningful : words).slice(0, 32);
}

/** The words an article is found by: its title and tags (ranked higher), and everything. */
export function articleWords(article: { title: string; tags: string[]; body: string }): {
  titleWords: string;
  searchText: string;
} {
  return {
    titleWords: searchText(article.title, article.tags.join(' ')),
    searchText: searchText(article.title, article.tags.join(' '), article.body),
  };
}

const SNIPPET_LENGTH = 120;
const LEAD_IN = 30;

/**
 * Which of the query's words the article contains (longest first, for highlighting), and a
 * passage of its body around the first of them — the opening lines when only the title matched.
 */
export function snippetOf(
  article: { title: string; tags: string[]; body: string },
  words: string[],
): { snippet: string; highlights: string[] } {
  const body = article.body.replace(/\s+/g, ' ').trim();
  const haystack = `${article.title} ${article.tags.join(' ')} ${body}`.toLowerCase();
  const highlights = [...new Set(words)]
    .filter((w) => haystack.includes(w.toLowerCase()))
    .sort((a, b) => b.length - a.length);
  const lower = body.toLowerCase();
  const positions = highlights.map((w) => lower.indexOf(w.toLowerCase())).filter((p) => p >= 0);
  const first = positions.length > 0 ? Math.min(...positions) : 0;
  const start = Math.max(0, first - LEAD_IN);
  const end = Math.min(body.length, start + SNIPPET_LENGTH);
  const snippet = `${start > 0 ? '…' : ''}${body.slice(start, end)}${end < body.length ? '…' : ''}`;
  return { snippet, highlights };
}
