// The reception tablet's hot path in Debian's Chromium: a tap shows from memory
// and its IndexedDB write is durable at once (a page closed 200 ms later keeps
// it); a write that fails puts the screen back and says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { startE2eServer, type E2eServer } from './support/server.ts';
import { DEMO } from './support/api.ts';
import { ReceptionPage } from './pages/reception.ts';

/** The bar: the receptionist taps, then the tablet is closed this soon after. */
const CLOSED_AFTER_MS = 200;

let server: E2eServer;
let browser: Browser;
beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A signed-in tablet with three patients waiting, offline so that only its own IndexedDB can hold a change. */
async function offlineTabletWithQueue(name: string): Promise<{ context: BrowserContext; r: ReceptionPage; tickets: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const r = new ReceptionPage(await context.newPage(), server.url);
  await r.open();
  await r.signIn(DEMO.reception, DEMO.password, name);
  await r.waitUntilOfflineReady();
  await context.setOffline(true);
  await r.waitForPhase('offline');
  const tickets: string[] = [];
  for (const patient of ['Amel Haddad', 'Sami Ferchichi', 'Ines Gharbi']) tickets.push(await r.register(patient));
  return { context, r, tickets };
}

async function reopen(context: BrowserContext): Promise<ReceptionPage> {
  const r = new ReceptionPage(await context.newPage(), server.url);
  await r.open();
  await r.page.locator('[data-testid="queue-row"]').first().waitFor();
  return r;
}

describe('the tablet hot path', () => {
  it('when the receptionist taps move up and call next and the page is closed 200 ms later, then reopened it shows both changes', async () => {
    const { context, r, tickets } = await offlineTabletWithQueue('Desk durable');
    const [a, b, c] = tickets as [string, string, string];

    await r.tapMoveUp(c);
    expect(await r.waiting()).toEqual([a, c, b]);
    await r.page.waitForTimeout(CLOSED_AFTER_MS);
    await r.page.close();
    const again = await reopen(context);
    expect(await again.waiting()).toEqual([a, c, b]);

    await again.callNext();
    await again.waitForServing(a);
    await again.page.waitForTimeout(CLOSED_AFTER_MS);
    await again.page.close();
    const third = await reopen(context);
    expect({ waiting: await third.waiting(), serving: await third.serving() }).toEqual({
      waiting: [c, b],
      serving: [{ ticket: a, status: 'called' }],
    });
    await context.close();
  });

  it('when the local database is closed under the page (another connection upgraded it), then the tapped row goes back to its place and the tablet says saving failed', async () => {
    const { context, r, tickets } = await offlineTabletWithQueue('Desk closed');
    const [a, b, c] = tickets as [string, string, string];
    // Dexie closes its connection when another one asks for a newer version: every later write fails.
    await r.page.evaluate(async () => {
      const found = (await indexedDB.databases()).find((d) => d.name?.endsWith('--entries'));
      if (!found?.name || !found.version) throw new Error('no entries database');
      const { name, version } = found;
      await new Promise<void>((resolve, reject) => {
        const req = indexedDB.open(name, version + 1);
        req.onsuccess = () => {
          req.result.close();
          resolve();
        };
        req.onerror = () => reject(req.error);
      });
    });

    await r.tapMoveUp(c);
    await r.writeFailedBanner().waitFor();
    await expect.poll(() => r.waiting()).toEqual([a, b, c]);
    const said: Record<string, string | null> = {};
    for (const lang of ['fr', 'en', 'ar'] as const) {
      await r.language(lang);
      said[lang] = await r.writeFailedBanner().textContent();
    }
    expect(said).toEqual({ fr: "L'enregistrement a échoué. Réessayez.", en: 'Saving failed. Try again.', ar: 'فشل الحفظ. أعد المحاولة.' });
    await context.close();
  });
});
