// Access-matrix rows (issue 17): the legal library — national law, the same for every area, read by
// every staff role — the citations a committee's mediator puts in a mediation file, and the
// stability risk assessments (稳评) of a township.
import { Readable } from 'node:stream';
import { FileStore, randomFileId } from '../../server/platform/files/file-store.ts';
import { RISK_STAGES, type RiskStage } from '../../server/modules/stability/index.ts';
import { anywhere, inJurisdiction, workFile, type Fixture, type Row, type Where } from './expectations.ts';
import { newFile } from './fixtures.ts';

async function anArticle(f: Fixture): Promise<number> {
  const row = await f.h.ctx.db
    .selectFrom('legal_article')
    .select('id')
    .where('in_force', '=', 1)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const LEGAL_ROWS: Record<string, Row> = {
  'GET /api/v1/legal-bases': {
    build: () => ({ method: 'GET', url: `/api/v1/legal-bases?q=${encodeURIComponent('调解')}` }),
    access: anywhere('legal:read'),
  },
  'GET /api/v1/legal-bases/:id': {
    build: async (f) => ({ method: 'GET', url: `/api/v1/legal-bases/${await anArticle(f)}` }),
    access: anywhere('legal:read'),
  },
  'GET /api/v1/legal-laws': {
    build: () => ({ method: 'GET', url: '/api/v1/legal-laws' }),
    access: anywhere('legal:read'),
  },
  // Citing is working the file: its committee's mediators only.
  'PUT /api/v1/mediations/:id/legal-bases': {
    build: async (f, where) => ({
      method: 'PUT',
      url: `/api/v1/mediations/${(await newFile(f, where)).id}/legal-bases`,
      payload: { articleIds: [await anArticle(f)] },
    }),
    access: workFile(),
  },
};

// ---------------------------------------------------------------------------------------------
// 社会稳定风险评估: assessments of the township of `where` (inside: the actors' 城关街道).

const TOWNSHIP: Record<Where, string> = { inside: '370702001', outside: '370702002' };

/** An assessment of `where`'s township whose due stage is `stage` (the earlier ones recorded). */
async function newAssessment(f: Fixture, where: Where, stage: RiskStage = 'risk_points'): Promise<number> {
  const unit = await f.h.unit(TOWNSHIP[where]);
  const at = new Date().toISOString();
  return f.h.ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('risk_assessment')
      .values({
        unit_id: unit.id,
        title: '矩阵测试稳评事项',
        decision_kind: 'project',
        description: '矩阵测试的决策事项说明',
        stage,
        grade: RISK_STAGES.indexOf(stage) > RISK_STAGES.indexOf('conclusion') ? 'low' : null,
        decision: stage === 'monitoring' ? 'proceed' : null,
        created_by: null,
        created_at: at,
        updated_at: at,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const done of RISK_STAGES.slice(0, RISK_STAGES.indexOf(stage))) {
      await trx
        .insertInto('risk_assessment_stage')
        .values({
          assessment_id: id,
          stage: done,
          seq: 1,
          data: '{}',
          recorded_by: null,
          recorder_name: '矩阵',
          recorded_at: at,
        })
        .execute();
    }
    return id;
  });
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const BOUNDARY = '----matrix-boundary';

async function newAttachment(f: Fixture, where: Where): Promise<{ id: number; attachmentId: number }> {
  const id = await newAssessment(f, where);
  const store = new FileStore(f.h.ctx.config.attachmentsDir);
  const received = await store.receive(Readable.from([PDF]), 1_000_000);
  const key = `stability/matrix/${id}/${randomFileId()}`;
  await store.commit(received, key);
  const row = await f.h.ctx.db
    .insertInto('risk_assessment_attachment')
    .values({
      assessment_id: id,
      stage: 'scope',
      file_name: '矩阵.pdf',
      media_type: 'application/pdf',
      size: received.size,
      sha256: received.sha256,
      storage_key: key,
      uploaded_by: null,
      uploader_name: '矩阵',
      created_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, attachmentId: row.id };
}

const stageCommand = (slug: string, stage: RiskStage, payload: Record<string, unknown>): Row => ({
  build: async (f, where) => ({
    method: 'POST',
    url: `/api/v1/risk-assessments/${await newAssessment(f, where, stage)}/${slug}`,
    payload,
  }),
  access: inJurisdiction(stage === 'decision' ? 'stability:decide' : 'stability:manage'),
});

export const STABILITY_ROWS: Record<string, Row> = {
  'GET /api/v1/risk-assessments': {
    build: async (f, where) => {
      await newAssessment(f, where);
      return { method: 'GET', url: `/api/v1/risk-assessments?withinUnitId=${(await f.h.unit(TOWNSHIP.inside)).id}` };
    },
    access: anywhere('stability:read'),
  },
  'POST /api/v1/risk-assessments': {
    build: async (f, where) => ({
      method: 'POST',
      url: '/api/v1/risk-assessments',
      payload: {
        unitId: (await f.h.unit(TOWNSHIP[where])).id,
        title: '矩阵新稳评',
        decisionKind: 'land',
        description: '矩阵测试的征地事项',
      },
    }),
    access: inJurisdiction('stability:manage', { ok: 201 }),
  },
  'GET /api/v1/risk-assessments/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/risk-assessments/${await newAssessment(f, where)}` }),
    access: inJurisdiction('stability:read'),
  },
  'POST /api/v1/risk-assessments/:id/risk-points': stageCommand('risk-points', 'risk_points', {
    points: [{ description: '矩阵风险点', likelihood: 'low', impact: 'low', measures: '矩阵措施' }],
  }),
  'POST /api/v1/risk-assessments/:id/public-opinion': stageCommand('public-opinion', 'public_opinion', {
    method: '问卷',
    surveyed: 10,
    support: 5,
    oppose: 3,
    neutral: 2,
    summary: '矩阵民意',
  }),
  'POST /api/v1/risk-assessments/:id/expert-review': stageCommand('expert-review', 'expert_review', {
    experts: [{ name: '矩阵专家', title: '教授', opinion: '可行' }],
    summary: '矩阵论证',
  }),
  'POST /api/v1/risk-assessments/:id/conclusion': stageCommand('conclusion', 'conclusion', {
    grade: 'low',
    reasons: '矩阵测试的结论理由',
  }),
  'POST /api/v1/risk-assessments/:id/decision': stageCommand('decision', 'decision', {
    decision: 'proceed',
    reasons: '矩阵决策',
  }),
  'POST /api/v1/risk-assessments/:id/monitoring': stageCommand('monitoring', 'monitoring', {
    situation: 'stable',
    note: '矩阵监测',
  }),
  'GET /api/v1/risk-assessments/:id/report': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/risk-assessments/${await newAssessment(f, where)}/report`,
    }),
    access: inJurisdiction('stability:read'),
  },
  'POST /api/v1/risk-assessments/:id/attachments': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/risk-assessments/${await newAssessment(f, where)}/attachments?stage=scope`,
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      payload: Buffer.concat([
        Buffer.from(
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="m.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
        ),
        PDF,
        Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
      ]),
    }),
    access: inJurisdiction('stability:manage', { ok: 201 }),
  },
  'GET /api/v1/risk-assessments/:id/attachments/:attachmentId': {
    build: async (f, where) => {
      const { id, attachmentId } = await newAttachment(f, where);
      return { method: 'GET', url: `/api/v1/risk-assessments/${id}/attachments/${attachmentId}` };
    },
    access: inJurisdiction('stability:read'),
  },
};
