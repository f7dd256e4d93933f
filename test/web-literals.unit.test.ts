// English mode is complete only if no page writes Chinese itself: every visible string of the
// console comes from the zh/en dictionary (web/src/shared/messages*) or a bilingual label. This
// reads every .tsx file of web/src with the TypeScript parser and fails on a string, template or
// JSX text holding a CJK ideograph — comments do not count. The few exceptions say why.
// Full-width punctuation alone (，、：between two values) is a separator, not a text to translate.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const WEB_SRC = path.resolve(import.meta.dirname, '..', 'web', 'src');
const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

/** file (relative to web/src) → the literals it may hold, each with its reason. */
const ALLOWED: Record<string, Record<string, string>> = {
  'features/mediation/hearing-notice-page.tsx': {
    '"FangSong", "STFangsong", "仿宋", serif':
      'a CSS font-family list: 仿宋 is the font’s name on Chinese systems, never shown',
  },
  'features/mediation/parties-card.tsx': {
    男: 'the API’s gender code (mediation.schemas.ts), shown through GENDER_LABELS',
    女: 'the API’s gender code (mediation.schemas.ts), shown through GENDER_LABELS',
  },
};

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsxFiles(full);
    return entry.name.endsWith('.tsx') ? [full] : [];
  });
}

/** Every literal text in the file: strings, template pieces and JSX text (not comments). */
export function literalsOf(fileName: string, source: string): { text: string; line: number }[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: { text: string; line: number }[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node) ||
      ts.isJsxText(node)
    ) {
      found.push({ text: node.text, line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('the console’s pages', () => {
  const files = tsxFiles(WEB_SRC).filter((file) => !path.relative(WEB_SRC, file).startsWith('shared/messages'));

  it('finds the pages and tells literals from comments', () => {
    expect(files.length).toBeGreaterThan(30);
    const sample = literalsOf(
      'x.tsx',
      '// 注释\nconst a = \'事件\';\nconst b = `编号${1}号`;\nconst c = <b title="标题">文字</b>;',
    ).map((l) => l.text.trim());
    expect(sample).toEqual(['事件', '编号', '号', '标题', '文字']);
  });

  it('hold no Chinese of their own: every string goes through t() or a bilingual label', () => {
    const offending: string[] = [];
    for (const file of files) {
      const relative = path.relative(WEB_SRC, file).split(path.sep).join('/');
      const allowed = ALLOWED[relative] ?? {};
      for (const { text, line } of literalsOf(file, readFileSync(file, 'utf8'))) {
        if (CJK.test(text) && !(text.trim() in allowed)) offending.push(`web/src/${relative}:${line} ${text.trim()}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
