// Libraries that only a few requests need — Word documents (docx), Excel workbooks (exceljs) and the
// report's charts (ECharts with resvg) — are loaded on first use instead of at start: together they
// hold ~70 MB of a server's resident memory (measured one by one, each imported into an empty node
// process), and most processes serve for hours without writing a file (ADR 0043). Each is loaded
// once; a failed load is tried again on the next use.
import type * as Docx from 'docx';
type Loader<T> = () => Promise<T>;

function once<T>(load: Loader<T>): Loader<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}

// What the document builders use of docx, as live bindings: a builder imports these names from here
// instead of from 'docx' and awaits loadDocx() before its first use of them; until then they are
// undefined. The classes are types here too, so a builder's signatures read as they would with docx.
export let AlignmentType: typeof Docx.AlignmentType;
export let Document: typeof Docx.Document;
export let HeadingLevel: typeof Docx.HeadingLevel;
export let ImageRun: typeof Docx.ImageRun;
export let LineRuleType: typeof Docx.LineRuleType;
export let Packer: typeof Docx.Packer;
export let Paragraph: typeof Docx.Paragraph;
export let Table: typeof Docx.Table;
export let TableCell: typeof Docx.TableCell;
export let TableRow: typeof Docx.TableRow;
export let TextRun: typeof Docx.TextRun;
export let WidthType: typeof Docx.WidthType;
export type Document = Docx.Document;
export type ImageRun = Docx.ImageRun;
export type Paragraph = Docx.Paragraph;
export type Table = Docx.Table;
export type TableCell = Docx.TableCell;
export type TableRow = Docx.TableRow;
export type TextRun = Docx.TextRun;

export const loadDocx = once(async () => {
  const docx = await import('docx');
  ({
    AlignmentType,
    Document,
    HeadingLevel,
    ImageRun,
    LineRuleType,
    Packer,
    Paragraph,
    Table,
    TableCell,
    TableRow,
    TextRun,
    WidthType,
  } = docx);
  return docx;
});
export const loadExcelJS = once(() => import('exceljs').then((module) => module.default));
export const loadCharts = once(() =>
  Promise.all([import('echarts'), import('@resvg/resvg-js')]).then(([echarts, resvg]) => ({
    echarts,
    Resvg: resvg.Resvg,
  })),
);
