// Assessment (考核, issue 16): schemes as versioned data — weights per KPI, minimum samples,
// deductions and bonuses, each version in force from a Beijing day — and the scores a period got
// under one version, kept as a snapshot. A default scheme is seeded here, in force from 2000.
// Frozen in time: this file must never import application code.
import { type Kysely, type ColumnDefinitionBuilder, PostgresAdapter } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

const isPostgres = (db: AnyDb) => db.getExecutor().adapter instanceof PostgresAdapter;

function idColumn(db: AnyDb) {
  return (c: ColumnDefinitionBuilder) =>
    isPostgres(db) ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey();
}

/** The default scheme as it stood when this migration was written (a copy, never app code). */
const DEFAULT_RULES = {
  weights: { response: 20, resolution: 30, satisfaction: 30, onTime: 20, acceptedOnTime: 0 },
  minimumSample: { received: 5, rated: 3 },
  deductions: { redCard: 1, supervision: 0.5, verifiedUnsatisfied: 0.5 },
  bonuses: [{ rate: 'satisfaction', atLeast: 0.95, points: 2 }],
  useSampledSatisfaction: false,
};

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('assessment_scheme')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('version', 'integer', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('assessment_scheme_effective_idx')
    .on('assessment_scheme')
    .columns(['effective_from', 'version'])
    .execute();
  await db.schema
    .createTable('assessment_score')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('within_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('scheme_id', 'integer', (c) => c.notNull().references('assessment_scheme.id'))
    .addColumn('scheme_version', 'integer', (c) => c.notNull())
    .addColumn('rows', 'text', (c) => c.notNull())
    .addColumn('computed_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('assessment_score_key_idx')
    .on('assessment_score')
    .columns(['period', 'level', 'within_unit_id'])
    .unique()
    .execute();
  await db
    .insertInto('assessment_scheme')
    .values({
      version: 1,
      name: '默认考核方案 / Default scheme',
      effective_from: '2000-01-01',
      rules: JSON.stringify(DEFAULT_RULES),
      note: null,
      created_by: null,
      created_at: new Date(0).toISOString(),
    })
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('assessment_score').execute();
  await db.schema.dropTable('assessment_scheme').execute();
}
