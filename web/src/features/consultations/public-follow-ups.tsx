// 议事决定落实 on the public page (/public): the decided topics of the area whose follow-up is not done
// yet — the decision, who carries it out and by when, how far it has got and the progress notes —
// shown until done (issue 19 §1's accountability). Nothing personal: the server sends no names,
// comments or votes by person. Plain React, the page's own CSS.
import { useEffect, useState } from 'react';
import { api, type Answer } from '../../shared/api.ts';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';

type Item = Answer<'/api/v1/public/consultations'>['items'][number];

export function PublicFollowUps({ unitId }: { unitId: number }) {
  const { t, locale } = useI18n();
  const [items, setItems] = useState<Item[] | null>(null);
  useEffect(() => {
    let live = true;
    api
      .GET('/api/v1/public/consultations', { params: { query: { unitId } } })
      .then((answer) => live && setItems(answer.items))
      // The follow-ups are an extra: the results stand without them.
      .catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, [unitId]);
  if (!items || items.length === 0) return null;
  return (
    <section className="p-section" aria-labelledby={`p-follow-ups-${unitId}`} data-testid="public-follow-ups">
      <h2 id={`p-follow-ups-${unitId}`}>{t('consult.publicBoard')}</h2>
      <ul className="p-cases">
        {items.map((item) => (
          <li key={item.id} className="p-case" data-testid="public-follow-up">
            <span className="p-muted">{item.unitName}</span>
            <strong>{item.title}</strong>
            <p>{item.decision}</p>
            <span className="p-muted">
              {t('consult.publicCarrier', { unit: item.carriedOutByUnitName, due: item.dueDate })}
            </span>
            <progress
              max={100}
              value={item.progress}
              aria-label={t('consult.publicProgress', { n: item.progress })}
              style={{ width: '100%' }}
            />
            <span data-testid="public-follow-up-progress">{t('consult.publicProgress', { n: item.progress })}</span>
            {item.notes.map((n, i) => (
              <span key={i} className="p-muted">
                {formatDateTime(n.at, locale)} · {n.percent}% · {n.note}
              </span>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
