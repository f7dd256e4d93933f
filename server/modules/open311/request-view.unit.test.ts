import { describe, expect, it } from 'vitest';
import { CASE_STATUSES } from '../../../common/case-state.ts';
import { toGcj02 } from '../org/index.ts';
import { maskNumbers, open311Status, toWgs84, updateStatus, w3DateTime } from './request-view.ts';

describe('a case as a GeoReport request', () => {
  it('is open until resolved, closed or cancelled', () => {
    expect(Object.fromEntries(CASE_STATUSES.map((s) => [s, open311Status(s)]))).toEqual({
      registered: 'open',
      dispatched: 'open',
      in_progress: 'open',
      resolved: 'closed',
      closed: 'closed',
      cancelled: 'closed',
    });
  });

  it('gives times in ISO 8601 with Beijing’s offset', () => {
    expect(w3DateTime('2026-12-03T17:30:00.000Z')).toBe('2026-12-04T01:30:00+08:00');
    expect(new Date(w3DateTime('2026-12-03T17:30:00.000Z')).toISOString()).toBe('2026-12-03T17:30:00.000Z');
  });

  it('gives points back in WGS84, within a metre of what was reported', () => {
    const [lng, lat] = toGcj02(119.1, 36.7, 'wgs84');
    const [x, y] = toWgs84(lng, lat);
    expect(Math.abs(x - 119.1)).toBeLessThan(1e-5);
    expect(Math.abs(y - 36.7)).toBeLessThan(1e-5);
  });

  it('masks mobile and ID-card numbers in free text', () => {
    expect(maskNumbers('请回电13812345678，身份证37070219850612001X')).toBe(
      '请回电138****5678，身份证370***********001X',
    );
    expect(maskNumbers('编号370702-2026-000001')).toBe('编号370702-2026-000001');
  });

  it('uses mySociety’s update statuses', () => {
    expect(updateStatus({ action: 'register', to_status: 'registered' })).toBe('open');
    expect(updateStatus({ action: 'return', to_status: 'registered' })).toBe('investigating');
    expect(updateStatus({ action: 'resolve', to_status: 'resolved' })).toBe('fixed');
    expect(updateStatus({ action: 'merge', to_status: 'cancelled' })).toBe('duplicate');
  });
});
