// The console's emergency banner: every active emergency (or drill) whose area covers the user's,
// with its kind, level and instructions, and a link to the board for those who read it. Asked
// again every minute, so a declaration reaches open consoles without a reload.
import { Alert, Space } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { EMERGENCY_KIND_LABELS, EMERGENCY_LEVEL_LABELS } from '../../../../common/emergency.ts';
import { api, type Answer } from '../../shared/api.ts';
import { useI18n } from '../../shared/i18n.tsx';

type Emergency = Answer<'/api/v1/emergencies'>['items'][number];

const REFRESH_MS = 60_000;

export function useActiveEmergencies(): Emergency[] {
  const [items, setItems] = useState<Emergency[]>([]);
  useEffect(() => {
    let cancelled = false;
    const load = () =>
      api.GET('/api/v1/emergencies', { params: { query: { active: '1' } } }).then(
        (answer) => {
          if (!cancelled) setItems(answer.items);
        },
        () => undefined,
      );
    void load();
    const timer = window.setInterval(() => void load(), REFRESH_MS);
    return () => {
      cancelled = true;
      window.clearInterval(timer);
    };
  }, []);
  return items;
}

export function emergencyHeadline(
  e: Pick<Emergency, 'drill' | 'unitName' | 'kind' | 'level'>,
  i18n: ReturnType<typeof useI18n>,
) {
  return i18n.t(e.drill ? 'emergency.bannerDrill' : 'emergency.banner', {
    unit: e.unitName,
    kind: i18n.pick(EMERGENCY_KIND_LABELS[e.kind]),
    level: i18n.pick(EMERGENCY_LEVEL_LABELS[e.level]),
  });
}

export function EmergencyBanner() {
  const i18n = useI18n();
  const items = useActiveEmergencies();
  if (items.length === 0) return null;
  return (
    <Space direction="vertical" style={{ width: '100%', marginBottom: 12 }} data-testid="emergency-banner">
      {items.map((e) => (
        <Alert
          key={e.id}
          type={e.drill ? 'warning' : 'error'}
          showIcon
          message={emergencyHeadline(e, i18n)}
          description={
            <span style={{ overflowWrap: 'anywhere' }}>
              {i18n.t('emergency.instructions')}：{e.instructions}
              {e.abilities.board ? (
                <>
                  {' '}
                  <Link to={`/emergencies/${e.id}`} data-testid="emergency-banner-link">
                    {i18n.t('emergency.openBoard')}
                  </Link>
                </>
              ) : null}
            </span>
          }
        />
      ))}
    </Space>
  );
}
