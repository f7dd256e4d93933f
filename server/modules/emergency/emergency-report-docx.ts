// The stand-down report of an emergency as a Word document (the docx package, as the monthly
// report): headline figures, the table per township, the needs reported and who was not reached —
// addresses, and key persons by masked name only; never an ID number or a phone. A drill says so
// in its title.
import { EMERGENCY_KIND_LABELS, EMERGENCY_LEVEL_LABELS } from '../../../common/emergency.ts';
import type { EmergencyRow } from './emergency.repository.ts';
import type { Board } from './emergency.view.ts';
// docx is loaded with the first document, not at start: these are its live bindings.
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  loadDocx,
} from '../../platform/lazy-libraries.ts';

const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman', eastAsia: '宋体' };
const HEADING_FONT = { ascii: 'SimHei', hAnsi: 'SimHei', cs: 'SimHei', eastAsia: '黑体' };
const BEIJING_OFFSET_MS = 8 * 3600_000;

export const beijingTime = (iso: string | null) =>
  iso === null ? '—' : new Date(Date.parse(iso) + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

function heading(text: string): Paragraph {
  return new Paragraph({
    heading: HeadingLevel.HEADING_1,
    spacing: { before: 240, after: 120 },
    children: [new TextRun({ text, bold: true, size: 30, font: HEADING_FONT })],
  });
}

const body = (text: string) =>
  new Paragraph({ indent: { firstLine: 480 }, spacing: { after: 80 }, children: [new TextRun({ text })] });

function cell(text: string | number, header = false): TableCell {
  return new TableCell({
    children: [
      new Paragraph({
        alignment: typeof text === 'number' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        children: [new TextRun({ text: String(text), bold: header, size: 20 })],
      }),
    ],
  });
}

function table(headers: string[], rows: (string | number)[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) })),
    ],
  });
}

const rate = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((part / whole) * 1000) / 10}%`);

export interface ReportLine {
  gridName: string;
  label: string;
  note: string | null;
}

export function emergencyTitle(e: Pick<EmergencyRow, 'kind' | 'drill'>, unitName: string): string {
  return `${unitName}${EMERGENCY_KIND_LABELS[e.kind].zh}应急${e.drill ? '演练' : ''}处置报告`;
}

export async function renderEmergencyReportDocx(report: {
  emergency: EmergencyRow;
  unitName: string;
  declaredByName: string;
  board: Board;
  needs: ReportLine[];
  notReached: ReportLine[];
}): Promise<Buffer> {
  await loadDocx();
  const { emergency: e, board } = report;
  const p = board.progress;
  const title = emergencyTitle(e, report.unitName);
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [new TextRun({ text: title, bold: true, size: 36, font: HEADING_FONT })],
    }),
  ];
  if (e.drill)
    children.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ text: '【演练】本次为应急演练，数据单独统计', bold: true, color: 'C00000' })],
      }),
    );
  children.push(
    heading('一、基本情况'),
    body(
      `${report.unitName}于 ${beijingTime(e.declaredAt)} 启动${EMERGENCY_KIND_LABELS[e.kind].zh}${EMERGENCY_LEVEL_LABELS[e.level].zh}应急响应${e.drill ? '（演练）' : ''}，` +
        `宣布人：${report.declaredByName}；${e.status === 'closed' ? `于 ${beijingTime(e.stoodDownAt)} 解除。` : '截至目前尚未解除。'}`,
    ),
    body(`工作要求：${e.instructions}`),
    ...(e.summary ? [body(`总结：${e.summary}`)] : []),
    heading('二、入户走访总体情况'),
    table(
      ['应走访', '已走访', '走访率', '已见到', '未见到', '有需求', '未走访'],
      [[p.total, p.visited, rate(p.visited, p.total), p.reached, p.notReached, p.needs, p.pending]],
    ),
    heading('三、各乡镇（街道）情况'),
    table(
      ['乡镇（街道）', '应走访', '已走访', '走访率', '未见到', '有需求'],
      board.townships.map((t) => [t.unitName, t.total, t.visited, rate(t.visited, t.total), t.notReached, t.needs]),
    ),
    heading('四、群众反映的需求'),
    ...(report.needs.length
      ? [
          table(
            ['网格', '户 / 人员', '需求'],
            report.needs.map((n) => [n.gridName, n.label, n.note ?? '—']),
          ),
        ]
      : [body('无。')]),
    heading('五、未见到的户和人员'),
    ...(report.notReached.length
      ? [
          table(
            ['网格', '户 / 人员', '说明'],
            report.notReached.map((n) => [n.gridName, n.label, n.note ?? '—']),
          ),
        ]
      : [body('无。')]),
  );
  const document = new Document({
    title,
    creator: 'Concord',
    styles: {
      default: { document: { run: { font: BODY_FONT, size: 24, language: { value: 'en-US', eastAsia: 'zh-CN' } } } },
    },
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
