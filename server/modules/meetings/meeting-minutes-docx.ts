// 会议纪要 as a Word document: the meeting's kind, title, time, place and organiser, its agenda,
// who attended and who did not (names and roles; never a phone), and the minutes.
import { MEETING_KIND_LABELS } from '../../../common/meetings.ts';
import type { MeetingRow, ParticipantRow } from './meetings.repository.ts';
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

const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman', eastAsia: '宋体' };
const HEADING_FONT = { ascii: 'SimHei', hAnsi: 'SimHei', cs: 'SimHei', eastAsia: '黑体' };
const BEIJING_OFFSET_MS = 8 * 3600_000;

export const beijingTime = (iso: string) =>
  new Date(Date.parse(iso) + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

const heading = (text: string) =>
  new Paragraph({
    heading: HeadingLevel.HEADING_1,
    spacing: { before: 240, after: 120 },
    children: [new TextRun({ text, bold: true, size: 30, font: HEADING_FONT })],
  });

const line = (text: string) => new Paragraph({ spacing: { after: 80 }, children: [new TextRun({ text })] });

const who = (p: ParticipantRow) => (p.role ? `${p.name}（${p.role}）` : p.name);

export function minutesTitle(m: Pick<MeetingRow, 'kind' | 'title'>): string {
  return `${m.title}${MEETING_KIND_LABELS[m.kind].zh}纪要`.replace(/[\\/:*?"<>|]/g, '_');
}

export async function renderMinutesDocx(input: {
  meeting: MeetingRow;
  unitName: string;
  participants: readonly ParticipantRow[];
}): Promise<Buffer> {
  await loadDocx();
  const m = input.meeting;
  const present = input.participants.filter((p) => p.attended === true);
  const absent = input.participants.filter((p) => p.attended !== true);
  const paragraphs = (text: string) => text.split(/\r?\n/).map((t) => line(t));
  const document = new Document({
    creator: 'Concord',
    title: minutesTitle(m),
    styles: { default: { document: { run: { font: BODY_FONT, size: 24 } } } },
    sections: [
      {
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 240 },
            children: [new TextRun({ text: `${m.title}`, bold: true, size: 36, font: HEADING_FONT })],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 240 },
            children: [new TextRun({ text: `${MEETING_KIND_LABELS[m.kind].zh}纪要`, size: 28 })],
          }),
          line(`时间：${beijingTime(m.scheduledAt)}`),
          line(`地点：${m.place}`),
          line(`组织单位：${input.unitName}`),
          line(`出席：${present.map(who).join('、') || '—'}`),
          line(`缺席：${absent.map(who).join('、') || '—'}`),
          heading('一、议程'),
          ...paragraphs(m.agenda),
          heading('二、会议纪要'),
          ...paragraphs(m.minutes ?? ''),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
