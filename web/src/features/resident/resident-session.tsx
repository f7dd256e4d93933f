// The residents' page's session: the token the console keeps too (shared/session-store.ts), who
// is signed in (`GET /me`), and a session that ends (any 401) back to the sign-in form with a
// reason. Small on purpose: the console's session needs its router, which /m does not load.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, onSessionEnded, setApiToken } from '../../shared/api.ts';
import type { Me } from '../../shared/api-types.ts';
import { storeToken, storedToken } from '../../shared/session-store.ts';

export interface ResidentSession {
  token: string | null;
  /** Signed in and `me` known. */
  me: Me | null;
  /** Still finding out who is signed in. */
  loading: boolean;
  /** Signed in with an account that is not only a resident's (staff looking at the page). */
  staff: boolean;
  expired: boolean;
  signIn: (username: string, password: string, otp?: string) => Promise<Me>;
  /** Signs in (a new phone: signs up) with the code sent by SMS. */
  signInWithCode: (phone: string, code: string) => Promise<Me>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<ResidentSession | null>(null);

export function ResidentSessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(() => {
    const initial = storedToken();
    setApiToken(initial);
    return initial;
  });
  const [me, setMe] = useState<Me | null>(null);
  const [expired, setExpired] = useState(false);

  const clear = useCallback((wasExpired: boolean) => {
    setApiToken(null);
    storeToken(null);
    setToken(null);
    setMe(null);
    setExpired(wasExpired);
  }, []);

  useEffect(() => {
    onSessionEnded(() => clear(true));
    return () => onSessionEnded(null);
  }, [clear]);

  useEffect(() => {
    if (token === null || me !== null) return;
    let cancelled = false;
    api.GET('/api/v1/me').then(
      (answer) => {
        if (!cancelled) setMe(answer);
      },
      () => {
        // A 401 already ended the session; any other failure asks the user to sign in again.
        if (!cancelled) clear(false);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [token, me, clear]);

  const begin = useCallback(async (answer: { token: string }) => {
    setApiToken(answer.token);
    storeToken(answer.token);
    const who = await api.GET('/api/v1/me');
    setToken(answer.token);
    setMe(who);
    setExpired(false);
    return who;
  }, []);

  const signIn = useCallback(
    async (username: string, password: string, otp?: string) =>
      begin(await api.POST('/api/v1/auth/login', { body: { username, password, ...(otp ? { otp } : {}) } })),
    [begin],
  );

  const signInWithCode = useCallback(
    async (phone: string, code: string) => begin(await api.POST('/api/v1/auth/sms-login', { body: { phone, code } })),
    [begin],
  );

  const signOut = useCallback(async () => {
    try {
      await api.POST('/api/v1/auth/logout');
    } catch {
      // Signing out here is what matters.
    }
    clear(false);
  }, [clear]);

  const value = useMemo<ResidentSession>(
    () => ({
      token,
      me,
      loading: token !== null && me === null,
      staff: me !== null && me.memberships.some((m) => m.role !== 'resident'),
      expired,
      signIn,
      signInWithCode,
      signOut,
    }),
    [me, token, expired, signIn, signInWithCode, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useResidentSession(): ResidentSession {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useResidentSession outside ResidentSessionProvider');
  return value;
}
