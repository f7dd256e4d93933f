// The units a staff member may place a community record at: the unit of each membership holding the
// power and the regions directly below it (a township's villages), as the emergency form offers.
import { useEffect, useState } from 'react';
import { holds, type Power } from '../../../../common/powers.ts';
import { api } from '../../shared/api.ts';
import { useSession } from '../../app/session.tsx';

export function useUnitOptions(power: Power): { value: number; label: string }[] {
  const { me } = useSession();
  const [units, setUnits] = useState<{ value: number; label: string }[]>([]);
  useEffect(() => {
    const own = (me?.memberships ?? []).filter((m) => holds(m.role, power));
    void Promise.all(
      own.map(async (m) => {
        try {
          // A centre's staff work for its region: start from that region.
          const unit = await api.GET('/api/v1/units/{id}', { params: { path: { id: m.unitId } } });
          const base =
            unit.type === 'region'
              ? { id: unit.id, name: unit.name }
              : { id: unit.parentId ?? unit.id, name: unit.ancestors.at(-1)?.name ?? unit.name };
          const children = await api.GET('/api/v1/units', {
            params: { query: { parentId: base.id, type: 'region', limit: 200 } },
          });
          return [
            { value: base.id, label: base.name },
            ...children.items.map((u) => ({ value: u.id, label: `${base.name} / ${u.name}` })),
          ];
        } catch {
          return [];
        }
      }),
    ).then((lists) => setUnits(lists.flat()));
  }, [me, power]);
  return units;
}
