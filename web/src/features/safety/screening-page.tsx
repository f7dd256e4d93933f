// 排查记录 (/screenings/:id): one screening and its findings; a finding not yet a case has the
// 转为事件 and 转人民调解 buttons (with the case's category): one click registers the case, or hands
// it to the township's mediation committee with its file opened, and shows the number, linked.
// Works on a 375-px phone.
import { Button, Card, Descriptions, Empty, List, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { RISK_GRADE_NAMES } from '../../../../common/safety.ts';
import { api, type Answer } from '../../shared/api.ts';
import { categoryOptions, loadCategories } from '../../shared/categories.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { ExportButton } from '../../shared/export-button.tsx';
import { formatDate, useI18n } from '../../shared/i18n.tsx';
import { PageLoading } from '../../shared/page-loading.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { RISK_COLOURS } from './grade-colour.ts';

type Screening = Answer<'/api/v1/screenings/{id}'>;
type Finding = Screening['findings'][number];
type Options = ReturnType<typeof categoryOptions>;

function FindingItem({ screeningId, finding, options }: { screeningId: number; finding: Finding; options: Options }) {
  const { t, pick } = useI18n();
  const [category, setCategory] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [made, setMade] = useState<{ caseId: number; caseNumber: string } | null>(
    finding.caseId !== null && finding.caseNumber !== null
      ? { caseId: finding.caseId, caseNumber: finding.caseNumber }
      : null,
  );
  const [file, setFile] = useState<string | null>(finding.mediationFileNumber);

  async function hand(to: 'case' | 'mediation') {
    if (!category) return;
    setBusy(true);
    setError(null);
    try {
      const path = { id: screeningId, fid: finding.id };
      if (to === 'case') {
        const answer = await api.POST('/api/v1/screenings/{id}/findings/{fid}/to-case', {
          params: { path },
          body: { categoryCode: category },
        });
        setMade({ caseId: answer.caseId, caseNumber: answer.caseNumber });
      } else {
        const answer = await api.POST('/api/v1/screenings/{id}/findings/{fid}/to-mediation', {
          params: { path },
          body: { categoryCode: category },
        });
        setMade({ caseId: answer.caseId, caseNumber: answer.caseNumber });
        setFile(`${answer.committeeName} ${answer.mediationFileNumber}`);
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <List.Item data-testid="finding" style={{ display: 'block' }}>
      <Space wrap style={{ marginBottom: 4 }}>
        <Tag color={RISK_COLOURS[finding.riskGrade]}>{pick(RISK_GRADE_NAMES[finding.riskGrade])}</Tag>
        <Typography.Text strong>{finding.parties.map((p) => p.name).join('、')}</Typography.Text>
      </Space>
      <Typography.Paragraph style={{ marginBottom: 4, overflowWrap: 'anywhere' }}>
        {finding.description}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4, overflowWrap: 'anywhere' }}>
        {t('screening.measures')}：{finding.measures} · {t('screening.responsible')}：{finding.responsiblePerson}
      </Typography.Paragraph>
      {error ? <ErrorAlert error={error} /> : null}
      {made ? (
        <Space direction="vertical" size={0}>
          <Typography.Text data-testid="finding-case">
            {t('screening.caseMade')}
            <Link to={`/cases/${made.caseId}`} data-testid="finding-case-link">
              {made.caseNumber}
            </Link>
          </Typography.Text>
          {file ? (
            <Typography.Text data-testid="finding-mediation" style={{ overflowWrap: 'anywhere' }}>
              {t('screening.mediationMade')}
              {file}
            </Typography.Text>
          ) : null}
        </Space>
      ) : finding.abilities.toCase || finding.abilities.toMediation ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select
            showSearch
            optionFilterProp="label"
            placeholder={t('screening.category')}
            value={category}
            onChange={setCategory}
            options={options}
            style={{ width: '100%' }}
            data-testid="finding-category"
          />
          <Space wrap>
            {finding.abilities.toCase ? (
              <Button
                type="primary"
                disabled={!category}
                loading={busy}
                onClick={() => void hand('case')}
                data-testid="finding-to-case"
              >
                {t('screening.toCase')}
              </Button>
            ) : null}
            {finding.abilities.toMediation ? (
              <Button
                disabled={!category}
                loading={busy}
                onClick={() => void hand('mediation')}
                data-testid="finding-to-mediation"
              >
                {t('screening.toMediation')}
              </Button>
            ) : null}
          </Space>
        </Space>
      ) : null}
    </List.Item>
  );
}

export default function ScreeningPage() {
  const { t, locale } = useI18n();
  const id = Number(useParams().id);
  const screening = useLoad(() => api.GET('/api/v1/screenings/{id}', { params: { path: { id } } }), `screening-${id}`);
  const [options, setOptions] = useState<Options>([]);
  useEffect(() => {
    loadCategories().then(
      (categories) => setOptions(categoryOptions(categories)),
      () => setOptions([]),
    );
  }, []);
  const s = screening.data;
  return (
    <Card
      title={s ? `${s.unitName} · ${s.period}` : t('screening.title')}
      extra={<Link to="/screenings">{t('screening.back')}</Link>}
      styles={{ body: { padding: 12 } }}
      data-testid="screening-page"
    >
      {screening.error ? <ErrorAlert error={screening.error} onRetry={screening.reload} /> : null}
      {screening.loading && !s ? <PageLoading /> : null}
      {s ? (
        <>
          <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('screening.doneAt')}>{formatDate(s.doneAt, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('screening.by')}>{s.screenedByName}</Descriptions.Item>
            <Descriptions.Item label={t('screening.frequency')}>
              {t(s.frequency === 'weekly' ? 'screening.weekly' : 'screening.monthly')}
            </Descriptions.Item>
            {s.note ? <Descriptions.Item label={t('screening.note')}>{s.note}</Descriptions.Item> : null}
          </Descriptions>
          <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('screening.findings')}
            </Typography.Title>
            {s.findings.length > 0 ? (
              <ExportButton
                url="/api/v1/screenings/{id}"
                path={{ id: s.id }}
                fallbackName={`screening-${s.id}.xlsx`}
                testId="export-findings"
              />
            ) : null}
          </Space>
          {s.findings.length === 0 ? <Empty description={t('screening.noFindings')} /> : null}
          <List
            dataSource={s.findings}
            renderItem={(f) => <FindingItem key={f.id} screeningId={s.id} finding={f} options={options} />}
          />
        </>
      ) : null}
    </Card>
  );
}
