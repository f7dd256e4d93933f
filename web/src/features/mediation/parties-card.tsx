// 当事人: registered with their ID and phone numbers sealed; the list shows them masked, and a
// mediator reveals one party's numbers for a moment (the server audits each view). Parties are
// added and removed until someone signs the agreement.
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  Popconfirm,
  Radio,
  Row,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { api, type Answer, type Body } from '../../shared/api.ts';
import { describeError } from '../../shared/error-alert.tsx';
import { formatDate, useI18n } from '../../shared/i18n.tsx';
import { GENDER_LABELS, PARTY_KIND_LABELS, PARTY_ROLE_LABELS, labelOf } from '../../shared/labels.ts';
import type { Party } from '../../shared/api-types.ts';
import { compact, FileFormModal, useFileCommand, type FileContext } from './file-command.tsx';
import { dayOf } from './file-dates.ts';

/** How long revealed numbers stay on screen. */
const REVEAL_MS = 20_000;

interface PartyValues {
  role: 'applicant' | 'respondent' | 'third_party';
  kind: 'person' | 'organisation';
  name: string;
  gender?: '男' | '女';
  ethnicity?: string;
  birthDate?: Dayjs | null;
  idNumber?: string;
  phone?: string;
  address?: string;
  representative?: string;
  creditCode?: string;
}

/** GB 11643: 17 digits and a check character. */
export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return '10X98765432'[sum % 11] === id[17];
}

export const isValidPhone = (phone: string) => /^1[3-9]\d{9}$/.test(phone) || /^0\d{2,3}-?\d{7,8}$/.test(phone);

