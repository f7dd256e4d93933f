// The evaluator's calling sheet: one sampled case after another (draw order) — what was reported,
// where, when, the result and the self-reported rating; show the reporter's number (audited, with
// a reason), call, and record how the call went (reached, rating, genuinely solved, comment).
// Several calls per case are kept; the last reached one counts. Above: the comparison of the
// unit's own satisfaction rate with the sampled one and its margin of error. Works at 375 px.
import { Alert, App, Button, Card, Descriptions, Form, Input, Radio, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { holds } from '../../../../common/powers.ts';
import { RATINGS, type Rating } from '../../../../common/case-state.ts';
import { useSession } from '../../app/session.tsx';
import { api, type Answer } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { useSubmit } from '../../shared/form-dialog.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { EVALUATION_RATING_LABELS } from '../../shared/messages/sampling.ts';
import { PageLoading } from '../../shared/page-loading.tsx';
import { TitleText } from '../../shared/title-text.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { ExportSamplesButton } from './export-button.tsx';

type Sample = Answer<'/api/v1/evaluation-samples/{id}'>;
type Item = Sample['items'][number];
type Comparison = Sample['comparison'];

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
const ratingLabel = (value: string | null) =>
  value !== null && (RATINGS as readonly string[]).includes(value) ? EVALUATION_RATING_LABELS[value as Rating] : null;

function ComparisonCard({ comparison }: { comparison: Comparison }) {
  const { t } = useI18n();
  const { selfReported, sampled } = comparison;
  const verdict =
    comparison.beyondMargin === null ? (
      <Alert type="info" showIcon message={t('evaluation.cmp.unknown')} />
    ) : comparison.beyondMargin ? (
      <Alert type="warning" showIcon message={t('evaluation.cmp.beyond')} data-testid="evaluation-gap-flag" />
    ) : (
      <Alert type="success" showIcon message={t('evaluation.cmp.within')} />
    );
  return (
    <Card size="small" title={t('evaluation.cmp.title')} data-testid="evaluation-comparison">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap size={[32, 8]}>
          <div>
            <Typography.Text type="secondary">{t('evaluation.cmp.self')}</Typography.Text>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="evaluation-self-rate">
              {percent(selfReported?.rate ?? null)}
            </Typography.Title>
            {selfReported && (
              <Typography.Text type="secondary">
                {t('evaluation.cmp.rated', { rated: selfReported.rated })}
              </Typography.Text>
            )}
          </div>
          <div>
            <Typography.Text type="secondary">{t('evaluation.cmp.sampled')}</Typography.Text>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="evaluation-sampled-rate">
              {percent(sampled.rate)}
            </Typography.Title>
            <Typography.Text type="secondary">
              {t('evaluation.cmp.rated', { rated: sampled.rated })}
              {sampled.low !== null && sampled.high !== null
                ? ` · ${t('evaluation.cmp.interval', { low: percent(sampled.low), high: percent(sampled.high) })}`
                : ''}
            </Typography.Text>
          </div>
          <div>
            <Typography.Text type="secondary">{t('evaluation.cmp.gap')}</Typography.Text>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {percent(comparison.gap)}
            </Typography.Title>
          </div>
        </Space>
        <Typography.Text type="secondary">
          {t('evaluation.cmp.solved', { solved: sampled.solved, reached: sampled.reached })}
        </Typography.Text>
        {verdict}
      </Space>
    </Card>
  );
}

function RevealButton({ sampleId, item }: { sampleId: number; item: Item }) {
  const { t } = useI18n();
  const [phone, setPhone] = useState<string | null | undefined>(undefined);
  const submit = useSubmit();
  useEffect(() => setPhone(undefined), [item.id]);
  if (item.reporterPhone === null)
    return <Typography.Text type="secondary">{t('evaluation.sheet.noPhone')}</Typography.Text>;
  if (phone !== undefined)
    return phone === null ? (
      <Typography.Text type="secondary">{t('evaluation.sheet.noPhone')}</Typography.Text>
    ) : (
      <a href={`tel:${phone}`} data-testid="evaluation-revealed-phone">
        {phone}
      </a>
    );
  return (
    <>
      <Button
        size="small"
        loading={submit.saving}
        data-testid="evaluation-reveal"
        onClick={() =>
          void submit.run(async () => {
            // The reason is the evaluator's one purpose; it is audited with every reveal.
            const answer = await api.POST('/api/v1/evaluation-samples/{id}/items/{itemId}/reveal-phone', {
              params: { path: { id: sampleId, itemId: item.id } },
              body: { reason: t('evaluation.sheet.revealReason') },
            });
            setPhone(answer.phone);
          })
        }
      >
        {t('evaluation.sheet.reveal')}
      </Button>
      {submit.error ? <ErrorAlert error={submit.error} /> : null}
    </>
  );
}

interface CallValues {
  reached: boolean;
  rating?: Rating;
  solved?: boolean;
  comment?: string;
}

function CallForm({ sampleId, item, onSaved }: { sampleId: number; item: Item; onSaved: () => void }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CallValues>();
  const reached = Form.useWatch('reached', form);
  const submit = useSubmit();
  useEffect(() => form.resetFields(), [item.id, form]);
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(values) =>
        void submit.run(async () => {
          const comment = values.comment?.trim();
          await api.POST('/api/v1/evaluation-samples/{id}/items/{itemId}/calls', {
            params: { path: { id: sampleId, itemId: item.id } },
            body: values.reached
              ? {
                  reached: true,
                  ...(values.rating ? { rating: values.rating } : {}),
                  ...(values.solved !== undefined ? { solved: values.solved } : {}),
                  ...(comment ? { comment } : {}),
                }
              : { reached: false, ...(comment ? { comment } : {}) },
          });
          void message.success(t('evaluation.sheet.saved'));
          form.resetFields();
          onSaved();
        })
      }
    >
      {submit.error ? <ErrorAlert error={submit.error} /> : null}
      <Form.Item
        name="reached"
        label={t('evaluation.sheet.reached')}
        rules={[{ required: true, message: t('evaluation.sheet.reached') }]}
      >
        <Radio.Group optionType="button" data-testid="evaluation-reached">
          <Radio value={true} data-value="yes">
            {t('evaluation.sheet.reachedYes')}
          </Radio>
          <Radio value={false} data-value="no">
            {t('evaluation.sheet.reachedNo')}
          </Radio>
        </Radio.Group>
      </Form.Item>
      {reached === true && (
        <>
          <Form.Item name="rating" label={t('evaluation.sheet.rating')}>
            <Radio.Group data-testid="evaluation-rating">
              <Space wrap>
                {RATINGS.map((r) => (
                  <Radio key={r} value={r} data-value={r}>
                    {pick(EVALUATION_RATING_LABELS[r])}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="solved" label={t('evaluation.sheet.solved')}>
            <Radio.Group data-testid="evaluation-solved">
              <Radio value={true} data-value="yes">
                {t('evaluation.sheet.solvedYes')}
              </Radio>
              <Radio value={false} data-value="no">
                {t('evaluation.sheet.solvedNo')}
              </Radio>
            </Radio.Group>
          </Form.Item>
        </>
      )}
      <Form.Item name="comment" label={t('evaluation.sheet.comment')}>
        <Input.TextArea rows={2} maxLength={2000} data-testid="evaluation-comment" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={submit.saving} data-testid="evaluation-save-call">
        {t('evaluation.sheet.save')}
      </Button>
    </Form>
  );
}

function ItemCard({
  sample,
  item,
  mayCall,
  onSaved,
}: {
  sample: Sample;
  item: Item;
  mayCall: boolean;
  onSaved: () => void;
}) {
  const { t, pick, locale } = useI18n();
  const self = ratingLabel(item.selfRating);
  return (
    <Card size="small" data-testid="evaluation-item" data-case-number={item.number}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap size={[8, 4]}>
          <Typography.Text strong>{item.number}</Typography.Text>
          {self && <Tag>{`${t('evaluation.sheet.selfRating')}：${pick(self)}`}</Tag>}
        </Space>
        <TitleText text={item.title} />
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('evaluation.sheet.category')}>{item.categoryName}</Descriptions.Item>
          <Descriptions.Item label={t('evaluation.sheet.township')}>
            {item.townshipName ?? item.regionName}
          </Descriptions.Item>
          <Descriptions.Item label={t('evaluation.sheet.created')}>
            {formatDateTime(item.createdAt, locale)}
          </Descriptions.Item>
          <Descriptions.Item label={t('evaluation.sheet.closed')}>
            {item.closedAt ? formatDateTime(item.closedAt, locale) : '—'}
          </Descriptions.Item>
        </Descriptions>
        {item.result && (
          <Typography.Paragraph type="secondary" ellipsis={{ rows: 3, expandable: true }} style={{ margin: 0 }}>
            {`${t('evaluation.sheet.result')}：${item.result}`}
          </Typography.Paragraph>
        )}
        <Space wrap size={[8, 4]}>
          <Typography.Text data-testid="evaluation-caller">
            {t('evaluation.sheet.caller', {
              name: item.reporterName ?? t('evaluation.sheet.noName'),
              phone: item.reporterPhone ?? '',
            })}
          </Typography.Text>
          {mayCall && <RevealButton sampleId={sample.id} item={item} />}
        </Space>
        <div data-testid="evaluation-calls">
          <Typography.Text type="secondary">
            {item.calls.length === 0
              ? t('evaluation.sheet.noCalls')
              : t('evaluation.sheet.calls', { n: item.calls.length })}
          </Typography.Text>
          {item.calls.map((call) => {
            const rating = ratingLabel(call.rating);
            return (
              <div key={call.id} data-testid="evaluation-call" style={{ fontSize: 12 }}>
                {formatDateTime(call.at, locale)} · {call.byName} ·{' '}
                {call.reached ? t('evaluation.sheet.reachedYes') : t('evaluation.sheet.reachedNo')}
                {rating ? ` · ${pick(rating)}` : ''}
                {call.solved !== null
                  ? ` · ${call.solved ? t('evaluation.sheet.solvedYes') : t('evaluation.sheet.solvedNo')}`
                  : ''}
                {call.comment ? ` · ${call.comment}` : ''}
                {call.id === item.countedCallId && (
                  <Tag color="blue" style={{ marginLeft: 6 }}>
                    {t('evaluation.sheet.counted')}
                  </Tag>
                )}
              </div>
            );
          })}
        </div>
        {mayCall && <CallForm sampleId={sample.id} item={item} onSaved={onSaved} />}
      </Space>
    </Card>
  );
}

export default function SamplePage() {
  const { id } = useParams();
  const { t } = useI18n();
  const { roles } = useSession();
  const mayCall = roles.some((role) => holds(role, 'evaluation:sample'));
  const loaded = useLoad(
    () => api.GET('/api/v1/evaluation-samples/{id}', { params: { path: { id: Number(id) } } }),
    id ?? '',
  );
  const [index, setIndex] = useState(0);
  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  const sample = loaded.data;
  if (!sample) return <PageLoading />;
  const total = sample.items.length;
  const at = Math.min(index, Math.max(total - 1, 0));
  const item = sample.items[at];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="evaluation-sheet">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('evaluation.sheet.title', { unit: sample.unitName, period: sample.period })}
      </Typography.Title>
      <Typography.Text type="secondary">
        {t('evaluation.drawn', { drawn: sample.drawn, population: sample.population })} · {t('evaluation.col.seed')}{' '}
        {sample.seed}
      </Typography.Text>
      <ExportSamplesButton sampleId={sample.id} fileName={`evaluation-${sample.id}.xlsx`} />
      <ComparisonCard comparison={sample.comparison} />
      {item && (
        <>
          <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
            <Button disabled={at === 0} onClick={() => setIndex(at - 1)} data-testid="evaluation-prev">
              {t('evaluation.sheet.prev')}
            </Button>
            <Typography.Text data-testid="evaluation-position">
              {t('evaluation.sheet.progress', { n: at + 1, total })}
            </Typography.Text>
            <Button disabled={at >= total - 1} onClick={() => setIndex(at + 1)} data-testid="evaluation-next">
              {t('evaluation.sheet.next')}
            </Button>
          </Space>
          <ItemCard sample={sample} item={item} mayCall={mayCall} onSaved={loaded.reload} />
        </>
      )}
    </Space>
  );
}
