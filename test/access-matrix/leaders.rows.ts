// Access-matrix rows: 领导包案 (issue 17). The leaders a case may be assigned to are shown to the
// region roles over the case; a case outside the actor's area does not exist for it.
import { inJurisdiction, type Row } from './expectations.ts';
import { newCase } from './fixtures.ts';

export const LEADER_ROWS: Record<string, Row> = {
  'GET /api/v1/cases/:id/leader-candidates': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/cases/${(await newCase(f, where)).id}/leader-candidates`,
    }),
    access: inJurisdiction('case:read_area'),
  },
};