function PartyDialog({ context, onClose }: { context: FileContext; onClose: () => void }) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<PartyValues>();
  const kind = Form.useWatch('kind', form) ?? 'person';
  const hasApplicant = context.file.parties.some((p) => p.role === 'applicant');

  // A valid ID number gives the birth date and the gender when they are not filled in yet.
  const fromIdNumber = (raw: string) => {
    const id = raw.trim().toUpperCase();
    if (!isValidIdNumber(id)) return;
    const birth = dayjs(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`);
    if (!form.getFieldValue('birthDate') && birth.isValid()) form.setFieldValue('birthDate', birth);
    if (!form.getFieldValue('gender')) form.setFieldValue('gender', Number(id[16]) % 2 === 1 ? '男' : '女');
  };

  return (
    <FileFormModal<PartyValues>
      context={context}
      form={form}
      title={t('mediation.addParty')}
      testId="party-form"
      done="mediation.partyAdded"
      initialValues={{ role: hasApplicant ? 'respondent' : 'applicant', kind: 'person' }}
      send={(v) =>
        api.POST('/api/v1/mediations/{id}/parties', {
          params: { path: { id: context.file.id } },
          body: {
            role: v.role,
            kind: v.kind,
            name: v.name.trim(),
            ...compact({
              phone: v.phone?.replace(/\s+/g, ''),
              address: v.address,
              ...(v.kind === 'person'
                ? {
                    gender: v.gender,
                    ethnicity: v.ethnicity,
                    birthDate: dayOf(v.birthDate),
                    idNumber: v.idNumber?.trim().toUpperCase(),
                  }
                : { representative: v.representative, creditCode: v.creditCode?.trim().toUpperCase() }),
            }),
          },
        })
      }
      onClose={onClose}
    >
      <Form.Item name="role" label={t('mediation.partyRole')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          data-testid="party-role"
          options={Object.entries(PARTY_ROLE_LABELS).map(([value, label]) => ({ value, label: pick(label) }))}
        />
      </Form.Item>
      <Form.Item name="kind" label={t('mediation.partyKind')} rules={[{ required: true }]}>
        <Radio.Group
          data-testid="party-kind"
          options={Object.entries(PARTY_KIND_LABELS).map(([value, label]) => ({ value, label: pick(label) }))}
        />
      </Form.Item>
      <Form.Item
        name="name"
        label={kind === 'person' ? t('mediation.personName') : t('mediation.organisationName')}
        rules={[{ required: true, whitespace: true, message: t('mediation.required') }]}
      >
        <Input maxLength={100} data-testid="party-name" />
      </Form.Item>
      {kind === 'person' ? (
        <>
          <Form.Item
            name="idNumber"
            label={t('mediation.idNumber')}
            rules={[
              {
                validator: (_, value: string | undefined) =>
                  !value?.trim() || isValidIdNumber(value.trim().toUpperCase())
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('mediation.idNumberInvalid'))),
              },
            ]}
          >
            <Input maxLength={18} data-testid="party-id-number" onBlur={(e) => fromIdNumber(e.target.value)} />
          </Form.Item>
          <Space size="large" wrap>
            <Form.Item name="gender" label={t('mediation.gender')}>
              <Radio.Group
                options={Object.entries(GENDER_LABELS).map(([value, label]) => ({ value, label: pick(label) }))}
              />
            </Form.Item>
            <Form.Item name="ethnicity" label={t('mediation.ethnicity')}>
              <Input maxLength={20} placeholder={t('mediation.ethnicityPlaceholder')} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="birthDate" label={t('mediation.birthDate')}>
              <DatePicker
                placeholder={t('mediation.chooseDate')}
                disabledDate={(d) => d.isAfter(dayjs())}
                data-testid="party-birth-date"
              />
            </Form.Item>
          </Space>
        </>
      ) : (
        <Space size="large" wrap>
          <Form.Item name="representative" label={t('mediation.representative')}>
            <Input maxLength={64} data-testid="party-representative" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item
            name="creditCode"
            label={t('mediation.creditCode')}
            rules={[
              {
                pattern: /^[0-9A-Za-z]{18}$/,
                message: t('mediation.creditCodeInvalid'),
              },
            ]}
          >
            <Input maxLength={18} data-testid="party-credit-code" style={{ width: 240 }} />
          </Form.Item>
        </Space>
      )}
      <Form.Item
        name="phone"
        label={t('mediation.partyPhone')}
        rules={[
          {
            validator: (_, value: string | undefined) =>
              !value?.trim() || isValidPhone(value.replace(/\s+/g, ''))
                ? Promise.resolve()
                : Promise.reject(new Error(t('intake.phoneInvalid'))),
          },
        ]}
      >
        <Input maxLength={20} data-testid="party-phone-input" />
      </Form.Item>
      <Form.Item name="address" label={t('mediation.address')}>
        <Input maxLength={200} data-testid="party-address" />
      </Form.Item>
    </FileFormModal>
  );
}

type RevealPath = '/api/v1/mediations/{id}/parties/{partyId}/reveal';
type Revealed = Record<number, Answer<RevealPath, 'post'>>;

export function PartiesCard({ context, editable, fixed }: { context: FileContext; editable: boolean; fixed: boolean }) {
  const i18n = useI18n();
  const { t, pick, locale } = i18n;
  const { message } = App.useApp();
  const { file } = context;
  const { busy, run } = useFileCommand(context);
  const [adding, setAdding] = useState(false);
  const [revealed, setRevealed] = useState<Revealed>({});
  const [revealing, setRevealing] = useState<number | null>(null);
  const timers = useRef(new Map<number, number>());
  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((timer) => window.clearTimeout(timer));
  }, []);

  const hide = (partyId: number) => {
    window.clearTimeout(timers.current.get(partyId));
    timers.current.delete(partyId);
    setRevealed((current) => {
      const next = { ...current };
      delete next[partyId];
      return next;
    });
  };
  const reveal = async (party: Party) => {
    const fields: Body<RevealPath, 'post'>['fields'] = [
      ...(party.phone ? (['phone'] as const) : []),
      ...(party.idNumber ? (['idNumber'] as const) : []),
    ];
    setRevealing(party.id);
    try {
      const clear = await api.POST('/api/v1/mediations/{id}/parties/{partyId}/reveal', {
        params: { path: { id: file.id, partyId: party.id } },
        body: { fields },
      });
      setRevealed((current) => ({ ...current, [party.id]: clear }));
      window.clearTimeout(timers.current.get(party.id));
      timers.current.set(
        party.id,
        window.setTimeout(() => hide(party.id), REVEAL_MS),
      );
      void message.info(t('mediation.revealedNotice', { seconds: REVEAL_MS / 1000 }));
    } catch (failure) {
      void message.error(describeError(failure, i18n));
    } finally {
      setRevealing(null);
    }
  };

  const canAdd = editable && !fixed;
  return (
    <Card
      title={t('mediation.parties')}
      extra={
        canAdd && (
          <Button type="primary" onClick={() => setAdding(true)} data-testid="add-party">
            {t('mediation.addParty')}
          </Button>
        )
      }
    >
      {editable && fixed && (
        <Typography.Paragraph type="secondary" data-testid="parties-fixed">
          {t('mediation.partiesFixed')}
        </Typography.Paragraph>
      )}
      {file.parties.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mediation.noParties')} />
      ) : (
        file.parties.map((p, index) => {
          const clear = revealed[p.id];
          const about = [
            p.gender ? pick(labelOf(GENDER_LABELS, p.gender)) : null,
            p.ethnicity,
            p.birthDate ? t('mediation.bornOn', { date: formatDate(p.birthDate, locale) }) : null,
            p.representative ? t('mediation.representativeIs', { name: p.representative }) : null,
          ].filter(Boolean);
          return (
            <div
              key={p.id}
              data-testid="party-row"
              data-party-name={p.name}
              style={{ padding: '12px 0', borderTop: index > 0 ? '1px solid #f0f0f0' : undefined }}
            >
              <Row justify="space-between" align="top" gutter={8} wrap={false}>
                <Col flex="auto">
                  <Space size={8} wrap>
                    <Tag color={p.role === 'applicant' ? 'blue' : p.role === 'respondent' ? 'purple' : 'default'}>
                      {pick(labelOf(PARTY_ROLE_LABELS, p.role))}
                    </Tag>
                    <Typography.Text strong>{p.name}</Typography.Text>
                    {p.kind === 'organisation' && <Tag>{pick(labelOf(PARTY_KIND_LABELS, p.kind))}</Tag>}
                    {about.length > 0 && <Typography.Text type="secondary">{about.join(' · ')}</Typography.Text>}
                  </Space>
                  <div style={{ marginTop: 6, display: 'flex', flexWrap: 'wrap', columnGap: 24, rowGap: 4 }}>
                    <span style={{ whiteSpace: 'nowrap' }}>
                      <Typography.Text type="secondary">
                        {p.kind === 'organisation' ? t('mediation.creditCode') : t('mediation.idNumber')}
                        {t('mediation.colon')}
                      </Typography.Text>
                      <span data-testid="party-id">{clear?.idNumber ?? p.idNumber ?? p.creditCode ?? '—'}</span>
                    </span>
                    <span style={{ whiteSpace: 'nowrap' }}>
                      <Typography.Text type="secondary">
                        {t('mediation.partyPhone')}
                        {t('mediation.colon')}
                      </Typography.Text>
                      <span data-testid="party-phone">{clear?.phone ?? p.phone ?? '—'}</span>
                    </span>
                  </div>
                  {p.address && (
                    <div style={{ marginTop: 4 }}>
                      <Typography.Text type="secondary">
                        {t('mediation.address')}
                        {t('mediation.colon')}
                      </Typography.Text>
                      {p.address}
                    </div>
                  )}
                </Col>
                {file.abilities.work && (
                  <Col flex="none">
                    <Space size={0}>
                      {(p.phone || p.idNumber) &&
                        (clear ? (
                          <Button type="link" size="small" onClick={() => hide(p.id)}>
                            {t('mediation.hide')}
                          </Button>
                        ) : (
                          <Button
                            type="link"
                            size="small"
                            loading={revealing === p.id}
                            onClick={() => void reveal(p)}
                            data-testid="reveal-party"
                          >
                            {t('mediation.reveal')}
                          </Button>
                        ))}
                      {canAdd && (
                        <Popconfirm
                          title={t('mediation.removePartyConfirm', { name: p.name })}
                          okText={t('mediation.remove')}
                          cancelText={t('common.cancel')}
                          okButtonProps={{ danger: true }}
                          onConfirm={() =>
                            void run(
                              `remove-${p.id}`,
                              () =>
                                api.DELETE('/api/v1/mediations/{id}/parties/{partyId}', {
                                  params: { path: { id: file.id, partyId: p.id } },
                                }),
                              { done: 'mediation.partyRemoved' },
                            )
                          }
                        >
                          <Button
                            type="link"
                            size="small"
                            danger
                            loading={busy === `remove-${p.id}`}
                            data-testid="remove-party"
                          >
                            {t('mediation.remove')}
                          </Button>
                        </Popconfirm>
                      )}
                    </Space>
                  </Col>
                )}
              </Row>
            </div>
          );
        })
      )}
      {adding && <PartyDialog context={context} onClose={() => setAdding(false)} />}
    </Card>
  );
}
