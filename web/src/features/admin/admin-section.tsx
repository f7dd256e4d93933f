// 系统管理: the org tree and grids, categories and time limits, the holiday calendar, users and
// their units and roles, the audit log, the safety index's weights, residents and screening schedules. For administrators only (the menu offers it to no one
// else; anyone else who opens an /admin address reads a refusal). Each tab is its own chunk.
import { Card, Tabs, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import type { MessageKey } from '../../shared/messages.ts';
import { PageLoading } from '../../shared/page-loading.tsx';
import { Refusal } from './refusal.tsx';

const OrgTreePage = lazy(() => import('../org/org-tree-page.tsx'));
const CategoriesPage = lazy(() => import('./categories-page.tsx'));
const CalendarPage = lazy(() => import('./calendar-page.tsx'));
const UsersPage = lazy(() => import('./users-page.tsx'));
const AuditPage = lazy(() => import('./audit-page.tsx'));
const ServiceAccountsPage = lazy(() => import('./service-accounts-page.tsx'));
const NotificationsPage = lazy(() => import('./notifications-page.tsx'));
const KnowledgeAdminPage = lazy(() => import('../knowledge/knowledge-admin-page.tsx'));
const SmsTemplatesPage = lazy(() => import('../sms/sms-templates-page.tsx'));
const SmsOutboxPage = lazy(() => import('../sms/sms-outbox-page.tsx'));
const SuggestionModelsPage = lazy(() => import('./suggestion-models-page.tsx'));
const AssessmentPage = lazy(() => import('./assessment-page.tsx'));
const SafetySettingsPage = lazy(() => import('../safety/safety-settings-page.tsx'));

const TABS: { key: string; label: MessageKey }[] = [
  { key: 'org', label: 'admin.tab.org' },
  { key: 'categories', label: 'admin.tab.categories' },
  { key: 'calendar', label: 'admin.tab.calendar' },
  { key: 'users', label: 'admin.tab.users' },
  { key: 'audit', label: 'admin.tab.audit' },
  { key: 'service-accounts', label: 'admin.tab.serviceAccounts' },
  { key: 'notifications', label: 'admin.tab.notifications' },
  { key: 'knowledge', label: 'knowledge.admin.tab' },
  { key: 'sms-templates', label: 'sms.tab.templates' },
  { key: 'sms-outbox', label: 'sms.tab.outbox' },
  { key: 'suggestion-models', label: 'suggest.models.tab' },
  { key: 'assessment', label: 'assessment.nav' },
  { key: 'safety', label: 'safetySettings.tab' },
];

export default function AdminSection() {
  const { t } = useI18n();
  const { roles } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  if (!roles.includes('admin')) return <Refusal reason="refusal.admin" />;
  const tab = location.pathname.split('/')[2] || 'org';
  return (
    <Card data-testid="admin">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('admin.title')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate(`/admin/${key}`)}
        items={TABS.map((item) => ({
          key: item.key,
          label: <span data-testid={`admin-tab-${item.key}`}>{t(item.label)}</span>,
        }))}
      />
      <Suspense fallback={<PageLoading />}>
        <Routes>
          <Route index element={<Navigate to="org" replace />} />
          <Route path="org" element={<OrgTreePage />} />
          <Route path="categories" element={<CategoriesPage />} />
          <Route path="calendar" element={<CalendarPage />} />
          <Route path="users" element={<UsersPage />} />
          <Route path="audit" element={<AuditPage />} />
          <Route path="service-accounts" element={<ServiceAccountsPage />} />
          <Route path="notifications" element={<NotificationsPage />} />
          <Route path="knowledge" element={<KnowledgeAdminPage />} />
          <Route path="sms-templates" element={<SmsTemplatesPage />} />
          <Route path="sms-outbox" element={<SmsOutboxPage />} />
          <Route path="suggestion-models" element={<SuggestionModelsPage />} />
          <Route path="assessment" element={<AssessmentPage />} />
          <Route path="safety" element={<SafetySettingsPage />} />
          <Route path="*" element={<Navigate to="/admin/org" replace />} />
        </Routes>
      </Suspense>
    </Card>
  );
}
