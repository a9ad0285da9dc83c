import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const rendererDir = fileURLToPath(new URL('.', import.meta.url));

/**
 * The renderer bundle. The CSP (electron/server/csp.ts) allows no inline script or style, so the
 * output must reference every script and stylesheet by URL: the module-preload polyfill is the one
 * thing Vite would otherwise inline.
 */
export default defineConfig({
  root: rendererDir,
  // Relative URLs: Electron serves the bundle from app://studio/, browser mode from http://127.0.0.1:port/.
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    // Inlined assets become data: URLs; keep every asset a file so CSP rules stay simple.
    assetsInlineLimit: 0,
    target: 'es2022',
  },
});
