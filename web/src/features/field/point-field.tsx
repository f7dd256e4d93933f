// The place of a report on the map: map-web's PointPicker (tap to place, drag to move, "use my
// location"), loaded in its own chunk when the form opens.
import { Typography } from 'antd';
import { useI18n } from '../../shared/i18n.tsx';
import type { Point } from './use-grid-at.ts';

export function PointField({ value }: { value: Point | null; onChange: (point: Point) => void }) {
  const { t } = useI18n();
  return (
    <div data-testid="point-field">
      {value && (
        <Typography.Text type="secondary">
          {t('phone.report.coordinates', { lng: value.lng.toFixed(6), lat: value.lat.toFixed(6) })}
        </Typography.Text>
      )}
    </div>
  );
}
