// A mediator's search ("相邻 通行", "拖欠工资") becomes the words to look for, and a found article
// shows the passage where they are, and how an agreement names it. Pure.
import { searchWords } from '../../platform/text/search-text.ts';

const FILLER = new Set(['的', '了', '是', '在', '和', '与', '或', '有', '吗', '怎么', '如何', '什么', '规定', '法律']);

/** The query's words without filler; the filler itself when nothing else is left. */
export function legalQueryWords(q: string): string[] {
  const words = searchWords(q);
  const meaningful = words.filter((w) => !FILLER.has(w));
  return (meaningful.length > 0 ? meaningful : words).slice(0, 32);
}

const SNIPPET_LENGTH = 120;
const LEAD_IN = 30;

/** The query's words the article holds (longest first) and a passage around the first of them. */
export function legalSnippet(
  article: { lawTitle: string; label: string; chapter: string | null; text: string },
  words: string[],
): { snippet: string; highlights: string[] } {
  const body = article.text.replace(/\s+/g, ' ').trim();
  const haystack = `${article.lawTitle} ${article.label} ${article.chapter ?? ''} ${body}`.toLowerCase();
  const highlights = [...new Set(words)]
    .filter((w) => haystack.includes(w.toLowerCase()))
    .sort((a, b) => b.length - a.length);
  const positions = highlights.map((w) => body.toLowerCase().indexOf(w.toLowerCase())).filter((p) => p >= 0);
  const first = positions.length > 0 ? Math.min(...positions) : 0;
  const start = Math.max(0, first - LEAD_IN);
  const end = Math.min(body.length, start + SNIPPET_LENGTH);
  return { snippet: `${start > 0 ? '…' : ''}${body.slice(start, end)}${end < body.length ? '…' : ''}`, highlights };
}

/** 《中华人民共和国民法典》第二百八十八条 */
export function citationOf(article: { lawTitle: string; label: string }): string {
  return `《${article.lawTitle}》${article.label}`;
}
