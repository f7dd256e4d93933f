// 办理结果公开 (/public): anyone, without signing in, sees how the county and its townships handled
// residents' requests in a month, quarter or year — the figures, the townships' ranking, twelve
// months of trend, the categories that rose and a few resolved cases (scrubbed of personal data by
// the server). A small application of its own, like the residents' page (/m): plain React and its
// own CSS, no Ant Design, no chart library; main.tsx loads it for /public only.
import { useEffect, useMemo, useState } from 'react';
import { currentMonth, previousPeriod, parsePeriod, type ReportPeriod } from '../../../../common/period.ts';
import { api, type Answer } from '../../shared/api.ts';
import { formatDateTime, formatPercent, I18nProvider, useI18n } from '../../shared/i18n.tsx';
import type { MessageKey } from '../../shared/messages.ts';
import { ErrorNotice, LanguageButton, Spinner } from '../resident/ui.tsx';
import { TrendChart } from './trend-chart.tsx';
import { PublicRecognitions } from '../points/public-recognitions.tsx';
import { PublicFollowUps } from '../consultations/public-follow-ups.tsx';
import '../resident/resident.css';
import './public-results.css';

type Results = Answer<'/api/v1/public/results'>;
type Area = Results['areas'][number];
type RateName = keyof Area['figures']['rates'];
const RATE_NAMES: RateName[] = ['resolution', 'satisfaction', 'response', 'onTime'];

/** The periods offered: this month and the eleven before it, the last four quarters, this year and last. */
function periodChoices(now: Date): ReportPeriod[] {
  const months: ReportPeriod[] = [currentMonth(now)];
  while (months.length < 12) months.push(previousPeriod(months.at(-1)!));
  const beijing = new Date(now.getTime() + 8 * 3600_000);
  const year = beijing.getUTCFullYear();
  const quarters: ReportPeriod[] = [parsePeriod(`${year}-Q${Math.floor(beijing.getUTCMonth() / 3) + 1}`)!];
  while (quarters.length < 4) quarters.push(previousPeriod(quarters.at(-1)!));
  return [...months, ...quarters, parsePeriod(String(year))!, parsePeriod(String(year - 1))!];
}

function usePeriodLabel() {
  const { t } = useI18n();
  return (label: string) => {
    const [year, rest] = label.split('-');
    if (rest === undefined) return t('public.year', { year: year! });
    if (rest.startsWith('Q')) return t('public.quarter', { year: year!, quarter: rest.slice(1) });
    return t('public.month', { year: year!, month: Number(rest) });
  };
}

function Change({ now, before }: { now: number | null; before: number | null }) {
  const { t } = useI18n();
  if (now === null || before === null) return null;
  const points = Math.round((now - before) * 1000) / 10;
  const text = `${points > 0 ? '+' : ''}${points.toFixed(1)}%`;
  return <span className={points >= 0 ? 'p-up' : 'p-down'}>{t('public.change', { change: text })}</span>;
}

function Figures({ area }: { area: Area }) {
  const { t } = useI18n();
  const { figures, previousFigures } = area;
  return (
    <section className="p-section" aria-labelledby="p-figures">
      <h2 id="p-figures">{t('public.figures')}</h2>
      <div className="p-cards">
        <div className="p-card">
          <span className="p-card-label">{t('public.received')}</span>
          <strong className="p-card-value" data-testid="figure-received">
            {figures.received}
          </strong>
          <span className="p-muted">
            {t('public.resolved')} {figures.resolved}
          </span>
        </div>
        {RATE_NAMES.map((name) => (
          <div className="p-card" key={name}>
            <span className="p-card-label">{t(`public.rate.${name}` as MessageKey)}</span>
            <strong className="p-card-value" data-testid={`figure-${name}`}>
              {formatPercent(figures.rates[name])}
            </strong>
            <Change now={figures.rates[name]} before={previousFigures.rates[name]} />
          </div>
        ))}
      </div>
    </section>
  );
}

