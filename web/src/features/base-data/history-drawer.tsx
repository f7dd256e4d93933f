// The history of one house, person or enterprise: who changed which field when, by edit or import.
// The server leaves out what the reader may not see (key groups) and masks numbers.
import { Drawer, Empty, List, Spin, Typography } from 'antd';
import { KEY_GROUP_SPECS, isKeyGroup } from '../../../../common/base-data.ts';
import { api, type Answer } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import type { MessageKey } from '../../shared/messages.ts';
import { useLoad } from '../../shared/use-load.ts';

export type HistorySubject = { type: 'houses' | 'people' | 'enterprises'; id: number; name: string };
type Change = Answer<'/api/v1/base-data/people/{id}/history'>['items'][number];

const FIELDS = [
  'address',
  'kind',
  'unitId',
  'lng',
  'lat',
  'note',
  'name',
  'creditCode',
  'contactName',
  'contactPhone',
  'phone',
  'idNumber',
  'keyGroup',
  'house',
  'enterprise',
  'created',
] as const;

function load(subject: HistorySubject) {
  const params = { params: { path: { id: subject.id } } };
  if (subject.type === 'houses') return api.GET('/api/v1/base-data/houses/{id}/history', params);
  if (subject.type === 'people') return api.GET('/api/v1/base-data/people/{id}/history', params);
  return api.GET('/api/v1/base-data/enterprises/{id}/history', params);
}

export function HistoryDrawer({ subject, onClose }: { subject: HistorySubject; onClose: () => void }) {
  const { t, pick, locale } = useI18n();
  const history = useLoad(() => load(subject), `${subject.type}-${subject.id}`);
  const fieldName = (field: string) =>
    (FIELDS as readonly string[]).includes(field) ? t(`baseData.field.${field}` as MessageKey) : field;
  const value = (change: Change, v: string | null) => {
    if (v === null) return t('baseData.empty');
    return change.field === 'keyGroup' && isKeyGroup(v) ? pick(KEY_GROUP_SPECS[v]) : v;
  };
  return (
    <Drawer
      open
      onClose={onClose}
      title={t('baseData.historyTitle', { name: subject.name })}
      width={460}
      data-testid="history-drawer"
    >
      {history.error ? <ErrorAlert error={history.error} onRetry={history.reload} /> : null}
      {history.loading && !history.data ? <Spin /> : null}
      {history.data && history.data.items.length === 0 ? <Empty description={t('baseData.historyEmpty')} /> : null}
      {history.data && history.data.items.length > 0 ? (
        <List
          dataSource={history.data.items}
          renderItem={(change) => (
            <List.Item data-testid="history-item">
              <List.Item.Meta
                title={t('baseData.change', {
                  field: fieldName(change.field),
                  old: value(change, change.oldValue),
                  new: value(change, change.newValue),
                })}
                description={
                  <Typography.Text type="secondary">
                    {t('baseData.historyLine', {
                      who: change.actorName ?? t('baseData.someone'),
                      at: formatDateTime(change.at, locale),
                      source: t(change.source === 'import' ? 'baseData.source.import' : 'baseData.source.edit'),
                    })}
                  </Typography.Text>
                }
              />
            </List.Item>
          )}
        />
      ) : null}
    </Drawer>
  );
}
