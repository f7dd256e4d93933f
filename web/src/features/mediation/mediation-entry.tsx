// The way from a case to its mediation file: "查看调解卷宗" when the dispute has one, and for a
// dispute its committee handles without one, "登记调解卷宗" for that committee's mediators.
import { App, Button } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../shared/api.ts';
import { describeError } from '../../shared/error-alert.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import type { CaseDetail, MediationFile, Me } from '../../shared/api-types.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useSession } from '../../app/session.tsx';

/** The lead unit is the user's committee (mediators belong to committees) and the case is in progress. */
export function mayRegisterFile(record: CaseDetail, me: Me | null): boolean {
  return (
    record.kind === 'dispute' &&
    record.status === 'in_progress' &&
    record.leadUnitId !== null &&
    (me?.memberships ?? []).some((m) => m.role === 'mediator' && m.unitId === record.leadUnitId)
  );
}

export function RegisterFileButton({
  caseId,
  onRegistered,
}: {
  caseId: number;
  onRegistered: (file: MediationFile) => void;
}) {
  const i18n = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const register = async () => {
    setBusy(true);
    try {
      const file = await api.POST('/api/v1/cases/{id}/mediation', { params: { path: { id: caseId } } });
      void message.success(i18n.t('mediation.fileRegistered', { number: file.number }));
      onRegistered(file);
    } catch (failure) {
      void message.error(describeError(failure, i18n));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button type="primary" loading={busy} onClick={() => void register()} data-testid="register-file">
      {i18n.t('mediation.registerFile')}
    </Button>
  );
}

/** On the case page: the file's link, the register button, or nothing. */
export function MediationEntry({ record }: { record: CaseDetail }) {
  const { t } = useI18n();
  const { me } = useSession();
  const navigate = useNavigate();
  const loaded = useLoad(
    () =>
      // null while the case has no file.
      api.GET('/api/v1/cases/{id}/mediation', { params: { path: { id: record.id } } }),
    `${record.id}:${record.version}`,
  );
  if (loaded.loading && loaded.data === undefined) return null;
  const file = loaded.data;
  if (file) {
    return (
      <Link to={`/mediations/${file.id}`} data-testid="open-file">
        <Button style={{ marginTop: 16 }}>
          {t('case.mediationFile')} · {file.number}
        </Button>
      </Link>
    );
  }
  if (file === null && mayRegisterFile(record, me)) {
    return (
      <div style={{ marginTop: 16 }}>
        <RegisterFileButton
          caseId={record.id}
          onRegistered={(registered) => navigate(`/mediations/${registered.id}`)}
        />
      </div>
    );
  }
  return null;
}