function Ranking({ area }: { area: Area }) {
  const { t } = useI18n();
  if (area.ranking.length === 0) return null;
  return (
    <section className="p-section" aria-labelledby="p-ranking">
      <h2 id="p-ranking">{t('public.ranking')}</h2>
      <table className="p-table" data-testid="ranking">
        <thead>
          <tr>
            <th scope="col">{t('public.rank')}</th>
            <th scope="col">{t('public.unitName')}</th>
            <th scope="col">{t('public.received')}</th>
            <th scope="col">{t('public.rate.resolution')}</th>
            <th scope="col">{t('public.rate.satisfaction')}</th>
          </tr>
        </thead>
        <tbody>
          {area.ranking.map((row) => (
            <tr key={row.unitId} className={row.unitId === area.unit.id ? 'p-current' : undefined}>
              <td>{row.rank ?? <span className="p-muted">{t('public.unranked')}</span>}</td>
              <th scope="row">{row.name}</th>
              <td>{row.received}</td>
              <td>{formatPercent(row.rates.resolution)}</td>
              <td>{formatPercent(row.rates.satisfaction)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="p-muted">{t('public.rankingNote')}</p>
    </section>
  );
}

function Rising({ area }: { area: Area }) {
  const { t } = useI18n();
  return (
    <section className="p-section" aria-labelledby="p-rising">
      <h2 id="p-rising">{t('public.rising')}</h2>
      {area.risingCategories.length === 0 ? (
        <p className="p-muted">{t('public.noRising')}</p>
      ) : (
        <ol className="p-list" data-testid="rising">
          {area.risingCategories.map((c) => (
            <li key={c.code}>
              <strong>{c.name}</strong>
              <span className="p-muted">{t('public.risingItem', { count: c.count, increase: c.increase })}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Cases({ area }: { area: Area }) {
  const { t } = useI18n();
  return (
    <section className="p-section" aria-labelledby="p-cases">
      <h2 id="p-cases">{t('public.cases')}</h2>
      {area.cases.length === 0 ? (
        <p className="p-muted">{t('public.noCases')}</p>
      ) : (
        <ul className="p-cases" data-testid="cases">
          {area.cases.map((c, i) => (
            <li key={i} className="p-case">
              <span className="p-muted">
                {c.category}
                {c.township ? ` · ${c.township}` : ''}
              </span>
              <strong>{c.title}</strong>
              <p>
                {t('public.result')}
                {c.result}
              </p>
              <span className="p-muted">
                {t('public.caseDates', { received: c.receivedOn, resolved: c.resolvedOn })}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="p-muted">{t('public.privacy')}</p>
    </section>
  );
}

function Page() {
  const { t, locale } = useI18n();
  const periodLabel = usePeriodLabel();
  const choices = useMemo(() => periodChoices(new Date()), []);
  const [period, setPeriod] = useState<string | null>(null);
  const [unitId, setUnitId] = useState<number | null>(null);
  const [results, setResults] = useState<Results | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  // The counties shown by default, remembered so the area picker keeps them after choosing a township.
  const [counties, setCounties] = useState<Area['county'][]>([]);

  useEffect(() => {
    document.title = t('public.title');
    document.documentElement.lang = locale;
  }, [t, locale]);
  useEffect(() => {
    document.body.style.margin = '0';
    document.body.style.background = '#f0f0f0';
  }, []);

  useEffect(() => {
    let live = true;
    setError(null);
    const query = { ...(period ? { period } : {}), ...(unitId !== null ? { unitId } : {}) };
    api
      .GET('/api/v1/public/results', { params: { query } })
      .then((answer) => {
        if (!live) return;
        setResults(answer);
        if (unitId === null) setCounties(answer.areas.map((a) => a.county));
      })
      .catch((failure: unknown) => live && setError(failure));
    return () => {
      live = false;
    };
  }, [period, unitId, round]);

  const area = results?.areas[0];
  const townships = area?.ranking ?? [];
  return (
    <div className="r-page p-page">
      <header className="r-header">
        <h1>{t('public.title')}</h1>
        <div className="r-header-actions">
          <LanguageButton />
        </div>
      </header>
      <main className="r-main">
        <div className="p-filters">
          <label className="p-filter">
            <span>{t('public.period')}</span>
            <select
              value={period ?? results?.period ?? ''}
              onChange={(e) => setPeriod(e.target.value)}
              data-testid="period"
            >
              {results && !choices.some((c) => c.label === results.period) && (
                <option value={results.period}>{periodLabel(results.period)}</option>
              )}
              {choices.map((c) => (
                <option key={c.label} value={c.label}>
                  {periodLabel(c.label)}
                </option>
              ))}
            </select>
          </label>
          <label className="p-filter">
            <span>{t('public.area')}</span>
            <select
              value={unitId ?? ''}
              onChange={(e) => setUnitId(e.target.value === '' ? null : Number(e.target.value))}
              data-testid="area"
            >
              <option value="">
                {counties.length === 1 ? t('public.wholeCounty', { name: counties[0]!.name }) : '—'}
              </option>
              {townships.map((row) => (
                <option key={row.unitId} value={row.unitId}>
                  {row.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        {error !== null && <ErrorNotice error={error} onRetry={() => setRound((r) => r + 1)} />}
        {!results && error === null && <Spinner />}
        {results && results.areas.length === 0 && <p className="p-muted">{t('public.empty')}</p>}
        {results?.areas.map((a) => (
          <article key={a.unit.id} className="p-area" data-testid="area-results">
            <h2 className="p-area-title">
              {a.unit.name} · {periodLabel(results.period)}
            </h2>
            <Figures area={a} />
            <Ranking area={a} />
            <section className="p-section" aria-labelledby="p-trend">
              <h2 id="p-trend">{t('public.trend')}</h2>
              <TrendChart points={a.trend} />
            </section>
            <Rising area={a} />
            <Cases area={a} />
            <PublicFollowUps unitId={a.unit.id} />
            <PublicRecognitions unitId={a.unit.id} />
            <p className="p-muted">{t('public.updated', { at: formatDateTime(a.computedAt, locale) })}</p>
          </article>
        ))}
        <a className="r-button r-button-primary r-button-block" href="/m">
          {t('public.report')}
        </a>
      </main>
    </div>
  );
}

export default function PublicResultsPage() {
  return (
    <I18nProvider>
      <Page />
    </I18nProvider>
  );
}
