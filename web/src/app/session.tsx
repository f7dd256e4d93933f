// The signed-in user: token kept in localStorage, `GET /me` for roles, and the clean end of a
// session — any 401 on a request made with the token returns to the sign-in page with a reason.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { isRole, type Role } from '../../../common/roles.ts';
import { api, onSessionEnded, setApiToken } from '../shared/api.ts';
import type { Me } from '../shared/api-types.ts';
import { storeToken as store, storedToken } from '../shared/session-store.ts';

export type EndReason = 'expired' | 'signed_out' | null;

export interface SessionValue {
  token: string | null;
  me: Me | null;
  roles: Role[];
  loading: boolean;
  endReason: EndReason;
  signIn: (username: string, password: string, otp?: string) => Promise<Me>;
  signOut: () => Promise<void>;
}

/** Exported for pages drawn outside the console (the residents' page) that reuse its components. */
export const SessionContext = createContext<SessionValue | null>(null);

export function rolesOf(me: Me | null): Role[] {
  const roles = (me?.memberships ?? []).map((m) => m.role).filter(isRole);
  return [...new Set(roles)];
}

/** Where a user lands after signing in. */
export function homeOf(roles: Role[]): string {
  if (roles.length > 0 && roles.every((r) => r === 'resident')) return '/m';
  if (roles.includes('leader') && !roles.some((r) => r === 'dispatcher' || r === 'admin')) return '/dashboard';
  return '/';
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const location = useLocation();
  const [token, setToken] = useState<string | null>(() => {
    const initial = storedToken();
    setApiToken(initial);
    return initial;
  });
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(token !== null);
  const [endReason, setEndReason] = useState<EndReason>(null);

  const clear = useCallback((reason: EndReason) => {
    setApiToken(null);
    store(null);
    setToken(null);
    setMe(null);
    setLoading(false);
    setEndReason(reason);
  }, []);

  // A 401 on any request: back to the sign-in page of the part of the site the user was in.
  const onResidentPage = location.pathname.startsWith('/m');
  useEffect(() => {
    onSessionEnded(() => {
      clear('expired');
      navigate(onResidentPage ? '/m' : '/login', { replace: true });
    });
    return () => onSessionEnded(null);
  }, [clear, navigate, onResidentPage]);

  useEffect(() => {
    if (token === null || me !== null) return;
    let cancelled = false;
    setLoading(true);
    api
      .GET('/api/v1/me')
      .then((answer) => {
        if (!cancelled) setMe(answer);
      })
      .catch(() => {
        // A 401 already ended the session; other failures leave the user to sign in again.
        if (!cancelled) clear(null);
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [token, me, clear]);

  const signIn = useCallback(async (username: string, password: string, otp?: string) => {
    const answer = await api.POST('/api/v1/auth/login', {
      body: { username, password, ...(otp ? { otp } : {}) },
    });
    setApiToken(answer.token);
    store(answer.token);
    const who = await api.GET('/api/v1/me');
    setToken(answer.token);
    setMe(who);
    setEndReason(null);
    return who;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.POST('/api/v1/auth/logout');
    } catch {
      // Signing out locally is what matters.
    }
    clear('signed_out');
  }, [clear]);

  const value = useMemo<SessionValue>(
    () => ({ token, me, roles: rolesOf(me), loading, endReason, signIn, signOut }),
    [token, me, loading, endReason, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
