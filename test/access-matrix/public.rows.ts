// Access-matrix rows: the public results page (issue 16). No login: every role and anonymous
// callers get the same answer.
import { open, type Row } from './expectations.ts';

export const PUBLIC_ROWS: Record<string, Row> = {
  'GET /api/v1/public/results': {
    build: () => ({ method: 'GET', url: '/api/v1/public/results' }),
    anonymous: true,
    access: open(200),
  },
};
