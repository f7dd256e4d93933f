// The table-ownership lint rule (eslint-rules/table-ownership.js): the owners it derives from
// server/schema.ts, and what it reports in a module's file.
import path from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import rule, { ownerOfFile, readTableOwners } from '../eslint-rules/table-ownership.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const root = path.resolve(import.meta.dirname, '..');
const inModule = (file: string) => path.join(root, 'server/modules', file);

describe('who owns a table', () => {
  const { owners } = readTableOwners(root);

  it('comes from the *.table.ts interfaces server/schema.ts assembles', () => {
    expect(owners.get('case_record')).toBe('cases');
    expect(owners.get('case_assignment')).toBe('cases');
    expect(owners.get('org_unit')).toBe('org');
    expect(owners.get('membership')).toBe('auth');
    expect(owners.get('mediation_file')).toBe('mediation');
    expect(owners.get('person')).toBe('people');
    expect(owners.get('calendar_day')).toBe('calendar');
  });

  it('gives the platform its audit log and outbox, and the app its own table', () => {
    expect(owners.get('audit_log')).toBe('platform/audit');
    expect(owners.get('outbox')).toBe('platform/outbox');
    expect(owners.get('app_meta')).toBe('app');
  });

  it('names a file’s owner by its folder', () => {
    expect(ownerOfFile('server/modules/mediation/use-cases/send-to-court.ts')).toBe('mediation');
    expect(ownerOfFile('server/platform/outbox/outbox.ts')).toBe('platform/outbox');
    expect(ownerOfFile('server/cli.ts')).toBe('app');
    expect(ownerOfFile('web/src/main.tsx')).toBeNull();
  });
});

new RuleTester({ languageOptions: { parser: tseslint.parser } }).run('table-ownership', rule, {
  valid: [
    { filename: inModule('cases/cases.repository.ts'), code: "db.selectFrom('case_record').select('case_record.id')" },
    {
      filename: inModule('mediation/x.ts'),
      code: "db.selectFrom('referral').innerJoin('mediation_file as f', 'f.id', 'referral.case_id').select(['f.number'])",
    },
    // A common table expression of the same name is the file's own.
    { filename: inModule('mediation/x.ts'), code: "db.with('case_record', (q) => q).selectFrom('case_record')" },
    // Topics and audit actions look like references but are not call arguments of a query.
    { filename: inModule('cases/x.ts'), code: "enqueue(trx, [{ topic: 'referral.sent' }])" },
    { filename: inModule('cases/x.ts'), code: 'sql`select rowid from case_fts where case_fts match ${m}`' },
    { filename: path.join(root, 'server/platform/outbox/outbox.ts'), code: "db.updateTable('outbox')" },
    {
      filename: inModule('cases/stats.repository.ts'),
      code: "db.selectFrom('org_unit')",
      options: [
        { allow: [{ file: 'server/modules/cases/stats.repository.ts', tables: ['org_unit'], reason: 'test' }] },
      ],
    },
  ],
  invalid: [
    {
      filename: inModule('mediation/use-cases/send-to-court.ts'),
      code: "trx.insertInto('case_assignment').values(row)",
      errors: [{ message: /^'case_assignment' belongs to cases;/ }],
    },
    {
      filename: inModule('cases/notifications.routes.ts'),
      code: "ctx.db.selectFrom('outbox').selectAll()",
      errors: [{ message: /^'outbox' belongs to platform\/outbox;/ }],
    },
    {
      filename: inModule('people/people.repository.ts'),
      code: "db.selectFrom('person').leftJoin('org_unit as u', 'u.id', 'person.unit_id').where('org_unit.path', '>=', p)",
      errors: [{ messageId: 'foreign' }, { messageId: 'foreign' }],
    },
    {
      filename: inModule('mediation/x.ts'),
      code: "db.selectFrom(['mediation_file', 'app_user'])",
      errors: [{ message: /^'app_user' belongs to auth;/ }],
    },
    {
      filename: inModule('mediation/x.ts'),
      code: "eb('case_record.region_path', '>=', p)",
      errors: [{ message: /^'case_record' belongs to cases;/ }],
    },
    {
      filename: inModule('auth/x.ts'),
      code: 'sql`select m.id from membership m join org_unit u on u.id = m.unit_id`',
      errors: [{ message: /^'org_unit' belongs to org;/ }],
    },
    {
      filename: inModule('cases/stats.repository.ts'),
      code: "db.selectFrom('case_stat_secret as s')",
      errors: [{ message: /^'case_stat_secret' is declared in no module/ }],
    },
    {
      filename: path.join(root, 'server/cli.ts'),
      code: "db.deleteFrom('user_session')",
      errors: [{ message: /^'user_session' belongs to auth;/ }],
    },
  ],
});
