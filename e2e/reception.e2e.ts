// The reception tablet in Debian's Chromium against the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, launchProfile } from './support/browser.ts';
import { installabilityErrors, seriousA11yViolations } from './support/audit.ts';
import { startE2eServer, type E2eServer } from './support/server.ts';
import { apiLogin, DEMO, serverEntriesToday } from './support/api.ts';
import { ReceptionPage } from './pages/reception.ts';

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

async function tablet(name: string): Promise<{ context: BrowserContext; r: ReceptionPage }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const r = new ReceptionPage(await context.newPage(), server.url);
  await r.open();
  await r.signIn(DEMO.reception, DEMO.password, name);
  await r.waitUntilOfflineReady();
  return { context, r };
}

/** ticket → status, as the server holds it. */
async function serverStatuses(): Promise<Record<string, string>> {
  const docs = await serverEntriesToday(server, await apiLogin(server.url));
  return Object.fromEntries(docs.map((d) => [d.ticket, d.status]));
}

describe('reception tablet', () => {
  it('when the network drops, then the receptionist keeps working, a reload shows the same queue, and it all reaches the server once back', async () => {
    const { context, r } = await tablet('Front desk');
    await context.setOffline(true);
    await r.waitForPhase('offline');
    const tickets: string[] = [];
    for (const name of ['Amel Haddad', 'Sami Ferchichi', 'Ines Gharbi', 'Hedi Mansour', 'Rania Saidi'])
      tickets.push(await r.register(name));
    expect(await r.waiting()).toEqual(tickets);
    await r.moveUp(tickets[4]!);
    expect(await r.waiting()).toEqual([tickets[0], tickets[1], tickets[2], tickets[4], tickets[3]]);
    await r.callNext();
    await r.waitForServing(tickets[0]!);
    await r.noShow(tickets[2]!);
    const before = { waiting: await r.waiting(), serving: await r.serving(), noShows: await r.noShows() };
    expect(before.serving).toEqual([{ ticket: tickets[0], status: 'called' }]);
    expect(before.noShows).toEqual([tickets[2]]);
    expect(await r.pending()).toBe(5);

    await r.page.reload();
    await r.row(before.waiting[0]!).waitFor();
    expect({ waiting: await r.waiting(), serving: await r.serving(), noShows: await r.noShows() }).toEqual(before);
    expect(await r.pending()).toBe(5);

    await context.setOffline(false);
    await r.waitForPhase('online');
    await r.page.waitForFunction(() => document.querySelector('[data-testid="pending-count"]')?.textContent === '0', undefined, {
      timeout: 30_000,
    });
    const expected: Record<string, string> = {};
    for (const t of before.waiting) expected[t] = 'waiting';
    for (const s of before.serving) expected[s.ticket] = s.status;
    for (const t of before.noShows) expected[t] = 'no_show';
    expect(await serverStatuses()).toEqual(expected);
    await context.close();
  });
});

describe('two tablets', () => {
  it('when both are offline and edit the same entry differently and both register patients, then after reconnecting both show the same queue and nothing is lost or duplicated', async () => {
    const one = await tablet('Desk one');
    const two = await tablet('Desk two');
    const shared = await one.r.register('Walid Khelifi');
    await two.r.row(shared).waitFor();

    await one.context.setOffline(true);
    await two.context.setOffline(true);
    await one.r.row(shared).getByTestId('toggle-urgent').click();
    await two.r.noShow(shared);
    const added = [
      await one.r.register('Olfa Ayari'),
      await two.r.register('Bilel Chaabane'),
      await one.r.register('Nour Jaziri'),
      await two.r.register('Aziz Trabelsi'),
    ];
    expect(new Set(added).size).toBe(4);

    await one.context.setOffline(false);
    await two.context.setOffline(false);
    const state = async (r: ReceptionPage) => ({ waiting: await r.waiting(), serving: await r.serving(), noShows: await r.noShows() });
    for (const { r } of [one, two]) {
      await r.page.waitForFunction(() => document.querySelector('[data-testid="pending-count"]')?.textContent === '0', undefined, {
        timeout: 30_000,
      });
    }
    // Both converge on: the entry is a no-show (desk two's change) and urgent (desk one's), everyone else waiting.
    await expect
      .poll(async () => JSON.stringify(await state(one.r)) === JSON.stringify(await state(two.r)), { timeout: 15_000 })
      .toBe(true);
    const final = await state(one.r);
    expect(final.noShows).toContain(shared);
    for (const t of added) expect(final.waiting).toContain(t);
    const onServer = await serverStatuses();
    expect(onServer[shared]).toBe('no_show');
    for (const t of added) expect(onServer[t]).toBe('waiting');
    const docs = await serverEntriesToday(server, await apiLogin(server.url));
    expect(docs.find((d) => d.ticket === shared)?.priority).toBe('urgent');
    expect(new Set(docs.map((d) => d.ticket)).size).toBe(docs.length);
    await one.context.close();
    await two.context.close();
  });
});

describe('installable and accessible', () => {
  it('when Chromium inspects the reception page, then it is installable, and axe finds no serious or critical violation in Arabic (right to left), French and English', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'doctorq-profile-'));
    const context = await launchProfile(dir);
    try {
      const r = new ReceptionPage(context.pages()[0] ?? (await context.newPage()), server.url);
      await r.open();
      await r.page.getByTestId('login-form').waitFor();
      expect(await seriousA11yViolations(r.page)).toEqual([]);
      await r.signIn(DEMO.reception, DEMO.password, 'Audit desk');
      await r.waitUntilOfflineReady();
      await r.register('Mariem Ben Youssef');
      await expect.poll(() => installabilityErrors(r.page), { timeout: 15_000 }).toEqual([]);
      for (const lang of ['ar', 'fr', 'en'] as const) {
        await r.language(lang);
        expect(await r.page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        expect({ lang, violations: await seriousA11yViolations(r.page) }).toEqual({ lang, violations: [] });
      }
    } finally {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
