// Where the problem is, loaded only when the resident chooses to give the exact place: the map
// picker (features/map/point-picker.tsx — offline base layer, tap to place, "use my location",
// and the grid the point falls in), with ECharts, in a chunk of its own. The picker asks the
// console's session who is looking; the residents' page has its own, handed over here.
import { useMemo } from 'react';
import { SessionContext, rolesOf, type SessionValue } from '../../app/session.tsx';
import PointPicker from '../map/point-picker.tsx';
import { useResidentSession } from './resident-session.tsx';

/** A point on the picker's map: GCJ-02, as the map and the API keep them. */
export interface ReportPoint {
  lng: number;
  lat: number;
  crs: 'gcj02';
}

export default function PointField({
  value,
  onChange,
}: {
  value: ReportPoint | null;
  onChange: (point: ReportPoint | null) => void;
}) {
  const resident = useResidentSession();
  const session = useMemo<SessionValue>(
    () => ({
      token: resident.token,
      me: resident.me,
      roles: rolesOf(resident.me),
      loading: resident.loading,
      endReason: resident.expired ? 'expired' : null,
      signIn: resident.signIn,
      signOut: resident.signOut,
    }),
    [resident],
  );
  return (
    <SessionContext.Provider value={session}>
      <PointPicker
        value={value ? { lng: value.lng, lat: value.lat } : null}
        onChange={(point) => onChange({ ...point, crs: 'gcj02' })}
        height={260}
      />
    </SessionContext.Provider>
  );
}
