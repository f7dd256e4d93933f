// 法律法规库: staff search the statutes mediators cite and read an article with its version and source.
import { Alert, Button, Card, Drawer, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../shared/api.ts';
import type { LegalBasis } from '../../shared/api-types.ts';
import { ErrorAlert } from '../../shared/error-alert.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { LegalSearch } from './legal-search.tsx';

export function ArticleText({ article }: { article: LegalBasis }) {
  const { t } = useI18n();
  return (
    <div data-testid="legal-article">
      <Typography.Title level={5}>{article.citation}</Typography.Title>
      {[article.part, article.chapter, article.section].filter(Boolean).length > 0 && (
        <Typography.Paragraph type="secondary">
          {[article.part, article.chapter, article.section].filter(Boolean).join(' · ')}
        </Typography.Paragraph>
      )}
      {article.text.split('\n').map((line, i) => (
        <Typography.Paragraph key={i}>{line}</Typography.Paragraph>
      ))}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('legal.issuingBody', { body: article.issuingBody })}；{t('legal.version', { date: article.versionDate })}；
        {t('legal.effective', { date: article.effectiveDate })}
        <br />
        {t('legal.source', {
          path: article.source.path,
          official: article.source.official.replace(/^https?:\/\//, ''),
        })}
      </Typography.Paragraph>
      {article.coverage === 'excerpt' && <Alert type="info" showIcon message={t('legal.excerpt')} />}
    </div>
  );
}

export default function LegalLibraryPage() {
  const { t } = useI18n();
  const [open, setOpen] = useState<LegalBasis | null>(null);
  const [error, setError] = useState<unknown>(null);
  const read = async (id: number) => {
    try {
      setOpen(await api.GET('/api/v1/legal-bases/{id}', { params: { path: { id } } }));
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <Card title={t('legal.title')} data-testid="legal-library">
      {error !== null && <ErrorAlert error={error} />}
      <LegalSearch
        action={(item) => (
          <Button size="small" onClick={() => void read(item.id)} data-testid="legal-open">
            {t('legal.open')}
          </Button>
        )}
      />
      <Drawer open={open !== null} onClose={() => setOpen(null)} width={560} title={open?.lawTitle}>
        {open && <ArticleText article={open} />}
      </Drawer>
    </Card>
  );
}
