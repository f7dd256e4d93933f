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
    // Each page is its own chunk (React.lazy in src/app/routes.tsx); the budget is checked by
    // test/e2e/bundle-budget.ts on the gzipped total.
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/healthz': 'http://127.0.0.1:3000',
    },
  },
});
