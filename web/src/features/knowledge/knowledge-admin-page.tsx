// 知识库管理 (/admin/knowledge): the administrator's list of the articles that apply in its area,
// sortable by review date, with those past it flagged; write, edit, archive and restore the ones
// of its own units. An edit sends the loaded version: a 409 reloads and says so.
import { App, Button, Checkbox, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useState } from 'react';
import { api, ApiError, type Query } from '../../shared/api.ts';
import type { KnowledgeArticleListItem } from '../../shared/api-types.ts';
import { describeError, ErrorAlert } from '../../shared/error-alert.tsx';
import { FormDialog, useSubmit } from '../../shared/form-dialog.tsx';
import { formatDate, useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { CategorySelect, useCategories } from '../cases/category-select.tsx';
import { UnitSearch } from '../org/unit-search.tsx';
import { ExportButton } from '../../shared/export-button.tsx';

type Item = KnowledgeArticleListItem;
type Sort = NonNullable<Query<'/api/v1/knowledge'>['sort']>;

interface EditValues {
  unitId?: number;
  title: string;
  body: string;
  categoryCode?: string;
  tags?: string[];
  reviewDue?: string;
}

function EditDialog({ id, onClose, onSaved }: { id: number | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const submit = useSubmit();
  const { categories } = useCategories();
  const [round, setRound] = useState(0);
  const loaded = useLoad(
    () => (id === null ? Promise.resolve(null) : api.GET('/api/v1/knowledge/{id}', { params: { path: { id } } })),
    `${id}:${round}`,
  );
  const article = loaded.data ?? null;

  const save = (values: EditValues) =>
    submit.run(async () => {
      const common = {
        title: values.title,
        body: values.body,
        categoryCode: values.categoryCode ?? null,
        tags: values.tags ?? [],
        ...(values.reviewDue ? { reviewDue: values.reviewDue } : {}),
      };
      try {
        if (article) {
          await api.PATCH('/api/v1/knowledge/{id}', {
            params: { path: { id: article.id } },
            body: { version: article.version, ...common },
          });
        } else {
          await api.POST('/api/v1/knowledge', {
            body: { ...common, ...(values.unitId !== undefined ? { unitId: values.unitId } : {}) },
          });
        }
      } catch (failure) {
        if (failure instanceof ApiError && failure.status === 409) {
          void message.warning(t('knowledge.admin.changed'));
          setRound((r) => r + 1);
          return;
        }
        throw failure;
      }
      void message.success(t('knowledge.admin.saved'));
      onSaved();
    });

  if (id !== null && !article) return loaded.error ? <ErrorAlert error={loaded.error} /> : null;
  return (
    <FormDialog
      title={t(article ? 'knowledge.admin.edit' : 'knowledge.admin.new')}
      okTestId="knowledge-save"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form<EditValues>
        key={`${article?.id ?? 'new'}:${article?.version ?? 0}`}
        form={form}
        layout="vertical"
        initialValues={
          article
            ? {
                title: article.title,
                body: article.body,
                tags: article.tags,
                reviewDue: article.reviewDue,
                ...(article.categoryCode ? { categoryCode: article.categoryCode } : {}),
              }
            : {}
        }
        onFinish={(values) => void save(values)}
      >
        {!article && (
          <Form.Item name="unitId" label={t('knowledge.field.unit')} extra={t('knowledge.field.unitDefault')}>
            <UnitSearch placeholder={t('knowledge.field.unitDefault')} filter={{ type: 'region' }} />
          </Form.Item>
        )}
        <Form.Item
          name="title"
          label={t('knowledge.field.title')}
          rules={[{ required: true, whitespace: true, message: t('knowledge.field.required') }]}
        >
          <Input maxLength={100} data-testid="knowledge-title" />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('knowledge.field.body')}
          rules={[{ required: true, whitespace: true, message: t('knowledge.field.required') }]}
        >
          <Input.TextArea rows={10} maxLength={20_000} showCount data-testid="knowledge-body" />
        </Form.Item>
        <Form.Item name="categoryCode" label={t('knowledge.field.category')}>
          <CategorySelect categories={categories} />
        </Form.Item>
        <Form.Item name="tags" label={t('knowledge.field.tags')}>
          <Select mode="tags" maxCount={10} tokenSeparators={[',', '，', ' ']} open={false} />
        </Form.Item>
        <Form.Item name="reviewDue" label={t('knowledge.field.reviewDue')}>
          <Input type="date" data-testid="knowledge-review-due" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

export default function KnowledgeAdminPage() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [archived, setArchived] = useState(false);
  const [overdue, setOverdue] = useState(false);
  const [sort, setSort] = useState<Sort>('reviewDue');
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [more, setMore] = useState<{ items: Item[]; cursor: string | null } | null>(null);
  const query = {
    ...(q ? { q } : {}),
    status: archived ? ('archived' as const) : ('active' as const),
    ...(overdue ? { overdue: true } : {}),
    sort,
    limit: 50,
  };
  const loaded = useLoad(() => api.GET('/api/v1/knowledge', { params: { query } }), JSON.stringify(query));
  const items = [...(loaded.data?.items ?? []), ...(more?.items ?? [])];
  const nextCursor = more ? more.cursor : (loaded.data?.nextCursor ?? null);
  const reload = () => {
    setMore(null);
    loaded.reload();
  };

  const loadMore = async () => {
    if (!nextCursor) return;
    const page = await api.GET('/api/v1/knowledge', { params: { query: { ...query, cursor: nextCursor } } });
    setMore((before) => ({ items: [...(before?.items ?? []), ...page.items], cursor: page.nextCursor }));
  };

  const setStatus = async (item: Item, status: 'active' | 'archived') => {
    try {
      await api.PATCH('/api/v1/knowledge/{id}', {
        params: { path: { id: item.id } },
        body: { version: item.version, status },
      });
      reload();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 409) {
        void message.warning(t('knowledge.admin.changed'));
        reload();
      } else void message.error(describeError(failure, i18n));
    }
  };

  return (
    <div data-testid="knowledge-admin">
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('knowledge.search.placeholder')}
          aria-label={t('knowledge.search.label')}
          onSearch={(value) => {
            setMore(null);
            setQ(value.trim());
          }}
          style={{ width: 260 }}
        />
        <Checkbox
          checked={overdue}
          onChange={(e) => {
            setMore(null);
            setOverdue(e.target.checked);
          }}
          data-testid="knowledge-overdue-only"
        >
          {t('knowledge.admin.overdueOnly')}
        </Checkbox>
        <Checkbox
          checked={archived}
          onChange={(e) => {
            setMore(null);
            setArchived(e.target.checked);
          }}
        >
          {t('knowledge.admin.showArchived')}
        </Checkbox>
        <Button type="primary" onClick={() => setEditing('new')} data-testid="knowledge-new">
          {t('knowledge.admin.new')}
        </Button>
        <ExportButton url="/api/v1/knowledge" query={query} fallbackName="knowledge.xlsx" />
      </Space>
      {loaded.error !== null && <ErrorAlert error={loaded.error} onRetry={reload} />}
      <Table<Item>
        rowKey="id"
        size="middle"
        loading={loaded.loading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 720 }}
        onChange={(_pagination, _filters, sorter) => {
          const s = sorter as SorterResult<Item>;
          setMore(null);
          setSort(s.order ? (s.columnKey === 'updatedAt' ? 'updatedAt' : 'reviewDue') : q ? 'relevance' : 'reviewDue');
        }}
        columns={[
          {
            key: 'title',
            title: t('knowledge.field.title'),
            render: (_v, item) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{item.title}</Typography.Text>
                <Space wrap size={[4, 4]}>
                  {item.tags.map((tag) => (
                    <Tag key={tag}>{tag}</Tag>
                  ))}
                </Space>
              </Space>
            ),
          },
          { key: 'unit', title: t('knowledge.field.unit'), dataIndex: 'unitName', width: 140 },
          {
            key: 'reviewDue',
            title: t('knowledge.field.reviewDue'),
            width: 150,
            sorter: true,
            sortOrder: sort === 'reviewDue' ? 'ascend' : null,
            sortDirections: ['ascend'],
            render: (_v, item) => (
              <Space size={4}>
                <span>{item.reviewDue}</span>
                {item.reviewOverdue && (
                  <Tag color="orange" data-testid="review-overdue">
                    {t('knowledge.overdue')}
                  </Tag>
                )}
              </Space>
            ),
          },
          {
            key: 'updatedAt',
            title: t('knowledge.field.updatedAt'),
            width: 130,
            sorter: true,
            sortOrder: sort === 'updatedAt' ? 'descend' : null,
            sortDirections: ['descend'],
            render: (_v, item) => formatDate(item.updatedAt, locale),
          },
          {
            key: 'actions',
            title: '',
            width: 150,
            render: (_v, item) =>
              item.abilities.edit ? (
                <Space size={4}>
                  {item.status === 'active' && (
                    <Button size="small" onClick={() => setEditing(item.id)}>
                      {t('knowledge.admin.edit')}
                    </Button>
                  )}
                  {item.status === 'active' ? (
                    <Popconfirm
                      title={t('knowledge.admin.archiveConfirm')}
                      okText={t('knowledge.admin.archive')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => void setStatus(item, 'archived')}
                    >
                      <Button size="small" danger>
                        {t('knowledge.admin.archive')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button size="small" onClick={() => void setStatus(item, 'active')}>
                      {t('knowledge.admin.restore')}
                    </Button>
                  )}
                </Space>
              ) : null,
          },
        ]}
      />
      {nextCursor && (
        <Button block type="link" onClick={() => void loadMore()} style={{ marginTop: 8 }}>
          {t('knowledge.more')}
        </Button>
      )}
      {editing !== null && (
        <EditDialog
          id={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
    </div>
  );
}
