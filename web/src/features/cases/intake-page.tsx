// 受理: the window or hotline operator registers what a caller reports, fast: category search,
// the place as a unit (village, community or grid) or as a point picked on the map (which names
// its grid before submitting), the caller's name and phone.
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Drawer,
  Form,
  Grid,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { api, type Answer, type Body } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { CHANNEL_LABELS } from '../../shared/labels.ts';
import { PointPickerField } from '../map/lazy-map.tsx';
import { CategorySelect, useCategories } from './category-select.tsx';
import { KnowledgePanel, type DirectAnswerSubmit } from '../knowledge/knowledge-panel.tsx';
import { CallerHistory, fullMobile } from './caller-history.tsx';
import { SuggestionChips, useSuggestions } from '../suggestions/suggestion-chips.tsx';

type Channel = Body<'/api/v1/cases', 'post'>['channel'];

interface Values {
  channel: Channel;
  categoryCode: string;
  description: string;
  unitId?: number;
  address?: string;
  location?: { lng: number; lat: number };
  reporterName?: string;
  reporterPhone?: string;
  /** Issue 17: how many people it involves, and a group matter (the group-dispute warning). */
  involvedCount?: number | null;
  groupMatter?: boolean;
}

type Created = Answer<'/api/v1/cases', 'post'>;

function RegionSelect({ value, onChange }: { value?: number; onChange?: (v: number) => void }) {
  const { t } = useI18n();
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const search = (q: string) => {
    if (q.trim() === '') return;
    setLoading(true);
    api
      .GET('/api/v1/units', { params: { query: { q: q.trim(), type: 'region', limit: 20 } } })
      .then(
        (page) => setOptions(page.items.map((u) => ({ value: u.id, label: u.name }))),
        () => setOptions([]),
      )
      .finally(() => setLoading(false));
  };
  return (
    <Select
      showSearch
      filterOption={false}
      onSearch={search}
      loading={loading}
      value={value}
      onChange={onChange}
      options={options}
      placeholder={t('intake.unitPlaceholder')}
      notFoundContent={t('intake.unitSearchHint')}
      data-testid="region-select"
    />
  );
}

