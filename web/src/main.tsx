// One index.html, two applications: the residents' page (/m), light enough for a phone on a slow
// network (plain React, no Ant Design, no router), and the staff console. The residents' page is
// part of the entry, so that a phone needs no further round trip before its first screen (on a
// mobile network each costs more than half a second); the console, with Ant Design, is a chunk
// of its own that /m never fetches. The residents' own code costs the console a few kilobytes.
import { StrictMode, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import ResidentPage from './features/resident/resident-page.tsx';

/** The public results page (issue 16): its own small chunk, like /m without Ant Design. */
export function isPublicResultsPath(pathname: string): boolean {
  return pathname === '/public' || pathname === '/public/';
}

/** The residents' page answers /m and everything under it. */
export function isResidentPath(pathname: string): boolean {
  return pathname === '/m' || pathname.startsWith('/m/');
}

function render(root: HTMLElement, Application: ComponentType): void {
  createRoot(root).render(
    <StrictMode>
      <Application />
    </StrictMode>,
  );
}

const root = document.getElementById('root');
if (root) {
  if (isResidentPath(window.location.pathname)) render(root, ResidentPage);
  else if (isPublicResultsPath(window.location.pathname))
    void import('./features/public/public-results-page.tsx').then(({ default: Page }) => render(root, Page));
  else void import('./app/app.tsx').then(({ App }) => render(root, App));
}
