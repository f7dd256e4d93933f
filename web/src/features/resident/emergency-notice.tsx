// The residents' page's emergency notice: an active emergency (or drill) over the resident's area,
// its kind, level and instructions — nothing personal. Plain React, as the rest of /m.
import { useEffect, useState } from 'react';
import { EMERGENCY_KIND_LABELS, EMERGENCY_LEVEL_LABELS } from '../../../../common/emergency.ts';
import { api, type Answer } from '../../shared/api.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { Notice } from './ui.tsx';

type Emergency = Answer<'/api/v1/emergencies'>['items'][number];

export function EmergencyNotice({ signedIn }: { signedIn: boolean }) {
  const { t, pick } = useI18n();
  const [items, setItems] = useState<Emergency[]>([]);
  useEffect(() => {
    if (!signedIn) {
      setItems([]);
      return undefined;
    }
    let cancelled = false;
    api.GET('/api/v1/emergencies', { params: { query: { active: '1' } } }).then(
      (answer) => {
        if (!cancelled) setItems(answer.items);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [signedIn]);
  return (
    <>
      {items.map((e) => (
        <Notice key={e.id} kind={e.drill ? 'warning' : 'error'} testId="emergency-notice">
          <strong>
            {t(e.drill ? 'emergency.bannerDrill' : 'emergency.banner', {
              unit: e.unitName,
              kind: pick(EMERGENCY_KIND_LABELS[e.kind]),
              level: pick(EMERGENCY_LEVEL_LABELS[e.level]),
            })}
          </strong>
          <div>
            {t('emergency.instructions')}：{e.instructions}
          </div>
        </Notice>
      ))}
    </>
  );
}
