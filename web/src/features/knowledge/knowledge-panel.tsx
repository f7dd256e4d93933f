// The operator's knowledge base beside the intake form: search while on the call, read an
// article in a drawer, and — for the roles that may — answer the caller directly from it
// (直接答复), which records the case from the intake form and resolves it at once.
import { Alert, Button, Drawer, Empty, Form, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { holds } from '../../../../common/powers.ts';
import { useSession } from '../../app/session.tsx';
import { api } from '../../shared/api.ts';
import type { KnowledgeArticle, KnowledgeArticleListItem } from '../../shared/api-types.ts';
import { describeError, ErrorAlert } from '../../shared/error-alert.tsx';
import { formatDate, useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { highlightParts } from './highlight.ts';

/** The longest answer the API takes (server: ANSWER_MAX). */
const ANSWER_MAX = 2000;

export function Highlighted({ text, words }: { text: string; words: readonly string[] }) {
  return (
    <>
      {highlightParts(text, words).map((part, i) =>
        part.marked ? (
          <mark key={i} style={{ padding: 0, background: '#fff1b8' }}>
            {part.text}
          </mark>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}

/**
 * What a direct answer sends; the intake page adds its form and submits. False when the form is
 * not complete yet (the page shows what is missing), true once the case is resolved; rejects
 * with the API's refusal.
 */
export type DirectAnswerSubmit = (directAnswer: { articleId: number; answer: string }) => Promise<boolean>;

function DirectAnswerDialog({
  article,
  onSubmit,
  onClose,
}: {
  article: KnowledgeArticle;
  onSubmit: DirectAnswerSubmit;
  onClose: () => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [form] = Form.useForm<{ answer: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async ({ answer }: { answer: string }) => {
    setSaving(true);
    setError(null);
    try {
      if (!(await onSubmit({ articleId: article.id, answer: answer.trim() }))) onClose();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('knowledge.direct.title')}
      okText={t('knowledge.direct.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'direct-answer-confirm' }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {t('knowledge.direct.explain', { title: article.title })}
      </Typography.Paragraph>
      {error !== null && (
        <Alert type="error" showIcon message={describeError(error, i18n)} style={{ marginBottom: 16 }} />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ answer: article.body.slice(0, ANSWER_MAX) }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item
          name="answer"
          label={t('knowledge.direct.answer')}
          rules={[{ required: true, whitespace: true, message: t('knowledge.direct.answerRequired') }]}
        >
          <Input.TextArea rows={8} maxLength={ANSWER_MAX} showCount data-testid="direct-answer-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ArticleDrawer({
  id,
  words,
  onClose,
  onDirectAnswer,
}: {
  id: number;
  words: string[];
  onClose: () => void;
  onDirectAnswer?: DirectAnswerSubmit;
}) {
  const { t, locale } = useI18n();
  const loaded = useLoad(() => api.GET('/api/v1/knowledge/{id}', { params: { path: { id } } }), String(id));
  const article = loaded.data?.id === id ? loaded.data : null;
  const error = loaded.error;
  const [answering, setAnswering] = useState(false);
  return (
    <Drawer
      open
      onClose={onClose}
      title={article?.title ?? t('knowledge.panel.title')}
      width={Math.min(560, window.innerWidth)}
      data-testid="article-drawer"
      extra={
        article && onDirectAnswer ? (
          <Button type="primary" onClick={() => setAnswering(true)} data-testid="direct-answer">
            {t('knowledge.direct.button')}
          </Button>
        ) : null
      }
    >
      {error !== null && <ErrorAlert error={error} />}
      {article && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap size={[4, 4]}>
            {article.reviewOverdue && <Tag color="orange">{t('knowledge.overdue')}</Tag>}
            {article.tags.map((tag) => (
              <Tag key={tag}>{tag}</Tag>
            ))}
          </Space>
          <Typography.Text type="secondary">
            {t('knowledge.owner', { unit: article.unitName })} ·{' '}
            {t('knowledge.updatedAt', { at: formatDate(article.updatedAt, locale) })}
          </Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="article-body">
            <Highlighted text={article.body} words={words} />
          </Typography.Paragraph>
        </Space>
      )}
      {answering && article && onDirectAnswer && (
        <DirectAnswerDialog
          article={article}
          onSubmit={async (body) => {
            const done = await onDirectAnswer(body);
            onClose();
            return done;
          }}
          onClose={() => setAnswering(false)}
        />
      )}
    </Drawer>
  );
}

export function KnowledgePanel({ onDirectAnswer }: { onDirectAnswer?: DirectAnswerSubmit }) {
  const { t } = useI18n();
  const { roles } = useSession();
  const mayAnswer = roles.some((role) => holds(role, 'case:direct_answer'));
  const [items, setItems] = useState<KnowledgeArticleListItem[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<number | null>(null);
  const words = items?.[0]?.highlights ?? [];

  const search = async (text: string, cursor?: string) => {
    const query = text.trim();
    if (query === '') return;
    setBusy(true);
    setError(null);
    try {
      const page = await api.GET('/api/v1/knowledge', {
        params: { query: { q: query, limit: 10, ...(cursor ? { cursor } : {}) } },
      });
      setQ(query);
      setItems((before) => (cursor && before ? [...before, ...page.items] : page.items));
      setNextCursor(page.nextCursor);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="knowledge-panel">
      <Input.Search
        placeholder={t('knowledge.search.placeholder')}
        aria-label={t('knowledge.search.label')}
        onSearch={(value) => void search(value)}
        loading={busy}
        allowClear
        enterKeyHint="search"
        data-testid="knowledge-search"
      />
      {error !== null && <ErrorAlert error={error} />}
      {items === null ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('knowledge.search.hint')}
        </Typography.Paragraph>
      ) : items.length === 0 ? (
        <Empty description={t('knowledge.search.none')} style={{ marginTop: 16 }} />
      ) : (
        <List
          style={{ marginTop: 8 }}
          dataSource={items}
          loadMore={
            nextCursor ? (
              <Button block type="link" onClick={() => void search(q, nextCursor)} loading={busy}>
                {t('knowledge.more')}
              </Button>
            ) : null
          }
          renderItem={(item) => (
            <List.Item
              key={item.id}
              onClick={() => setOpen(item.id)}
              style={{ cursor: 'pointer', display: 'block' }}
              data-testid="knowledge-result"
            >
              <Typography.Link strong>
                <Highlighted text={item.title} words={item.highlights} />
              </Typography.Link>
              {item.reviewOverdue && (
                <Tag color="orange" style={{ marginLeft: 8 }}>
                  {t('knowledge.overdue')}
                </Tag>
              )}
              <div style={{ color: 'rgba(0,0,0,0.65)', marginTop: 4 }}>
                <Highlighted text={item.snippet} words={item.highlights} />
              </div>
            </List.Item>
          )}
        />
      )}
      {open !== null && (
        <ArticleDrawer
          id={open}
          words={items?.find((i) => i.id === open)?.highlights ?? words}
          onClose={() => setOpen(null)}
          {...(mayAnswer && onDirectAnswer ? { onDirectAnswer } : {})}
        />
      )}
    </div>
  );
}