export default function IntakePage() {
  const { t, pick } = useI18n();
  const { roles } = useSession();
  const { categories, error: categoriesError } = useCategories();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<Created | null>(null);
  // A point picked in a grid places the case by itself; otherwise the unit is asked for.
  const [pointInGrid, setPointInGrid] = useState(false);
  const gridWorker = roles.includes('grid_worker');
  // The knowledge base: beside the form on a wide screen, in a drawer on a phone.
  const wide = Grid.useBreakpoint().lg === true;
  const [knowledgeOpen, setKnowledgeOpen] = useState(false);
  const { message } = App.useApp();
  const callerPhone = fullMobile(Form.useWatch('reporterPhone', form));
  const suggestions = useSuggestions(Form.useWatch('description', form) ?? '', Form.useWatch('unitId', form));
  const chosenCategory = Form.useWatch('categoryCode', form);
  const channels: Channel[] = gridWorker ? ['grid_patrol'] : ['hotline', 'window'];

  /** Records the case (answered directly when `directAnswer` is given); false when the form is incomplete. */
  const send = async (values: Values, directAnswer?: { articleId: number; answer: string }) => {
    const category = categories.find((c) => c.code === values.categoryCode);
    if (!category) {
      form.setFields([{ name: 'categoryCode', errors: [t('intake.categoryRequired')] }]);
      return false;
    }
    const answer = await api.POST('/api/v1/cases', {
      body: {
        kind: category.kind,
        categoryCode: values.categoryCode,
        channel: values.channel,
        description: values.description.trim(),
        ...(values.location ? { location: { ...values.location, crs: 'gcj02' as const } } : {}),
        ...(values.unitId !== undefined ? { unitId: values.unitId } : {}),
        ...(values.address?.trim() ? { address: values.address.trim() } : {}),
        ...(values.reporterName?.trim()
          ? {
              reporter: {
                name: values.reporterName.trim(),
                ...(values.reporterPhone?.trim() ? { phone: values.reporterPhone.trim() } : {}),
              },
            }
          : {}),
        ...(directAnswer ? { directAnswer } : {}),
        ...(values.involvedCount ? { involvedCount: values.involvedCount } : {}),
        ...(values.groupMatter ? { groupMatter: true } : {}),
      },
    });
    setCreated(answer);
    form.resetFields([
      'categoryCode',
      'description',
      'address',
      'location',
      'reporterName',
      'reporterPhone',
      'involvedCount',
      'groupMatter',
    ]);
    setPointInGrid(false);
    return true;
  };

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      await send(values);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const answerDirectly: DirectAnswerSubmit = async (directAnswer) => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      setKnowledgeOpen(false);
      void message.warning(t('knowledge.direct.formIncomplete'));
      return false;
    }
    setError(null);
    const done = await send(values, directAnswer);
    setKnowledgeOpen(false);
    if (done) void message.success(t('knowledge.direct.done'));
    return done;
  };
  const knowledge = <KnowledgePanel onDirectAnswer={answerDirectly} />;

  return (
    <Row gutter={24}>
      <Col xs={24} lg={14}>
        <Card
          title={t('intake.title')}
          extra={
            wide ? null : (
              <Button onClick={() => setKnowledgeOpen(true)} data-testid="knowledge-open">
                {t('knowledge.panel.open')}
              </Button>
            )
          }
        >
          {categoriesError !== null && <ErrorAlert error={categoriesError} />}
          {error !== null && <ErrorAlert error={error} />}
          <Form<Values>
            form={form}
            layout="vertical"
            initialValues={{ channel: channels[0] }}
            onFinish={(values) => void submit(values)}
          >
            <Form.Item name="channel" label={t('case.channel')}>
              <Radio.Group
                optionType="button"
                options={channels.map((c) => ({ value: c, label: pick(CHANNEL_LABELS[c] ?? { zh: c, en: c }) }))}
              />
            </Form.Item>
            <Form.Item
              name="categoryCode"
              label={t('cases.category')}
              rules={[{ required: true, message: t('intake.categoryRequired') }]}
              extra={
                <SuggestionChips
                  label={t('suggest.categories')}
                  items={(suggestions?.categories ?? []).map((c) => ({ ...c, value: c.code }))}
                  selected={chosenCategory}
                  onPick={(code) => form.setFieldsValue({ categoryCode: code })}
                  testId="suggested-categories"
                />
              }
            >
              <CategorySelect categories={categories} autoFocus />
            </Form.Item>
            <Form.Item
              name="description"
              label={t('case.description')}
              rules={[{ required: true, whitespace: true, min: 5, message: t('intake.descriptionRequired') }]}
            >
              <Input.TextArea rows={4} maxLength={5000} showCount data-testid="intake-description" />
            </Form.Item>
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item
                  name="unitId"
                  label={t('intake.unit')}
                  rules={gridWorker || pointInGrid ? [] : [{ required: true, message: t('intake.unitRequired') }]}
                >
                  <RegionSelect />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="address" label={t('case.address')}>
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="location" label={t('map.pointLabel')}>
              <PointPickerField height={260} onLocate={(grid) => setPointInGrid(grid !== null)} />
            </Form.Item>
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name="reporterName" label={t('intake.reporterName')}>
                  <Input maxLength={64} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item
                  name="reporterPhone"
                  label={t('intake.reporterPhone')}
                  rules={[{ pattern: /^[\d\s-]{7,20}$/, message: t('intake.phoneInvalid') }]}
                >
                  <Input maxLength={20} inputMode="tel" data-testid="intake-phone" />
                </Form.Item>
                <CallerHistory phone={callerPhone} />
              </Col>
            </Row>
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name="involvedCount" label={t('warnings.intake.involvedCount')}>
                  <InputNumber
                    min={1}
                    max={100000}
                    precision={0}
                    style={{ width: '100%' }}
                    data-testid="intake-involved"
                  />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="groupMatter" valuePropName="checked" label=" ">
                  <Checkbox data-testid="intake-group">{t('warnings.intake.groupMatter')}</Checkbox>
                </Form.Item>
              </Col>
            </Row>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="intake-submit">
              {t('intake.submit')}
            </Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        {wide ? (
          <Card title={t('knowledge.panel.title')} style={{ marginBottom: 16 }}>
            {knowledge}
          </Card>
        ) : (
          <Drawer
            open={knowledgeOpen}
            onClose={() => setKnowledgeOpen(false)}
            title={t('knowledge.panel.title')}
            placement="bottom"
            height="85%"
            forceRender
          >
            {knowledge}
          </Drawer>
        )}
        {created && (
          <Card title={t('intake.created')} data-testid="intake-created">
            <Space direction="vertical">
              <Typography.Text>
                {t('cases.number')}：<Link to={`/cases/${created.id}`}>{created.number}</Link>
                {created.status === 'resolved' && (
                  <Tag color="green" style={{ marginLeft: 8 }}>
                    {t('knowledge.direct.done')}
                  </Tag>
                )}
              </Typography.Text>
              <Typography.Text>
                {t('intake.trackingCode')}：
                <Typography.Text code copyable data-testid="intake-tracking-code">
                  {created.trackingCode}
                </Typography.Text>
              </Typography.Text>
              <Typography.Text type="secondary">{t('intake.trackingCodeHelp')}</Typography.Text>
              {created.possibleDuplicates.length > 0 && (
                <Alert
                  type="warning"
                  showIcon
                  message={t('intake.duplicates')}
                  description={
                    <ul style={{ paddingLeft: 16, margin: 0 }}>
                      {created.possibleDuplicates.map((d) => (
                        <li key={d.id}>
                          <Link to={`/cases/${d.id}`}>{d.number}</Link> {d.title}
                        </li>
                      ))}
                    </ul>
                  }
                />
              )}
            </Space>
          </Card>
        )}
      </Col>
    </Row>
  );
}
