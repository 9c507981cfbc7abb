// @ts-check
/// <reference lib="webworker" />
// The patient page's service worker (scope /patient.html), kept apart from
// the reception's Workbox worker, which precaches the whole reception app:
// a patient's phone on a prepaid plan downloads only this page.
//
// - The page opens offline: /patient.html network-first (short timeout, then
//   the cached copy), its hashed /assets/* cache-first. Whenever a fresh
//   patient.html arrives, the assets it names are cached and older ones
//   dropped, so a new release reaches phones without a worker update.
// - Web Push: shows the server's "next" / "called" messages (docs/api.md,
//   Notifications); a tap opens or focuses the ticket page.
//
// Plain JavaScript served as is from client/public: it must keep a stable URL.
// Bump VERSION when this file's behaviour changes.

const VERSION = 1;
const CACHE = `doctorq-patient-v${VERSION}`;
const PAGE = '/patient.html';
const STATIC = ['/patient.webmanifest', '/icon.svg', '/icon-192.png', '/icon-512.png', '/icon-maskable-512.png', '/apple-touch-icon.png'];
/** Past this, a slow network loses to the copy we have: the page then catches up by itself. */
const NETWORK_TIMEOUT_MS = 4000;

const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

/** The hashed files a page's HTML loads (scripts, modulepreloads, styles). */
function assetsOf(/** @type {string} */ html) {
  return [...new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]))];
}

/** Caches this page version and what it loads, then forgets assets no page version needs. */
async function keepPage(/** @type {Response} */ response) {
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  const assets = assetsOf(html);
  // Hashed names never change content: fetch only the ones we do not have.
  const missing = [];
  for (const a of assets) if (a && !(await cache.match(a))) missing.push(a);
  await cache.addAll(missing);
  await cache.put(PAGE, response);
  for (const req of await cache.keys()) {
    const path = new URL(req.url).pathname;
    if (path.startsWith('/assets/') && !assets.includes(path)) await cache.delete(req);
  }
}

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(STATIC);
      const page = await fetch(PAGE, { cache: 'no-cache' });
      if (!page.ok) throw new Error(`${PAGE}: ${page.status}`);
      await keepPage(page);
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith('doctorq-patient-') && key !== CACHE) await caches.delete(key);
      // The page that registered us works offline from its first visit.
      await sw.clients.claim();
    })(),
  );
});

async function pageResponse(/** @type {FetchEvent} */ event) {
  const network = fetch(event.request, { cache: 'no-cache' }).then((res) => {
    if (res.ok) event.waitUntil(keepPage(res.clone()).catch((err) => console.warn('caching the page failed', err)));
    return res;
  });
  network.catch(() => {}); // its failure is handled below, or did not matter (the copy won)
  const cached = caches.open(CACHE).then((c) => c.match(PAGE));
  const timeout = new Promise((resolve) => setTimeout(resolve, NETWORK_TIMEOUT_MS));
  try {
    // Whichever comes first: the network, or the timeout (if we have a copy).
    const first = await Promise.race([network, timeout.then(() => cached)]);
    if (first) return first;
    return await network;
  } catch {
    const copy = await cached;
    if (copy) return copy;
    throw new Error('offline and no cached page');
  }
}

async function cacheFirst(/** @type {Request} */ request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok && new URL(request.url).pathname.startsWith('/assets/')) await cache.put(request, res.clone());
  return res;
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (request.mode === 'navigate' && url.pathname === PAGE) event.respondWith(pageResponse(event));
  else if (url.pathname.startsWith('/assets/') || STATIC.includes(url.pathname)) event.respondWith(cacheFirst(request));
  // Everything else (the API, the stream) goes to the network untouched.
});

sw.addEventListener('push', (event) => {
  /** @type {{ id?: unknown; kind?: unknown; text?: unknown }} */
  let msg = {};
  try {
    msg = event.data?.json() ?? {};
  } catch {
    // Not JSON: show the text as it came.
    msg = { text: event.data?.text() };
  }
  const called = msg.kind === 'called';
  event.waitUntil(
    sw.registration.showNotification('DoctorQ', {
      body: typeof msg.text === 'string' ? msg.text : '',
      // The outbox id: a message delivered twice (a retry after a crash) replaces itself.
      tag: typeof msg.id === 'string' ? msg.id : 'doctorq',
      icon: '/icon-192.png',
      badge: '/icon-192.png',
      requireInteraction: called,
      data: { kind: msg.kind },
      // @ts-ignore: vibrate is in the spec and in Chromium, not in every lib.dom.
      vibrate: called ? [400, 200, 400] : [200],
    }),
  );
});

sw.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(
    (async () => {
      const open = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const page = open.find((c) => new URL(c.url).pathname === PAGE);
      if (page) await page.focus();
      // Without its fragment, the page opens the ticket it remembered.
      else await sw.clients.openWindow(PAGE);
    })(),
  );
});
