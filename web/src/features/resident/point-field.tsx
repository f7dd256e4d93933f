// Where the problem is, loaded only when the resident chooses to give a point: the phone's own
// location (GPS, WGS84). The map picker replaces this once it is available.
import { useEffect, useState } from 'react';
import { useI18n } from '../../shared/i18n.tsx';
import { Button, Notice } from './ui.tsx';

export interface ReportPoint {
  lng: number;
  lat: number;
  crs: 'wgs84' | 'gcj02';
}

export default function PointField({
  value,
  onChange,
}: {
  value: ReportPoint | null;
  onChange: (point: ReportPoint | null) => void;
}) {
  const { t } = useI18n();
  const [locating, setLocating] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setFailure(t('resident.noGeolocation'));
      return;
    }
    setLocating(true);
    setFailure(null);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        onChange({ lng: position.coords.longitude, lat: position.coords.latitude, crs: 'wgs84' });
        setLocating(false);
      },
      () => {
        setFailure(t('resident.locateFailed'));
        setLocating(false);
      },
      { timeout: 10_000 },
    );
  };
  // Asked once when the field opens; the button asks again.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => (value === null ? locate() : undefined), []);

  return (
    <div className="r-stack">
      {locating && <span className="r-muted">{t('resident.locating')}</span>}
      {value && !locating && <span data-testid="point-located">{t('resident.located')}</span>}
      {failure && <Notice kind="warning">{failure}</Notice>}
      <Button onClick={locate} busy={locating}>
        {t('resident.locateAgain')}
      </Button>
    </div>
  );
}
