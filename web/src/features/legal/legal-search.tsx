// The legal library's search: words, an optional statute, the articles found with the words marked.
// Used by the library page (open an article) and the citation picker (cite one).
import { Empty, Input, List, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { api } from '../../shared/api.ts';
import type { LegalBasisListItem } from '../../shared/api-types.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { highlightParts } from '../knowledge/highlight.ts';

export function Marked({ text, words }: { text: string; words: readonly string[] }) {
  return (
    <>
      {highlightParts(text, words).map((part, i) =>
        part.marked ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
      )}
    </>
  );
}

export function LegalSearch({ action }: { action: (item: LegalBasisListItem) => ReactNode }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [law, setLaw] = useState<string | undefined>(undefined);
  const [laws, setLaws] = useState<{ value: string; label: string }[]>([]);
  const [items, setItems] = useState<LegalBasisListItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    void api
      .GET('/api/v1/legal-laws')
      .then((answer) => setLaws(answer.items.map((l) => ({ value: l.code, label: l.shortTitle }))), setError);
  }, []);

  const search = async (more: string | null = null) => {
    setLoading(true);
    setError(null);
    try {
      const page = await api.GET('/api/v1/legal-bases', {
        params: {
          query: { ...(q.trim() ? { q: q.trim() } : {}), ...(law ? { law } : {}), ...(more ? { cursor: more } : {}) },
        },
      });
      setItems((current) => (more ? [...current, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (failure) {
      setError(failure);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    void search();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new statute filter searches again
  }, [law]);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space.Compact style={{ width: '100%' }}>
        <Select
          allowClear
          style={{ minWidth: 140 }}
          placeholder={t('legal.allLaws')}
          options={laws}
          value={law}
          onChange={(value: string | undefined) => setLaw(value)}
          data-testid="legal-law"
        />
        <Input.Search
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onSearch={() => void search()}
          placeholder={t('legal.search.placeholder')}
          enterButton
          loading={loading}
          data-testid="legal-search"
        />
      </Space.Compact>
      {error !== null && <ErrorAlert error={error} />}
      <List
        dataSource={items}
        locale={{ emptyText: <Empty description={t('legal.search.none')} /> }}
        data-testid="legal-results"
        renderItem={(item) => (
          <List.Item actions={[action(item)]} data-testid="legal-result" data-article-id={item.id}>
            <List.Item.Meta
              title={
                <Space wrap>
                  <Typography.Text strong>{`《${item.lawShortTitle}》${item.label}`}</Typography.Text>
                  {item.chapter && <Tag>{item.chapter}</Tag>}
                </Space>
              }
              description={<Marked text={item.snippet} words={item.highlights} />}
            />
          </List.Item>
        )}
      />
      {cursor && (
        <a onClick={() => void search(cursor)} data-testid="legal-more">
          {t('legal.more')}
        </a>
      )}
    </Space>
  );
}
