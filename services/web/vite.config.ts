import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The partner centre (docs/web.md): built to dist/, which the API serves at `/` (services/api
 * src/plugins/web.ts). `pnpm --filter @reckon/web dev` proxies the API of `pnpm start` on :3000.
 */
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', assetsInlineLimit: 0 },
  server: { proxy: { '/v1': 'http://localhost:3000' } },
});
