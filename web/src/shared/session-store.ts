// Where the session's token is kept between page loads (localStorage), shared by the console's
// session (app/session.tsx) and the light residents' page (features/resident/), which must not
// load the console's router to read it.
const STORAGE_KEY = 'concord.session';

export function storedToken(): string | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? ((JSON.parse(raw) as { token?: string }).token ?? null) : null;
  } catch {
    return null;
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token === null) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, JSON.stringify({ token }));
  } catch {
    // Storage refused: the session lasts while the page is open.
  }
}
