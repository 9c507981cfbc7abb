// One multi-page build for every DoctorQ screen; each page is an HTML input.
// The server serves dist/ and the service worker precaches it, so the
// reception tablet cold-starts with no network.
import { join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';

const root = import.meta.dirname;
const client = join(root, 'client');
const THEME = '#0f766e';

/**
 * vite-plugin-pwa links its manifest (the reception's) from every page. The
 * patient, display and doctor pages link their own static one (client/public/*.webmanifest),
 * and the check-in and booking forms are not apps: they do not get the reception's.
 */
const OWN_MANIFEST_PAGES = new Set(['/patient.html', '/checkin.html', '/book.html', '/display.html', '/doctor.html']);
function publicPagesOwnManifest(): Plugin {
  return {
    name: 'doctorq-public-pages-own-manifest',
    // After vite-plugin-pwa's own (enforce: post) injection.
    enforce: 'post',
    transformIndexHtml: {
      order: 'post',
      handler: (html, ctx) =>
        OWN_MANIFEST_PAGES.has(ctx.path) ? html.replace(/<link rel="manifest" href="\/manifest\.webmanifest"[^>]*>/, '') : html,
    },
  };
}

export default defineConfig({
  root: client,
  publicDir: join(client, 'public'),
  build: {
    outDir: join(root, 'dist'),
    emptyOutDir: true,
    rolldownOptions: {
      input: {
        reception: join(client, 'index.html'),
        patient: join(client, 'patient.html'),
        checkin: join(client, 'checkin.html'),
        book: join(client, 'book.html'),
        display: join(client, 'display.html'),
        doctor: join(client, 'doctor.html'),
        owner: join(client, 'owner.html'),
        signup: join(client, 'signup.html'),
        operator: join(client, 'operator.html'),
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
        // The public pages are never answered with the reception app: the patient
        // page has its own worker (client/public/patient-sw.js), the others are precached.
        navigateFallbackDenylist: [/^\/api\//, /^\/(patient|checkin|book|display)(\.html)?(?:[?#/]|$)/],
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // The first visit is controlled at once, so it already works offline;
        // later versions wait for the receptionist's "Reload".
        clientsClaim: true,
      },
    }),
    publicPagesOwnManifest(),
  ],
});
