// 来电历史: once the operator has typed the caller's full mobile number on the intake form, the
// caller's earlier cases with their status and rating, one tap away. It is the audited exact
// look-up of the case search (GET /api/v1/cases?q=<phone>&purpose=), so the purpose is asked
// first; the number stays in this page's memory and in the API request, never in the page's address.
import { Button, Drawer, Empty, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { CaseSummary } from '../../shared/api-types.ts';
import { api } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { RATING_LABELS, STATUS_LABELS, labelOf } from '../../shared/labels.ts';
import { PurposeDialog } from '../search/purpose-dialog.tsx';
import { maskMobile, readSearch } from '../search/search-query.ts';
import { mayLookUpPhones } from '../search/header-search.tsx';
import { useSession } from '../../app/session.tsx';

/** The caller's number as the API reads it, when what was typed is a whole mobile number. */
export function fullMobile(typed: string | undefined): string | null {
  const intent = readSearch(typed ?? '');
  return intent.kind === 'mobile' ? intent.q : null;
}

export function CallerHistory({ phone }: { phone: string | null }) {
  const { t, pick, locale } = useI18n();
  const { roles } = useSession();
  const [asking, setAsking] = useState(false);
  const [shown, setShown] = useState<{ phone: string; items: CaseSummary[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (phone === null || !mayLookUpPhones(roles)) return null;

  const look = async (purpose: string) => {
    setAsking(false);
    setBusy(true);
    setError(null);
    try {
      const page = await api.GET('/api/v1/cases', { params: { query: { q: phone, purpose, limit: 20 } } });
      setShown({ phone, items: page.items });
    } catch (failure) {
      setError(failure);
      setShown({ phone, items: [] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button size="small" onClick={() => setAsking(true)} loading={busy} data-testid="caller-history">
        {t('knowledge.history.button')}
      </Button>
      {asking && <PurposeDialog phone={phone} onCancel={() => setAsking(false)} onSubmit={(p) => void look(p)} />}
      {shown && (
        <Drawer
          open
          onClose={() => setShown(null)}
          title={t('knowledge.history.title', { phone: maskMobile(shown.phone) })}
          width={Math.min(480, window.innerWidth)}
          data-testid="caller-history-drawer"
        >
          {error !== null && <ErrorAlert error={error} />}
          {shown.items.length === 0 && error === null ? (
            <Empty description={t('knowledge.history.none')} />
          ) : (
            <List
              dataSource={shown.items}
              renderItem={(item) => (
                <List.Item key={item.id} data-testid="caller-history-item">
                  <Space direction="vertical" size={2} style={{ width: '100%' }}>
                    <Space wrap size={[8, 4]}>
                      <Link to={`/cases/${item.id}`} target="_blank" rel="noopener">
                        {item.number}
                      </Link>
                      <Tag>{pick(labelOf(STATUS_LABELS, item.status))}</Tag>
                      {item.rating ? (
                        <Tag color={item.rating === 'unsatisfied' ? 'red' : 'green'}>
                          {pick(labelOf(RATING_LABELS, item.rating))}
                        </Tag>
                      ) : (
                        <Typography.Text type="secondary">{t('knowledge.history.unrated')}</Typography.Text>
                      )}
                    </Space>
                    <Typography.Text>{item.title}</Typography.Text>
                    <Typography.Text type="secondary">{formatDateTime(item.createdAt, locale)}</Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Drawer>
      )}
    </>
  );
}
