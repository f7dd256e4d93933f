// The console header's one search box (issue 14, item 1). A whole case number, or its last digits
// when they name one case, opens that case; a caller's full mobile (for the roles that may look
// one up) asks the purpose and lists that caller's cases; anything else lists the text search.
// On a phone it folds into an icon that opens the box in a dialog.
import { App, Button, Grid, Input, Modal } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { holds } from '../../../../common/powers.ts';
import type { Role } from '../../../../common/roles.ts';
import { useSession } from '../../app/session.tsx';
import { api } from '../../shared/api.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { PurposeDialog } from './purpose-dialog.tsx';
import { caseToOpen, readSearch } from './search-query.ts';

/** What the case list carries in the history entry instead of its address: a caller's number. */
export interface CaseSearchState {
  q: string;
  purpose?: string;
}

/**
 * Where the case list for a search is: words and case numbers in the address (`?q=`), a caller's
 * mobile in the history entry's state, never in the address — nothing personal goes into URLs.
 */
export function caseListFor(q: string, purpose?: string): { to: string; state?: CaseSearchState } {
  if (readSearch(q).kind === 'mobile') return { to: '/cases', state: { q, purpose } };
  return { to: `/cases?${new URLSearchParams({ q }).toString()}` };
}

function SearchIcon() {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" strokeWidth="2" />
      <path d="M15.5 15.5 21 21" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

/** Whether these roles may look a caller up by the full number (and so search by one). */
export function mayLookUpPhones(roles: readonly Role[]): boolean {
  return roles.some((role) => holds(role, 'person:lookup_exact'));
}

export function HeaderSearch() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { roles } = useSession();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const folded = screens.sm === false;
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [unfolded, setUnfolded] = useState(false);
  const [phone, setPhone] = useState<string | null>(null);

  const go = (target: string | { to: string; state?: CaseSearchState }) => {
    setText('');
    setUnfolded(false);
    if (typeof target === 'string') navigate(target);
    else navigate(target.to, { state: target.state });
  };

  const search = async (typed: string) => {
    const intent = readSearch(typed);
    switch (intent.kind) {
      case 'empty':
        return;
      case 'text':
        go(caseListFor(intent.q));
        return;
      case 'mobile':
        if (!mayLookUpPhones(roles)) {
          void message.info(t('desk.search.mobileNotAllowed'));
          return;
        }
        setUnfolded(false);
        setPhone(intent.q);
        return;
      case 'number':
      case 'digits': {
        setBusy(true);
        try {
          const page = await api.GET('/api/v1/cases', { params: { query: { q: intent.q, limit: 10 } } });
          const found = caseToOpen(intent, page.items);
          go(found ? `/cases/${found.id}` : caseListFor(intent.q));
        } catch {
          // The list page asks again and shows why it failed.
          go(caseListFor(intent.q));
        } finally {
          setBusy(false);
        }
        return;
      }
    }
  };

  const box = (
    <Input.Search
      value={text}
      onChange={(e) => setText(e.target.value)}
      onSearch={(value) => void search(value)}
      loading={busy}
      allowClear
      autoFocus={folded}
      placeholder={t('desk.search.placeholder')}
      aria-label={t('desk.search.label')}
      style={folded ? undefined : { width: screens.xl ? 300 : 200, verticalAlign: 'middle' }}
      enterKeyHint="search"
      data-testid="header-search"
    />
  );

  return (
    <>
      {folded ? (
        <Button
          type="text"
          icon={<SearchIcon />}
          aria-label={t('desk.search.label')}
          onClick={() => setUnfolded(true)}
          // In a phone's header, beside the name on the right.
          style={{ marginLeft: 'auto', flex: 'none' }}
          data-testid="header-search-open"
        />
      ) : (
        box
      )}
      {folded && unfolded && (
        <Modal
          open
          title={t('desk.search.label')}
          footer={null}
          onCancel={() => setUnfolded(false)}
          style={{ top: 16 }}
          destroyOnHidden
        >
          {box}
        </Modal>
      )}
      {phone !== null && (
        <PurposeDialog
          phone={phone}
          onCancel={() => setPhone(null)}
          onSubmit={(purpose) => {
            setPhone(null);
            go(caseListFor(phone, purpose));
          }}
        />
      )}
    </>
  );
}
