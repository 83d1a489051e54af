// Builds the wizard into renderer/dist: plain files (an HTML page, one module script, one
// stylesheet) so a strict Content-Security-Policy (script-src 'self', style-src 'self', nothing
// inline) holds in Electron's window and in the browser that `modem-doctor serve` feeds.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  // Relative asset URLs: the same build loads from file:// (Electron) and from the web host.
  base: './',
  plugins: [svelte({ configFile: false, emitCss: true })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The polyfill would be one more script; every browser we serve supports modulepreload.
    modulePreload: { polyfill: false },
    // Never inline assets as data: URLs or styles into the page.
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: false,
    target: 'es2022',
    // The plugin timing report is noise in npm ci's and npm test's output.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
});
