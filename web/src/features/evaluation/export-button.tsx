// 导出 Excel for the evaluator's lists: the same address with `format=xlsx` (helper D's streamed,
// audited export), fetched as a Blob and saved.
import { Button } from 'antd';
import { api, saveBlob } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { useSubmit } from '../../shared/form-dialog.tsx';
import { useI18n } from '../../shared/i18n.tsx';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function ExportSamplesButton({ sampleId, fileName }: { sampleId?: number; fileName: string }) {
  const { t } = useI18n();
  const submit = useSubmit();
  const download = () =>
    void submit.run(async () => {
      const blob =
        sampleId === undefined
          ? await api.GET('/api/v1/evaluation-samples', { params: { query: { format: 'xlsx' } }, parseAs: 'blob' })
          : await api.GET('/api/v1/evaluation-samples/{id}', {
              params: { path: { id: sampleId }, query: { format: 'xlsx' } },
              parseAs: 'blob',
            });
      saveBlob(new Blob([blob], { type: XLSX_TYPE }), fileName);
    });
  return (
    <>
      <Button onClick={download} loading={submit.saving} data-testid="evaluation-export">
        {t('evaluation.export')}
      </Button>
      {submit.error ? <ErrorAlert error={submit.error} /> : null}
    </>
  );
}
