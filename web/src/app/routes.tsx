// The route table. Every page is its own chunk (React.lazy), loaded when first visited.
import { lazy, Suspense, type ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import { PageLoading } from '../shared/page-loading.tsx';
import { ConsoleLayout } from './console-layout.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { OpenResidentPage } from '../features/resident/open-resident-page.tsx';

const LoginPage = lazy(() => import('../features/auth/login-page.tsx'));
const WorkbenchPage = lazy(() => import('../features/cases/workbench-page.tsx'));
const CaseListPage = lazy(() => import('../features/cases/case-list-page.tsx'));
const CaseDetailPage = lazy(() => import('../features/cases/case-detail-page.tsx'));
const IntakePage = lazy(() => import('../features/cases/intake-page.tsx'));
const DashboardPage = lazy(() => import('../features/cases/dashboard-page.tsx'));
const MediationListPage = lazy(() => import('../features/mediation/mediation-list-page.tsx'));
const MediationPage = lazy(() => import('../features/mediation/mediation-page.tsx'));
const ReferralsPage = lazy(() => import('../features/mediation/referrals-page.tsx'));
const ReferralPage = lazy(() => import('../features/mediation/referral-page.tsx'));
const HearingsPage = lazy(() => import('../features/mediation/hearings-page.tsx'));
const HearingPage = lazy(() => import('../features/mediation/hearing-page.tsx'));
const HearingSchedulePage = lazy(() => import('../features/mediation/hearing-schedule-page.tsx'));
const HearingNoticePage = lazy(() => import('../features/mediation/hearing-notice-page.tsx'));
const MapPage = lazy(() => import('../features/org/map-page.tsx'));
const AdminSection = lazy(() => import('../features/admin/admin-section.tsx'));
const ReturnCallsPage = lazy(() => import('../features/calls/return-calls-page.tsx'));
const ReportPage = lazy(() => import('../features/field/report-page.tsx'));
const SolvePage = lazy(() => import('../features/field/solve-page.tsx'));
const MyReportsPage = lazy(() => import('../features/field/my-reports-page.tsx'));
const InboxPage = lazy(() => import('../features/inbox/inbox-page.tsx'));
const SettingsPage = lazy(() => import('../features/sms/settings-page.tsx'));
const ImportPage = lazy(() => import('../features/cases/import-page.tsx'));
const WarningsPage = lazy(() => import('../features/warnings/warnings-page.tsx'));
const BaseDataPage = lazy(() => import('../features/base-data/base-data-page.tsx'));
const WarningSettingsPage = lazy(() => import('../features/warnings/warning-settings-page.tsx'));
const LegalLibraryPage = lazy(() => import('../features/legal/legal-library-page.tsx'));
const StabilityListPage = lazy(() => import('../features/stability/stability-list-page.tsx'));
const StabilityPage = lazy(() => import('../features/stability/stability-page.tsx'));
const EvaluationPage = lazy(() => import('../features/evaluation/evaluation-page.tsx'));
const SamplePage = lazy(() => import('../features/evaluation/sample-page.tsx'));
const LeaderCasesPage = lazy(() => import('../features/cases/leader-cases-page.tsx'));
const RankingsPage = lazy(() => import('../features/assessment/rankings-page.tsx'));
const SafetyIndexPage = lazy(() => import('../features/safety/safety-index-page.tsx'));
const ScreeningsPage = lazy(() => import('../features/safety/screenings-page.tsx'));
const ScreeningPage = lazy(() => import('../features/safety/screening-page.tsx'));
const PatrolTodayPage = lazy(() => import('../features/patrols/patrol-today-page.tsx'));
const PatrolsPage = lazy(() => import('../features/patrols/patrols-page.tsx'));
const EmergenciesPage = lazy(() => import('../features/emergency/emergencies-page.tsx'));
const EmergencyPage = lazy(() => import('../features/emergency/emergency-page.tsx'));
const PointsPage = lazy(() => import('../features/points/points-page.tsx'));
const RecognitionsPage = lazy(() => import('../features/points/recognitions-page.tsx'));
const CreditPage = lazy(() => import('../features/credit/credit-page.tsx'));
const MeetingsPage = lazy(() => import('../features/meetings/meetings-page.tsx'));
const MeetingPage = lazy(() => import('../features/meetings/meeting-page.tsx'));
const ConsultationsPage = lazy(() => import('../features/consultations/consultations-page.tsx'));
const ConsultationPage = lazy(() => import('../features/consultations/consultation-page.tsx'));
const CommunityPage = lazy(() => import('../features/community/community-page.tsx'));
const PsychReferralsPage = lazy(() => import('../features/psych/referrals-page.tsx'));
const PsychReferPage = lazy(() => import('../features/psych/refer-page.tsx'));
const PsychReferralPage = lazy(() => import('../features/psych/referral-page.tsx'));
const WorkforcePage = lazy(() => import('../features/workforce/workforce-page.tsx'));
const StaffPage = lazy(() => import('../features/workforce/staff-page.tsx'));
const GridPage = lazy(() => import('../features/grids/grid-page.tsx'));

const page = (element: ReactNode) => <Suspense fallback={<PageLoading />}>{element}</Suspense>;

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={page(<LoginPage />)} />
      <Route path="/m" element={<OpenResidentPage />} />
      <Route path="/hearings/:id/notice" element={page(<HearingNoticePage />)} />
      <Route element={<ConsoleLayout />}>
        <Route index element={page(<WorkbenchPage />)} />
        <Route path="cases" element={page(<CaseListPage />)} />
        <Route path="cases/:id" element={page(<CaseDetailPage />)} />
        <Route path="cases/:id/mediation" element={page(<MediationPage byCase />)} />
        <Route path="intake" element={page(<IntakePage />)} />
        <Route path="dashboard" element={page(<DashboardPage />)} />
        <Route path="rankings" element={page(<RankingsPage />)} />
        <Route path="mediations" element={page(<MediationListPage />)} />
        <Route path="mediations/:id" element={page(<MediationPage />)} />
        <Route path="referrals" element={page(<ReferralsPage />)} />
        <Route path="referrals/:id" element={page(<ReferralPage />)} />
        <Route path="hearings" element={page(<HearingsPage />)} />
        <Route path="hearings/:id" element={page(<HearingPage />)} />
        <Route path="cases/:id/hearings/new" element={page(<HearingSchedulePage />)} />
        <Route path="map" element={page(<MapPage />)} />
        <Route path="legal" element={page(<LegalLibraryPage />)} />
        <Route path="risk-assessments" element={page(<StabilityListPage />)} />
        <Route path="risk-assessments/:id" element={page(<StabilityPage />)} />
        <Route path="admin/*" element={page(<AdminSection />)} />
        <Route path="return-calls" element={page(<ReturnCallsPage />)} />
        <Route path="report" element={page(<ReportPage />)} />
        <Route path="solve/:id" element={page(<SolvePage />)} />
        <Route path="my-reports" element={page(<MyReportsPage />)} />
        <Route path="inbox" element={page(<InboxPage />)} />
        <Route path="settings" element={page(<SettingsPage />)} />
        <Route path="cases/import" element={page(<ImportPage />)} />
        <Route path="warnings" element={page(<WarningsPage />)} />
        <Route path="base-data" element={page(<BaseDataPage />)} />
        <Route path="warnings/settings" element={page(<WarningSettingsPage />)} />
        <Route path="evaluation" element={page(<EvaluationPage />)} />
        <Route path="evaluation/:id" element={page(<SamplePage />)} />
        <Route path="leader-cases" element={page(<LeaderCasesPage />)} />
        <Route path="safety-index" element={page(<SafetyIndexPage />)} />
        <Route path="screenings" element={page(<ScreeningsPage />)} />
        <Route path="screenings/:id" element={page(<ScreeningPage />)} />
        <Route path="patrol" element={page(<PatrolTodayPage />)} />
        <Route path="patrols" element={page(<PatrolsPage />)} />
        <Route path="emergencies" element={page(<EmergenciesPage />)} />
        <Route path="emergencies/:id" element={page(<EmergencyPage />)} />
        <Route path="points" element={page(<PointsPage />)} />
        <Route path="recognitions" element={page(<RecognitionsPage />)} />
        <Route path="credit" element={page(<CreditPage />)} />
        <Route path="credit/:id" element={page(<CreditPage />)} />
        <Route path="meetings" element={page(<MeetingsPage />)} />
        <Route path="meetings/:id" element={page(<MeetingPage />)} />
        <Route path="consultations" element={page(<ConsultationsPage />)} />
        <Route path="consultations/:id" element={page(<ConsultationPage />)} />
        <Route path="community" element={page(<CommunityPage />)} />
        <Route path="service-projects" element={page(<CommunityPage />)} />
        <Route path="volunteers" element={page(<CommunityPage />)} />
        <Route path="notices" element={page(<CommunityPage />)} />
        <Route path="psych-referrals" element={page(<PsychReferralsPage />)} />
        <Route path="psych-referrals/new" element={page(<PsychReferPage />)} />
        <Route path="psych-referrals/:id" element={page(<PsychReferralPage />)} />
        <Route path="workforce" element={page(<WorkforcePage />)} />
        <Route path="workforce/staff/:id" element={page(<StaffPage />)} />
        <Route path="grids/:id" element={page(<GridPage />)} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
