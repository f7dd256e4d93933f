// 吹哨 with the grid's cadres (ADR 0030): on a case whose whistle is under way, the township's
// dispatcher picks cadres of the case's grid; each is recorded on the whistle once and told by SMS,
// and the timeline then says "网格联系干部 X 已通知".
import { Button, Form, Modal, Select, Typography, message } from 'antd';
import { useState } from 'react';
import { CADRE_ROLES } from '../../../../common/workforce.ts';
import { api } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { useSubmit } from '../../shared/form-dialog.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';

function CadrePicker({ caseId, gridId, onDone }: { caseId: number; gridId: number; onDone: () => void }) {
  const { t, pick } = useI18n();
  const [chosen, setChosen] = useState<number[]>([]);
  const submit = useSubmit();
  const cadres = useLoad(() => api.GET('/api/v1/grid-cadres', { params: { query: { gridId } } }), String(gridId));
  return (
    <Modal
      open
      title={t('gridPage.whistleCadres')}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: chosen.length === 0, loading: submit.saving }}
      onCancel={onDone}
      onOk={() =>
        void submit.run(async () => {
          await api.POST('/api/v1/cases/{id}/whistle-cadres', {
            params: { path: { id: caseId } },
            body: { cadreIds: chosen },
          });
          void message.success(t('gridPage.whistleCadresDone'));
          onDone();
        })
      }
    >
      <Typography.Paragraph type="secondary">{t('gridPage.whistleCadresHint')}</Typography.Paragraph>
      {submit.error ? <ErrorAlert error={submit.error} /> : null}
      {cadres.error ? <ErrorAlert error={cadres.error} onRetry={cadres.reload} /> : null}
      <Form layout="vertical">
        <Form.Item label={t('gridPage.cadres')}>
          <Select
            mode="multiple"
            loading={cadres.loading}
            value={chosen}
            onChange={setChosen}
            data-testid="whistle-cadres-select"
            options={(cadres.data?.items ?? []).map((c) => ({
              value: c.id,
              label: `${c.name} · ${pick(CADRE_ROLES[c.role])}`,
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function WhistleCadresButton({
  caseId,
  gridId,
  onDone,
}: {
  caseId: number;
  gridId: number;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="whistle-cadres">
        {t('gridPage.whistleCadres')}
      </Button>
      {open ? (
        <CadrePicker
          caseId={caseId}
          gridId={gridId}
          onDone={() => {
            setOpen(false);
            onDone();
          }}
        />
      ) : null}
    </>
  );
}
