// 调解依据 on the mediation file: the articles cited, as the agreement prints them; the committee's
// mediator picks them from the legal library (search, cite, order) until anyone signs.
import { Button, Card, Empty, List, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import type { FileContext } from '../mediation/file-command.tsx';
import { LegalSearch } from './legal-search.tsx';

interface Chosen {
  id: number;
  label: string;
}

function CitationPicker({ context, onClose }: { context: FileContext; onClose: () => void }) {
  const { t } = useI18n();
  const { file } = context;
  const [chosen, setChosen] = useState<Chosen[]>(
    file.legalBases.map((b) => ({ id: b.articleId, label: `《${b.lawTitle}》${b.label}` })),
  );
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      context.onChanged(
        await api.PUT('/api/v1/mediations/{id}/legal-bases', {
          params: { path: { id: file.id } },
          body: { articleIds: chosen.map((c) => c.id) },
        }),
      );
      onClose();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      width={720}
      title={t('legal.cite.edit')}
      okText={t('legal.cite.save')}
      cancelText={t('common.cancel')}
      onOk={() => void save()}
      confirmLoading={saving}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'citation-save' }}
      destroyOnHidden
      maskClosable={false}
    >
      <div data-testid="citation-picker">
        {error !== null && <ErrorAlert error={error} />}
        <Typography.Text strong>{t('legal.cite.selected')}</Typography.Text>
        <List
          size="small"
          dataSource={chosen}
          locale={{ emptyText: t('legal.cite.none') }}
          data-testid="citation-chosen"
          renderItem={(c) => (
            <List.Item
              actions={[
                <a key="remove" onClick={() => setChosen(chosen.filter((x) => x.id !== c.id))}>
                  {t('legal.cite.remove')}
                </a>,
              ]}
            >
              {c.label}
            </List.Item>
          )}
        />
        <LegalSearch
          action={(item) => {
            const cited = chosen.some((c) => c.id === item.id);
            return (
              <Button
                size="small"
                disabled={cited}
                data-testid="citation-add"
                onClick={() => setChosen([...chosen, { id: item.id, label: `《${item.lawTitle}》${item.label}` }])}
              >
                {cited ? t('legal.cite.added') : t('legal.cite.add')}
              </Button>
            );
          }}
        />
      </div>
    </Modal>
  );
}

export function LegalBasesCard({
  context,
  editable,
  fixed,
}: {
  context: FileContext;
  editable: boolean;
  fixed: boolean;
}) {
  const { t } = useI18n();
  const [picking, setPicking] = useState(false);
  const { file } = context;
  return (
    <Card
      title={t('legal.cite.title')}
      data-testid="legal-bases"
      extra={
        editable && !fixed ? (
          <Button onClick={() => setPicking(true)} data-testid="cite-articles">
            {t('legal.cite.edit')}
          </Button>
        ) : undefined
      }
    >
      {file.legalBases.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('legal.cite.none')} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {file.legalBases.map((b) => (
            <div key={b.articleId} data-testid="legal-basis">
              <Typography.Text strong>{`《${b.lawTitle}》${b.label}`}</Typography.Text>
              <Typography.Paragraph
                type="secondary"
                style={{ marginBottom: 0 }}
                ellipsis={{ rows: 2, expandable: true }}
              >
                {b.text}
              </Typography.Paragraph>
            </div>
          ))}
        </Space>
      )}
      {editable && fixed && file.legalBases.length > 0 && (
        <Typography.Text type="secondary">{t('legal.cite.fixed')}</Typography.Text>
      )}
      {picking && <CitationPicker context={context} onClose={() => setPicking(false)} />}
    </Card>
  );
}
