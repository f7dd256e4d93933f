// 好人好事榜 on the public page (/public): the approved nominations of the area shown, newest first —
// the nominee's name, the deed (scrubbed by the server) and when. Plain React, the page's own CSS.
import { useEffect, useState } from 'react';
import { api, type Answer } from '../../shared/api.ts';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';

type Item = Answer<'/api/v1/public/recognitions'>['items'][number];

export function PublicRecognitions({ unitId }: { unitId: number }) {
  const { t, locale } = useI18n();
  const [items, setItems] = useState<Item[] | null>(null);
  useEffect(() => {
    let live = true;
    api
      .GET('/api/v1/public/recognitions', { params: { query: { unitId, limit: 10 } } })
      .then((answer) => live && setItems(answer.items))
      // The board is an extra: the results stand without it.
      .catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, [unitId]);
  if (!items || items.length === 0) return null;
  return (
    <section className="p-section" aria-labelledby={`p-recognised-${unitId}`} data-testid="public-recognitions">
      <h2 id={`p-recognised-${unitId}`}>{t('points.publicBoard')}</h2>
      <ul className="p-cases">
        {items.map((r) => (
          <li key={r.id} className="p-case">
            <span className="p-muted">{r.unitName}</span>
            <strong>{r.nomineeName}</strong>
            <p>{r.deed}</p>
            <span className="p-muted">{formatDateTime(r.recognisedAt, locale)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
