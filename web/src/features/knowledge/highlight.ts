// A snippet cut into plain and marked parts at the words the search found (longest first, so
// 物业费 is marked whole rather than as 物业 and 费). Pure; the panel draws the parts.

export interface TextPart {
  text: string;
  marked: boolean;
}

export function highlightParts(text: string, words: readonly string[]): TextPart[] {
  const wanted = [...new Set(words.filter((w) => w.length > 0))].sort((a, b) => b.length - a.length);
  if (wanted.length === 0 || text === '') return text === '' ? [] : [{ text, marked: false }];
  const lower = text.toLowerCase();
  const parts: TextPart[] = [];
  let plain = '';
  let i = 0;
  while (i < text.length) {
    const word = wanted.find((w) => lower.startsWith(w.toLowerCase(), i));
    if (word) {
      if (plain) parts.push({ text: plain, marked: false });
      plain = '';
      parts.push({ text: text.slice(i, i + word.length), marked: true });
      i += word.length;
    } else {
      plain += text[i];
      i++;
    }
  }
  if (plain) parts.push({ text: plain, marked: false });
  return parts;
}
