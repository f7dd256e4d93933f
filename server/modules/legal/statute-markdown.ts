// Splits a statute saved as markdown (the layout of the public LawRefBook/Laws repository: `#` the
// title, the adoption note up to `<!-- INFO END -->`, headings for 编/章/节, one paragraph per line,
// an article opening with 第X条) into its articles with the part, chapter and section each sits in.
// Pure; used by scripts/build-legal.ts, never at run time (the JSON it writes is what Concord loads).

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 二百八十八 → 288, 一千二百六十 → 1260, 十二 → 12, 一百零五 → 105; undefined if not a numeral. */
export function parseChineseNumeral(text: string): number | undefined {
  if (text === '' || !/^[零〇一二两三四五六七八九十百千万]+$/.test(text)) return undefined;
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const char of text) {
    if (char in DIGITS) {
      digit = DIGITS[char];
    } else if (char in UNITS) {
      // 十 alone (十二) means 一十.
      section += (digit ?? 1) * UNITS[char]!;
      digit = undefined;
    } else if (char === '万') {
      total += (section + (digit ?? 0)) * 10_000;
      section = 0;
      digit = undefined;
    } else {
      return undefined;
    }
  }
  return total + section + (digit ?? 0);
}

const DIGIT_CHARS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 288 → 二百八十八, 1260 → 一千二百六十, 105 → 一百零五, 10 → 十 (how statutes number articles). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n <= 0 || n > 9999) return String(n);
  const digits = String(n).split('').map(Number);
  const units = ['', '十', '百', '千'];
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i]!;
    if (d === 0) {
      zero = out !== '';
      return;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGIT_CHARS[d]! + unit;
  });
  return out.startsWith('一十') ? out.slice(1) : out;
}

export interface StatuteArticle {
  /** The article's number (第二百八十八条 → 288); 第X条之一 keeps X and says 之一 in `label`. */
  number: number;
  /** As the statute writes it: 第二百八十八条, 第四十六条之一. */
  label: string;
  /** 第二编 物权 — null in a statute without parts. */
  part: string | null;
  /** 第七章 相邻关系 — null in a statute without chapters. */
  chapter: string | null;
  /** 第一节 … — null outside sections. */
  section: string | null;
  /** The article's paragraphs (款, 项), joined by line breaks, without the label. */
  text: string;
}

export interface Statute {
  title: string;
  /** The adoption and amendment note before `<!-- INFO END -->`, one line per paragraph. */
  note: string;
  articles: StatuteArticle[];
}

const ARTICLE = /^第([零〇一二两三四五六七八九十百千]+)条(之[一二三四五六七八九十]+)?[\s\u3000]+(.*)$/u;
const HEADING = /^(#{1,6})\s+(.*)$/;
const normalise = (line: string) =>
  line
    .replace(/\u3000/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * The statute's title, note and articles. A line opening with 第X条 starts an article only when X is
 * above the previous article's number (a paragraph that begins by citing an earlier article stays
 * in its article; an excerpt may jump ahead). Lines before the first article and outside headings
 * are dropped.
 */
export function splitStatute(markdown: string): Statute {
  const lines = markdown
    .replace(/\r\n?/g, '\n')
    .replace(/<!--(?!\s*INFO END)[\s\S]*?-->/g, '')
    .split('\n');
  let title = '';
  const note: string[] = [];
  let inInfo = true;
  let part: string | null = null;
  let chapter: string | null = null;
  let section: string | null = null;
  const articles: StatuteArticle[] = [];
  let current: StatuteArticle | undefined;
  let paragraphs: string[] = [];
  const close = () => {
    if (current) articles.push({ ...current, text: paragraphs.join('\n') });
    current = undefined;
    paragraphs = [];
  };
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (/^<!--\s*INFO END\s*-->$/.test(line)) {
      inInfo = false;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading && heading[1] === '#' && title === '') {
      title = normalise(heading[2]!);
      continue;
    }
    if (inInfo && title !== '' && !ARTICLE.test(line) && !heading) {
      note.push(normalise(line));
      continue;
    }
    const headingText = heading ? normalise(heading[2]!) : /^第[^\s]+分编/.test(line) ? normalise(line) : undefined;
    if (headingText !== undefined) {
      inInfo = false;
      if (/^第[^\s]+分编/.test(headingText)) {
        // 第一分编 通则 sits between a part and its chapters: it names no chapter of its own.
        close();
        continue;
      }
      close();
      if (/^第[^\s]+编/.test(headingText)) {
        part = headingText;
        chapter = null;
        section = null;
      } else if (/^第[^\s]+章/.test(headingText)) {
        chapter = headingText;
        section = null;
      } else if (/^第[^\s]+节/.test(headingText)) {
        section = headingText;
      }
      continue;
    }
    const match = ARTICLE.exec(line);
    const number = match ? parseChineseNumeral(match[1]!) : undefined;
    const previous = current?.number ?? articles.at(-1)?.number ?? 0;
    if (match && number !== undefined && (number > previous || (number === previous && match[2]))) {
      close();
      inInfo = false;
      current = {
        number,
        label: `第${match[1]}条${match[2] ?? ''}`,
        part,
        chapter,
        section,
        text: '',
      };
      paragraphs = [normalise(match[3]!)];
      continue;
    }
    if (current) paragraphs.push(normalise(line));
  }
  close();
  return { title, note: note.join('\n'), articles };
}
