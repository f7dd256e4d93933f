// The units a staff member runs topics at (for raising one, or naming who carries a decision out):
// each unit of its memberships that may manage consultations, and that unit's region children.
import { useEffect, useState } from 'react';
import { holds } from '../../../../common/powers.ts';
import { api } from '../../shared/api.ts';
import { useSession } from '../../app/session.tsx';

export function useOwnUnits(): { value: number; label: string }[] {
  const { me } = useSession();
  const [units, setUnits] = useState<{ value: number; label: string }[]>([]);
  useEffect(() => {
    const own = (me?.memberships ?? []).filter((m) => holds(m.role, 'consultation:manage'));
    void Promise.all(
      own.map((m) =>
        api
          .GET('/api/v1/units', { params: { query: { parentId: m.unitId, limit: 200 } } })
          .then((answer) => [
            { value: m.unitId, label: m.unitName },
            ...answer.items.map((u) => ({ value: u.id, label: `${m.unitName} / ${u.name}` })),
          ])
          .catch(() => [{ value: m.unitId, label: m.unitName }]),
      ),
    ).then((lists) => setUnits(lists.flat()));
  }, [me]);
  return units;
}
