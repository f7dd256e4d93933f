// The regions a staff member works with on the points pages: its memberships' units and the regions
// right below them (a township's villages), for the reward, leaderboard and review pickers.
import { useEffect, useState } from 'react';
import { holds, type Power } from '../../../../common/powers.ts';
import { api } from '../../shared/api.ts';
import { useSession } from '../../app/session.tsx';

export function useAreaUnits(power: Power): { value: number; label: string }[] {
  const { me } = useSession();
  const [units, setUnits] = useState<{ value: number; label: string }[]>([]);
  useEffect(() => {
    const own = (me?.memberships ?? []).filter((m) => holds(m.role, power));
    void Promise.all(
      own.map((m) =>
        api
          .GET('/api/v1/units', { params: { query: { parentId: m.unitId, type: 'region', limit: 200 } } })
          .then((answer) => [
            { value: m.unitId, label: m.unitName },
            ...answer.items.map((u) => ({ value: u.id, label: `${m.unitName} / ${u.name}` })),
          ])
          .catch(() => [{ value: m.unitId, label: m.unitName }]),
      ),
    ).then((lists) => setUnits(lists.flat()));
  }, [me, power]);
  return units;
}
