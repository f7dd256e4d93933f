// 社会稳定风险评估报告 as .docx: the scope, every stage as recorded, the graded conclusion and the
// decision, then the monitoring. Pure over the assessment as presented; the caller sends it.
import {
  DECISION_LABELS,
  KIND_LABELS,
  LEVEL_LABELS,
  STAGE_LABELS,
  type DECISIONS,
  type DECISION_KINDS,
  type LEVELS,
  RISK_STAGES,
  type RiskStage,
} from '../../../common/risk-stages.ts';
// docx is loaded with the first document, not at start: these are its live bindings.
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  TextRun,
  loadDocx,
} from '../../platform/lazy-libraries.ts';

type Level = (typeof LEVELS)[number];

export interface ReportInput {
  title: string;
  unitName: string;
  decisionKind: (typeof DECISION_KINDS)[number];
  description: string;
  grade: Level | null;
  decision: (typeof DECISIONS)[number] | null;
  /** Beijing date of the report (YYYY-MM-DD). */
  date: string;
  stages: { stage: RiskStage; data: Record<string, unknown>; recorderName: string; recordedAt: string }[];
  attachments: { stage: RiskStage; fileName: string }[];
}

const FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman', eastAsia: '宋体' };
const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const day = (iso: string) => iso.slice(0, 10);
const percent = (n: number, of: number) => (of > 0 ? `${Math.round((n / of) * 1000) / 10}%` : '—');

const heading = (text: string) =>
  new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun({ text, bold: true })] });
const para = (text: string) =>
  new Paragraph({ alignment: AlignmentType.BOTH, indent: { firstLine: 480 }, children: [new TextRun(text)] });

function stageParagraphs(stage: ReportInput['stages'][number]): Paragraph[] {
  const d = stage.data;
  switch (stage.stage) {
    case 'scope':
      return [para(str(d.description))];
    case 'risk_points':
      return (d.points as { description: string; likelihood: Level; impact: Level; measures: string }[]).map((p, i) =>
        para(
          `${i + 1}. ${p.description}（发生可能性：${LEVEL_LABELS[p.likelihood]}；影响程度：${LEVEL_LABELS[p.impact]}）防范化解措施：${p.measures}`,
        ),
      );
    case 'public_opinion': {
      const surveyed = Number(d.surveyed);
      const [support, oppose, neutral] = [Number(d.support), Number(d.oppose), Number(d.neutral)];
      const hearing = d.hearing as {
        title: string;
        scheduledAt: string;
        status: string;
        outcome: string | null;
      } | null;
      return [
        para(`调查方式：${str(d.method)}。`),
        para(
          `共调查${surveyed}人，其中支持${support}人（${percent(support, surveyed)}），反对${oppose}人（${percent(oppose, surveyed)}），中立${neutral}人（${percent(neutral, surveyed)}）。`,
        ),
        para(str(d.summary)),
        ...(hearing
          ? [
              para(
                `公开听证：${hearing.title}（${day(hearing.scheduledAt)}）${hearing.outcome ? `，听证结论：${hearing.outcome}` : ''}。`,
              ),
            ]
          : []),
      ];
    }
    case 'expert_review':
      return [
        ...(d.experts as { name: string; title: string; opinion: string }[]).map((e) =>
          para(`${e.name}（${e.title}）：${e.opinion}`),
        ),
        para(`论证意见：${str(d.summary)}`),
      ];
    case 'conclusion':
      return [para(`风险等级：${LEVEL_LABELS[d.grade as Level]}风险。`), para(`理由：${str(d.reasons)}`)];
    case 'decision':
      return [
        para(`决策结果：${DECISION_LABELS[d.decision as (typeof DECISIONS)[number]]}。`),
        para(`理由：${str(d.reasons)}`),
      ];
    case 'monitoring':
      return [para(`${day(stage.recordedAt)}：${str(d.note)}`)];
  }
}

const SECTION_NUMBERS = ['一', '二', '三', '四', '五', '六', '七'];

export async function renderRiskReportDocx(input: ReportInput): Promise<Buffer> {
  await loadDocx();
  const children: Paragraph[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: '社会稳定风险评估报告', bold: true, size: 44 })],
    }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun(input.title)] }),
    para(`评估单位：${input.unitName}；决策事项类型：${KIND_LABELS[input.decisionKind]}；报告日期：${input.date}。`),
    para(
      `评估结论：${input.grade ? `${LEVEL_LABELS[input.grade]}风险` : '尚未作出'}；决策：${input.decision ? DECISION_LABELS[input.decision] : '尚未作出'}。`,
    ),
  ];
  RISK_STAGES.forEach((stage, i) => {
    const recorded = input.stages.filter((s) => s.stage === stage);
    children.push(heading(`${SECTION_NUMBERS[i]}、${STAGE_LABELS[stage]}`));
    if (recorded.length === 0) children.push(para('（尚未进行）'));
    for (const s of recorded) children.push(...stageParagraphs(s));
    if (recorded.length > 0 && stage !== 'monitoring') {
      const last = recorded.at(-1)!;
      children.push(para(`记录人：${last.recorderName}，${day(last.recordedAt)}。`));
    }
    const files = input.attachments.filter((a) => a.stage === stage).map((a) => a.fileName);
    if (files.length > 0) children.push(para(`附件：${files.join('、')}`));
  });
  const document = new Document({
    title: '社会稳定风险评估报告',
    subject: input.title,
    styles: { default: { document: { run: { font: FONT, size: 24 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
