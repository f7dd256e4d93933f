// 积分 (the residents' page, /m): my balance and ledger, the rewards of my village with redemption
// (the code to show at the counter), my codes, the village leaderboard (masked names), the good
// people and deeds recognised here, and a nomination form. Plain React over resident.css, 375 px first.
import { useState } from 'react';
import { api, type Answer } from '../../shared/api.ts';
import { describeError } from '../../shared/describe-error.ts';
import { formatDateTime, useI18n } from '../../shared/i18n.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { Button, ErrorNotice, Field, Notice, Spinner } from '../resident/ui.tsx';

type Me = Answer<'/api/v1/points/me'>;
type Reward = Answer<'/api/v1/points/rewards'>['items'][number];

function Balance({ me }: { me: Me }) {
  const { t } = useI18n();
  return (
    <div className="r-card" data-testid="points-balance-card">
      <span className="r-muted">{t('points.myBalance')}</span>
      <div style={{ fontSize: 32, fontWeight: 700 }} data-testid="points-balance">
        {me.balance}
      </div>
      <span className="r-muted">
        {t('points.earnedTotal', { n: me.earned })}
        {me.homeUnitName && ` · ${me.homeUnitName}`}
      </span>
    </div>
  );
}

function Codes({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  const open = me.redemptions.filter((r) => r.status === 'issued');
  if (open.length === 0) return null;
  return (
    <div className="r-card r-stack" data-testid="points-codes">
      <strong>{t('points.myCodes')}</strong>
      <span className="r-muted">{t('points.showAtCounter')}</span>
      {open.map((r) => (
        <div key={r.id} className="r-row" style={{ justifyContent: 'space-between' }}>
          <span>{r.rewardName}</span>
          <code style={{ fontSize: 20, letterSpacing: 2, fontWeight: 700 }} data-testid="points-code">
            {r.code}
          </code>
          <span className="r-muted">{formatDateTime(r.createdAt, locale)}</span>
        </div>
      ))}
    </div>
  );
}

function Rewards({ balance, onRedeemed }: { balance: number; onRedeemed: (code: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [confirming, setConfirming] = useState<Reward | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const loaded = useLoad(async () => (await api.GET('/api/v1/points/rewards')).items, String(balance));
  if (loaded.error) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Spinner />;
  const redeem = async (reward: Reward) => {
    setBusy(true);
    setFailure(null);
    try {
      const done = await api.POST('/api/v1/points/redemptions', { body: { rewardId: reward.id } });
      setConfirming(null);
      onRedeemed(done.code);
    } catch (error) {
      setFailure(describeError(error, i18n));
      setConfirming(null);
      loaded.reload();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="r-stack" data-testid="points-rewards">
      <strong>{t('points.rewards')}</strong>
      {failure && <Notice kind="error">{failure}</Notice>}
      {loaded.data.length === 0 && <p className="r-muted">{t('points.noRewards')}</p>}
      {loaded.data.map((reward) => (
        <div key={reward.id} className="r-card r-stack" style={{ gap: 6 }} data-testid="points-reward">
          <div className="r-row" style={{ justifyContent: 'space-between' }}>
            <strong>{reward.name}</strong>
            <span>{t('points.cost', { n: reward.cost })}</span>
          </div>
          {reward.description && <span className="r-muted">{reward.description}</span>}
          <span className="r-muted">
            {reward.unitName} · {reward.stock > 0 ? t('points.stock', { n: reward.stock }) : t('points.outOfStock')}
          </span>
          {confirming?.id === reward.id ? (
            <div className="r-confirm r-stack">
              <span>{t('points.redeemConfirm', { name: reward.name, n: reward.cost })}</span>
              <Button
                variant="primary"
                block
                busy={busy}
                onClick={() => void redeem(reward)}
                data-testid="points-redeem-confirm"
              >
                {t('points.redeemYes')}
              </Button>
              <Button block disabled={busy} onClick={() => setConfirming(null)}>
                {t('points.back')}
              </Button>
            </div>
          ) : (
            <Button
              block
              disabled={!reward.abilities.redeem || reward.cost > balance}
              onClick={() => setConfirming(reward)}
              data-testid="points-redeem"
            >
              {reward.cost > balance ? t('points.notEnough') : t('points.redeem')}
            </Button>
          )}
        </div>
      ))}
    </div>
  );
}

function Ledger({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  return (
    <details className="r-details" data-testid="points-ledger">
      <summary>{t('points.ledger', { n: me.entries.length })}</summary>
      {me.entries.length === 0 ? (
        <p className="r-muted">{t('points.noEntries')}</p>
      ) : (
        <ol className="r-timeline">
          {me.entries.map((e) => (
            <li key={e.id} data-testid="points-entry">
              <strong>{e.label}</strong>{' '}
              <span style={{ color: e.amount > 0 ? '#237804' : '#a8071a' }}>
                {e.amount > 0 ? `+${e.amount}` : e.amount}
              </span>
              <br />
              <span className="r-muted">
                {formatDateTime(e.createdAt, locale)} · {t('points.balanceAfter', { n: e.balanceAfter })}
              </span>
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}

function Leaderboard({ round }: { round: number }) {
  const { t } = useI18n();
  const loaded = useLoad(
    async () => api.GET('/api/v1/points/leaderboard', { params: { query: { limit: 20 } } }),
    String(round),
  );
  if (loaded.error) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Spinner />;
  return (
    <details className="r-details" data-testid="points-leaderboard">
      <summary>{t('points.leaderboard', { unit: loaded.data.unitName })}</summary>
      {loaded.data.items.length === 0 ? (
        <p className="r-muted">{t('points.noLeaders')}</p>
      ) : (
        <ol className="r-timeline">
          {loaded.data.items.map((row) => (
            <li key={row.rank} style={row.me ? { fontWeight: 700 } : undefined}>
              {row.rank}. {row.name} · {t('points.earnedShort', { n: row.earned })}
              {row.me && ` (${t('points.me')})`}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}

function Recognised({ unitId }: { unitId: number | null }) {
  const { t, locale } = useI18n();
  const loaded = useLoad(
    async () =>
      (
        await api.GET('/api/v1/public/recognitions', {
          params: { query: unitId ? { unitId, limit: 10 } : { limit: 10 } },
        })
      ).items,
    String(unitId),
  );
  if (loaded.error) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Spinner />;
  return (
    <details className="r-details" data-testid="points-recognised">
      <summary>{t('points.recognised', { n: loaded.data.length })}</summary>
      {loaded.data.length === 0 ? (
        <p className="r-muted">{t('points.noRecognised')}</p>
      ) : (
        <ul className="r-timeline">
          {loaded.data.map((r) => (
            <li key={r.id}>
              <strong>{r.nomineeName}</strong> · <span className="r-muted">{r.unitName}</span>
              <br />
              <span>{r.deed}</span>
              <br />
              <span className="r-muted">{formatDateTime(r.recognisedAt, locale)}</span>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

function Nominate() {
  const i18n = useI18n();
  const { t } = i18n;
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [deed, setDeed] = useState('');
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const send = async () => {
    setBusy(true);
    setResult(null);
    try {
      await api.POST('/api/v1/recognitions', {
        body: { nomineeName: name.trim(), deed: deed.trim(), ...(phone.trim() ? { nomineePhone: phone.trim() } : {}) },
      });
      setResult({ kind: 'success', text: t('points.nominated') });
      setName('');
      setDeed('');
      setPhone('');
      setOpen(false);
    } catch (error) {
      setResult({ kind: 'error', text: describeError(error, i18n) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="r-stack" data-testid="points-nominate">
      {result && <Notice kind={result.kind}>{result.text}</Notice>}
      {!open ? (
        <Button block onClick={() => setOpen(true)} data-testid="points-nominate-open">
          {t('points.nominate')}
        </Button>
      ) : (
        <div className="r-card r-stack">
          <strong>{t('points.nominate')}</strong>
          <Field label={t('points.nomineeName')} htmlFor="nominee-name">
            <input
              id="nominee-name"
              className="r-input"
              value={name}
              maxLength={30}
              onChange={(e) => setName(e.target.value)}
            />
          </Field>
          <Field label={t('points.deed')} htmlFor="nominee-deed" help={t('points.deedHelp')}>
            <textarea
              id="nominee-deed"
              className="r-input"
              rows={4}
              value={deed}
              maxLength={1000}
              onChange={(e) => setDeed(e.target.value)}
            />
          </Field>
          <Field label={t('points.nomineePhone')} htmlFor="nominee-phone" help={t('points.nomineePhoneHelp')}>
            <input
              id="nominee-phone"
              className="r-input"
              inputMode="tel"
              value={phone}
              maxLength={20}
              onChange={(e) => setPhone(e.target.value)}
            />
          </Field>
          <Button
            variant="primary"
            block
            busy={busy}
            disabled={name.trim() === '' || deed.trim().length < 5}
            onClick={() => void send()}
            data-testid="points-nominate-send"
          >
            {t('points.nominateSend')}
          </Button>
          <Button block disabled={busy} onClick={() => setOpen(false)}>
            {t('points.back')}
          </Button>
        </div>
      )}
    </div>
  );
}

/** Loaded on demand when the tab opens (the residents' first screen stays within its budget). */
export default function ResidentPoints() {
  const { t } = useI18n();
  const [round, setRound] = useState(0);
  const [code, setCode] = useState<string | null>(null);
  const loaded = useLoad(async () => api.GET('/api/v1/points/me'), String(round));
  if (loaded.error) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Spinner />;
  const me = loaded.data;
  return (
    <div className="r-stack" data-testid="points-panel">
      <Balance me={me} />
      {code && (
        <Notice kind="success" testId="points-redeemed">
          {t('points.redeemed')} <strong style={{ fontSize: 20, letterSpacing: 2 }}>{code}</strong>
        </Notice>
      )}
      <Codes me={me} />
      <Rewards
        balance={me.balance}
        onRedeemed={(c) => {
          setCode(c);
          setRound((r) => r + 1);
        }}
      />
      <Ledger me={me} />
      <Leaderboard round={round} />
      <Recognised unitId={me.homeUnitId} />
      <Nominate />
    </div>
  );
}
