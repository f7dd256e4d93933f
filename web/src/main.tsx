// One index.html, two applications: the residents' page (/m), light enough for a phone on a slow
// network (plain React, no Ant Design, no router), and the staff console. The path decides which
// one this page load fetches; the other is never downloaded.
import { StrictMode, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';

/** The residents' page answers /m and everything under it. */
export function isResidentPath(pathname: string): boolean {
  return pathname === '/m' || pathname.startsWith('/m/');
}

const root = document.getElementById('root');
if (root) {
  const application: Promise<ComponentType> = isResidentPath(window.location.pathname)
    ? import('./features/resident/resident-page.tsx').then((m) => m.default)
    : import('./app/app.tsx').then((m) => m.App);
  void application.then((Application) => {
    createRoot(root).render(
      <StrictMode>
        <Application />
      </StrictMode>,
    );
  });
}
