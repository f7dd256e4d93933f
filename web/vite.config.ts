// The web console's build: `npm start` runs it when web/dist is missing or stale
// (server/platform/http/web-build.ts); `npm run web:dev` serves it with the API proxied.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Each page is its own chunk (React.lazy in src/app/routes.tsx) and the residents' page (/m) a
    // separate application that main.tsx loads instead of the console. The budgets are checked by
    // test/e2e/bundle-budget.ts: the gzipped total, and the /m first screen, which it follows
    // through the manifest (dist/.vite/manifest.json; the server serves no dot-directory).
    manifest: true,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/healthz': 'http://127.0.0.1:3000',
    },
  },
});
