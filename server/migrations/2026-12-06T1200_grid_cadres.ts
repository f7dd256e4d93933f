// Cadres at work (issue 18 §10, ADR 0030): a grid task may be assigned to one of the grid's cadres
// (people without accounts, told by SMS), and a whistle on a case may call the grid's cadres in
// (recorded once per case and cadre). Two SMS templates for them, editable like the others.
// Frozen in time: this file must never import application code.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

const TEMPLATES: [string, string][] = [
  ['cadre_task', '【网格任务】{grid}请您协助一项{kind}任务，请于{due}前完成，详情请联系网格员。'],
  ['cadre_whistle', '【吹哨报到】{grid}的事件{number}请您协助，请于{deadline}前与街道综治中心联系。'],
];

export async function up(db: AnyDb): Promise<void> {
  // No foreign key on the added column: SQLite cannot drop a column that is part of one (down),
  // and the task's cadre is checked against the grid when it is assigned.
  await db.schema.alterTable('grid_task').addColumn('cadre_id', 'integer').execute();

  await db.schema
    .createTable('whistle_cadre')
    .addColumn('case_id', 'integer', (c) => c.notNull().references('case_record.id'))
    .addColumn('cadre_id', 'integer', (c) => c.notNull().references('grid_cadre.id'))
    .addColumn('grid_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('whistle_cadre_pk', ['case_id', 'cadre_id'])
    .execute();

  const at = new Date().toISOString();
  await db
    .insertInto('sms_template')
    .values(
      TEMPLATES.map(([code, text]) => ({
        code,
        text_zh: text,
        provider_template_id: null,
        updated_by: null,
        updated_at: at,
      })),
    )
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db
    .deleteFrom('sms_template')
    .where(
      'code',
      'in',
      TEMPLATES.map(([code]) => code),
    )
    .execute();
  await db.schema.dropTable('whistle_cadre').execute();
  await db.schema.alterTable('grid_task').dropColumn('cadre_id').execute();
}
