import { defineConfig } from 'vite';

// The renderer is a plain browser app: it reaches the backend only through
// window.companion, which the Electron preload or the web host's bridge provides.
export default defineConfig({
  root: 'renderer',
  base: './',
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true },
  oxc: { jsx: { runtime: 'automatic' } },
});
