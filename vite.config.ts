// One multi-page build for every DoctorQ screen; each page is an HTML input.
// The server serves dist/ and the service worker precaches it, so the
// reception tablet cold-starts with no network.
import { join } from 'node:path';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';

const root = import.meta.dirname;
const client = join(root, 'client');
const THEME = '#0f766e';

export default defineConfig({
  root: client,
  publicDir: join(client, 'public'),
  build: {
    outDir: join(root, 'dist'),
    emptyOutDir: true,
    rolldownOptions: {
      input: {
        reception: join(client, 'index.html'),
      },
    },
  },
  server: {
    // `vite` alone serves the UI; the API comes from a running `npm start`.
    proxy: { '/api': process.env.DOCTORQ_API ?? 'http://127.0.0.1:8080' },
  },
  plugins: [
    preact(),
    VitePWA({
      // Registered by client/pwa/register.ts through workbox-window, so the
      // receptionist decides when an update reloads the page.
      injectRegister: false,
      registerType: 'prompt',
      includeManifestIcons: false,
      manifest: {
        name: 'DoctorQ Reception',
        short_name: 'DoctorQ',
        description: 'Waiting-room queue for the clinic reception',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: THEME,
        background_color: '#f6f7f7',
        lang: 'fr',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // The first visit is controlled at once, so it already works offline;
        // later versions wait for the receptionist's "Reload".
        clientsClaim: true,
      },
    }),
  ],
});
