// 群众端 (/m): a resident signs in by SMS code (a new number signs up), reports a problem, follows
// their own reports and rates the result; anyone reports without an account and follows a case by
// its tracking code (/m#track=<code>, the SMS's link) or its number and the last four digits of
// the phone. Its own small application
// (main.tsx draws it for /m; the console is never loaded there): plain React and resident.css, so that the
// first screen arrives quickly on a slow phone network; the point and photo tools load on demand.
import { lazy, Suspense, useEffect, useState, type KeyboardEvent, type ReactNode } from 'react';
import { I18nProvider, useI18n } from '../../shared/i18n.tsx';
import { MyCases } from './my-cases.tsx';
import { PublicReportForm } from './public-report-form.tsx';
import { ReportForm } from './report-form.tsx';
import { ResidentSessionProvider, useResidentSession } from './resident-session.tsx';
import { SignInForm } from './sign-in-form.tsx';
import { TrackForm } from './track-form.tsx';
import { EmergencyNotice } from './emergency-notice.tsx';
import { Button, LanguageButton, Notice, Spinner } from './ui.tsx';
import './resident.css';

// The participation tabs (issue 19) load when opened: the first screen is the report form's.
const ResidentPoints = lazy(() => import('../points/resident-points.tsx'));
const CommunityPanel = lazy(() =>
  import('../community/resident-community.tsx').then((m) => ({ default: m.CommunityPanel })),
);
const ResidentConsult = lazy(() =>
  import('../consultations/resident-consult.tsx').then((m) => ({ default: m.ResidentConsult })),
);

const TABS = ['report', 'mine', 'track', 'consult', 'points', 'community'] as const;
type Tab = (typeof TABS)[number];

/** A tab from the address (/m#track, /m#track=<code>), so that a text message can point straight at it. */
function tabOf(hash: string): Tab {
  const wanted = hash.replace(/^#/, '').split('=')[0];
  return TABS.find((tab) => tab === wanted) ?? 'report';
}

/** The tracking code of /m#track=<code>: the link in the resolved SMS opens the case with it. */
function trackingCodeOf(hash: string): string | null {
  const match = /^#track=([0-9A-Za-z-]{1,40})$/.exec(hash);
  return match ? match[1]! : null;
}

function Tabs({ active, onChange }: { active: Tab; onChange: (tab: Tab) => void }) {
  const { t } = useI18n();
  const labels: Record<Tab, string> = {
    report: t('resident.tabReport'),
    mine: t('resident.tabMine'),
    track: t('resident.tabTrack'),
    consult: t('consult.tab'),
    points: t('resident.tabPoints'),
    community: t('resident.tabCommunity'),
  };
  // Arrow keys move between tabs, as in any tab list.
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    const next = TABS[(TABS.indexOf(active) + step + TABS.length) % TABS.length]!;
    onChange(next);
    document.getElementById(`r-tab-${next}`)?.focus();
  };
  return (
    <div className="r-tabs" role="tablist" onKeyDown={onKeyDown}>
      {TABS.map((tab) => (
        <button
          key={tab}
          id={`r-tab-${tab}`}
          type="button"
          role="tab"
          className="r-tab"
          aria-selected={tab === active}
          aria-controls="r-panel"
          tabIndex={tab === active ? 0 : -1}
          onClick={() => onChange(tab)}
        >
          {labels[tab]}
        </button>
      ))}
    </div>
  );
}

function Shell() {
  const { t, locale } = useI18n();
  const { me, loading, staff, signOut } = useResidentSession();
  const [tab, setTab] = useState<Tab>(() => tabOf(window.location.hash));
  const [linkedCode] = useState(() => trackingCodeOf(window.location.hash));
  const [round, setRound] = useState(0);
  const [anonymous, setAnonymous] = useState(false);
  useEffect(() => {
    document.title = t('resident.title');
    document.documentElement.lang = locale;
  }, [t, locale]);
  // The page's own background, edge to edge (resident.css stays out of the console's body).
  useEffect(() => {
    document.body.style.margin = '0';
    document.body.style.background = '#f0f0f0';
  }, []);
  const choose = (next: Tab) => {
    setTab(next);
    window.history.replaceState(null, '', next === 'report' ? '/m' : `/m#${next}`);
  };

  const signedIn = (content: ReactNode) => (loading ? <Spinner /> : me ? content : <SignInForm />);
  return (
    <div className="r-page">
      <header className="r-header">
        <h1>{t('resident.title')}</h1>
        <div className="r-header-actions">
          <LanguageButton />
          {me && (
            <Button small variant="light" onClick={() => void signOut()} data-testid="sign-out">
              {t('app.signOut')}
            </Button>
          )}
        </div>
      </header>
      <main className="r-main">
        {staff && <Notice kind="info">{t('resident.staffNotice')}</Notice>}
        <EmergencyNotice signedIn={me !== null} />
        <Tabs active={tab} onChange={choose} />
        <section id="r-panel" role="tabpanel" aria-labelledby={`r-tab-${tab}`}>
          {tab === 'report' &&
            (loading ? (
              <Spinner />
            ) : me ? (
              <ReportForm onReported={() => setRound((r) => r + 1)} />
            ) : anonymous ? (
              <PublicReportForm onBack={() => setAnonymous(false)} />
            ) : (
              <SignInForm
                below={
                  <div className="r-secondary">
                    <span className="r-muted">{t('resident.orAnonymous')}</span>
                    <Button block onClick={() => setAnonymous(true)} data-testid="report-anonymously">
                      {t('resident.reportAnonymously')}
                    </Button>
                  </div>
                }
              />
            ))}
          {tab === 'mine' && signedIn(<MyCases round={round} />)}
          {tab === 'track' && <TrackForm initialCode={linkedCode} />}
          {tab === 'consult' &&
            signedIn(
              <Suspense fallback={<Spinner />}>
                <ResidentConsult />
              </Suspense>,
            )}
          {tab === 'points' &&
            signedIn(
              <Suspense fallback={<Spinner />}>
                <ResidentPoints />
              </Suspense>,
            )}
          {tab === 'community' &&
            signedIn(
              <Suspense fallback={<Spinner />}>
                <CommunityPanel />
              </Suspense>,
            )}
        </section>
        <footer className="r-footer">
          <a href="/public" data-testid="public-results-link">
            {t('public.link')}
          </a>
        </footer>
      </main>
    </div>
  );
}

export default function ResidentPage() {
  return (
    <I18nProvider>
      <ResidentSessionProvider>
        <Shell />
      </ResidentSessionProvider>
    </I18nProvider>
  );
}
