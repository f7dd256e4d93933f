// The monthly report as a Word document (docx package, as the mediation agreement): title, the
// summary written from the figures, the headline figures against the period before, the ranking
// of the unit's children, charts as PNG, top categories and hot spots, overdue and supervised
// cases (by number; never a title, description or name).
import type { Chart } from './report-charts.ts';
import { categoryChart, rankingChart, trendChart } from './report-charts.ts';
import type { MonthlyReport, ReportCase } from './monthly-report.ts';
import { percent } from './report-summary.ts';
// docx is loaded with the first document, not at start: these are its live bindings.
import {
  AlignmentType,
  Document,
  HeadingLevel,
  ImageRun,
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

const beijingDay = (iso: string | null) =>
  iso === null ? '—' : new Date(Date.parse(iso) + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
const beijingTime = (at: Date) =>
  new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

function heading(text: string): Paragraph {
  return new Paragraph({
    heading: HeadingLevel.HEADING_1,
    spacing: { before: 240, after: 120 },
    children: [new TextRun({ text, bold: true, size: 30, font: HEADING_FONT })],
  });
}

function body(text: string): Paragraph {
  return new Paragraph({ indent: { firstLine: 480 }, spacing: { after: 80 }, children: [new TextRun({ text })] });
}

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

function image(chart: Chart): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [
      new ImageRun({ type: 'png', data: chart.png, transformation: { width: chart.width, height: chart.height } }),
    ],
  });
}

const signed = (n: number | null, unit = '') => (n === null ? '—' : n > 0 ? `+${n}${unit}` : `${n}${unit}`);
const pointsChange = (now: number | null, before: number | null) =>
  now === null || before === null ? '—' : signed(Math.round((now - before) * 1000) / 10, ' 个百分点');

function caseRows(items: ReportCase[], supervised: boolean): (string | number)[][] {
  return items.map((c) =>
    supervised
      ? [c.number, c.category, c.status, c.leadUnit, c.superviseCount ?? 0]
      : [c.number, c.category, c.stage, c.leadUnit, beijingDay(c.stageDeadline)],
  );
}

export async function renderMonthlyReportDocx(report: MonthlyReport): Promise<Buffer> {
  await loadDocx();
  const { figures: now, previousFigures: before } = report;
  const rateRows: [string, number | null, number | null][] = [
    ['响应率', now.rates.response, before.rates.response],
    ['解决率', now.rates.resolution, before.rates.resolution],
    ['满意率', now.rates.satisfaction, before.rates.satisfaction],
    ['按时办结率', now.rates.onTime, before.rates.onTime],
  ];
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 120 },
      children: [
        new TextRun({
          text: `${report.unit.name}${report.periodName}社会治理工作月报`,
          bold: true,
          size: 40,
          font: HEADING_FONT,
        }),
      ],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [
        new TextRun({ text: `生成时间：${beijingTime(report.generatedAt)}（北京时间）`, size: 20, color: '595959' }),
      ],
    }),
    heading('一、总体情况'),
    ...report.summary.map(body),
    heading('二、主要指标'),
    table(
      ['指标', report.periodName, report.previousName, '变化'],
      [
        ['受理量（件）', now.total, before.total, signed(now.total - before.total)],
        ...rateRows.map(([name, a, b]) => [name, percent(a), percent(b), pointsChange(a, b)]),
        ['超期未办结（件）', now.overdue, before.overdue, signed(now.overdue - before.overdue)],
      ],
    ),
    image(await trendChart(now.byPeriod)),
  ];

  children.push(heading('三、下级单位排名'));
  const ranking = report.ranking;
  if (!ranking || ranking.rows.length === 0) {
    children.push(body('本级没有可排名的下级单位。'));
  } else {
    children.push(
      body(
        `按考核方案“${ranking.scheme.name}”（第 ${ranking.scheme.version} 版）计算综合得分；无受理或样本不足的单位列出但不排名。`,
      ),
      table(
        ['名次', '单位', '受理量', '响应率', '解决率', '满意率', '按时办结率', '综合得分', '名次变化'],
        ranking.rows.map((r) => [
          r.rank === null ? '不排名' : `${r.rank}${r.tied ? '（并列）' : ''}`,
          r.unitName,
          r.received,
          percent(r.responseRate),
          percent(r.resolutionRate),
          percent(r.satisfactionRate),
          percent(r.onTimeRate),
          r.score === null ? '—' : r.score.toFixed(2),
          signed(r.change.rank),
        ]),
      ),
      image(await rankingChart(ranking.rows)),
    );
  }

  children.push(heading('四、事件类别与热点网格'));
  if (report.topCategories.length === 0) children.push(body('本期没有受理事件。'));
  else {
    children.push(
      table(
        ['类别', '件数', '占比'],
        report.topCategories.map((c) => [c.name, c.count, percent(now.total > 0 ? c.count / now.total : null)]),
      ),
      image(await categoryChart(report.topCategories)),
    );
  }
  if (report.hotSpots.length > 0) {
    children.push(
      body('事件最多的网格：'),
      table(
        ['网格', '件数'],
        report.hotSpots.map((h) => [h.name, h.count]),
      ),
    );
  }

  children.push(heading('五、超期与督办事件'));
  children.push(
    body(
      `本期受理的事件中，目前超期未办结 ${report.overdue.total} 件（按环节时限由早到晚列出前 ${report.overdue.items.length} 件）。`,
    ),
  );
  if (report.overdue.items.length > 0) {
    children.push(
      table(['事件编号', '类别', '当前环节', '牵头单位', '环节时限'], caseRows(report.overdue.items, false)),
    );
  }
  children.push(body(`被督办的事件 ${report.supervised.total} 件（列出前 ${report.supervised.items.length} 件）。`));
  if (report.supervised.items.length > 0) {
    children.push(table(['事件编号', '类别', '状态', '牵头单位', '督办次数'], caseRows(report.supervised.items, true)));
  }

  const document = new Document({
    title: `${report.unit.name}${report.periodName}社会治理工作月报`,
    creator: 'Concord',
    styles: {
      default: { document: { run: { font: BODY_FONT, size: 24, language: { value: 'en-US', eastAsia: 'zh-CN' } } } },
    },
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
