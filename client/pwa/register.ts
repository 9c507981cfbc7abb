// The bridge to the service worker: "Ready to work offline" after the first
// install, "Update available → Reload" when a new version waits. A new version
// never takes over by itself: a reload in the middle of registering a patient
// would lose what was being typed.
import { BehaviorSubject } from 'rxjs';
import { Workbox } from 'workbox-window';

export interface PwaState {
  updateWaiting: boolean;
  offlineReady: boolean;
}

export const pwa$ = new BehaviorSubject<PwaState>({ updateWaiting: false, offlineReady: false });

/** Tablets stay open all day; without a periodic check they would only see updates after a restart. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

let wb: Workbox | null = null;
let reloadRequested = false;

export function registerServiceWorker(): void {
  // The dev server answers /sw.js with HTML: only built apps have a worker.
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('installed', (e) => {
    if (!e.isUpdate) pwa$.next({ ...pwa$.value, offlineReady: true });
  });
  wb.addEventListener('waiting', () => pwa$.next({ ...pwa$.value, updateWaiting: true }));
  // Only the worker we asked to take over reloads the page; the first
  // install claims the page too (clientsClaim) and must not reload it.
  wb.addEventListener('controlling', () => {
    if (reloadRequested) location.reload();
  });
  wb.register().then(
    () =>
      setInterval(() => {
        if (navigator.onLine) void wb?.update();
      }, UPDATE_CHECK_MS),
    (err: unknown) => console.error('service worker registration failed', err),
  );
}

/** Activates the waiting version, or simply reloads when none waits. */
export function reloadForUpdate(): void {
  if (wb && pwa$.value.updateWaiting) {
    reloadRequested = true;
    wb.messageSkipWaiting();
  } else {
    location.reload();
  }
}

export function dismissOfflineReady(): void {
  pwa$.next({ ...pwa$.value, offlineReady: false });
}
