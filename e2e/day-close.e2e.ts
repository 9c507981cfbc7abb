// Closing the clinic's day and what retention leaves afterwards, in Debian's
// Chromium against the real server (issue 16, "done when").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { startE2eServer, type E2eServer } from './support/server.ts';
import { apiLogin, DEMO, serverEntriesToday } from './support/api.ts';
import { ReceptionPage } from './pages/reception.ts';
import { OwnerPage } from './pages/owner.ts';
import { seriousA11yViolations } from './support/audit.ts';
import { ENTRY_DEFAULTS } from '../shared/doc-defaults.ts';
import type { Entry, EntryStatus, Settings } from '../shared/schemas.ts';
import { clinicDay } from '../shared/tickets.ts';
import { readSettings } from '../server/docs/reads.ts';
import { eraseExpiredVisits } from '../server/owner/retention.ts';

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

async function patchSettings(patch: Partial<Settings>): Promise<void> {
  const token = await apiLogin(server.url, DEMO.owner);
  const res = await fetch(`${server.url}/api/owner/clinics/${server.demoClinicId}/settings`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(patch),
  });
  expect(res.status).toBe(200);
}

const synced = (r: ReceptionPage) =>
  r.page.waitForFunction(() => document.querySelector('[data-testid="pending-count"]')?.textContent === '0', undefined, {
    timeout: 30_000,
  });

describe('closing the day', () => {
  it('when two offline tablets close the same day, then after reconnecting both show one summary and the server holds the same outcome', async () => {
    // By hand only, so the clock of this run never closes the day before the test does.
    await patchSettings({ closeAfterMinutes: null });
    const one = await tablet('Desk one');
    const two = await tablet('Desk two');
    const tickets = [await one.r.register('Nadia Closing'), await one.r.register('Omar Closing'), await one.r.register('Lina Closing')];
    await one.r.callNext();
    await one.r.waitForServing(tickets[0]!);
    await two.r.waitForServing(tickets[0]!);
    for (const t of tickets.slice(1)) await two.r.row(t).waitFor();

    await one.context.setOffline(true);
    await two.context.setOffline(true);
    await one.r.closeDay('not_seen');
    await two.r.closeDay('not_seen');
    expect(await one.r.waiting()).toEqual([]);

    await one.context.setOffline(false);
    await two.context.setOffline(false);
    await synced(one.r);
    await synced(two.r);
    const token = await apiLogin(server.url);
    await expect
      .poll(
        async () =>
          Object.fromEntries(
            (await serverEntriesToday(server, token)).filter((e) => tickets.includes(e.ticket)).map((e) => [e.ticket, e.status]),
          ),
        {
          timeout: 30_000,
        },
      )
      .toEqual(Object.fromEntries(tickets.map((t) => [t, 'not_seen'])));
    await expect
      .poll(async () => JSON.stringify(await one.r.summary()) === JSON.stringify(await two.r.summary()), { timeout: 30_000 })
      .toBe(true);
    const summary = await one.r.summary();
    expect(summary['summary-not-seen']).toBe(String(3));
    await one.context.close();
    await two.context.close();
  });
});

describe('retention after the close', () => {
  it('when the retention period has passed, then no name or phone of any past visit is left in any Postgres table or on the tablet, whatever its end', async () => {
    const clinicId = server.demoClinicId!;
    const s = (await readSettings(server.db, clinicId))!;
    const day = clinicDay(Date.now() - 10 * 86_400_000, s.timeZone);
    const statuses: EntryStatus[] = ['done', 'no_show', 'cancelled', 'not_seen', 'waiting', 'in_consultation', 'expected'];
    const visits: Entry[] = statuses.map((status, i) => {
      const at = Date.now() - 10 * 86_400_000 + i * 60_000;
      return {
        id: `retained-${i}`,
        clinicId,
        day,
        ticket: `R-${String(i + 1).padStart(3, '0')}`,
        name: `Zz Retained ${status}`,
        phone: `+216 77 000 ${String(100 + i)}`,
        doctorId: null,
        priority: 'normal',
        status,
        rank: `a${i}`,
        source: 'reception',
        arrivedAt: at,
        calledAt: null,
        startedAt: null,
        endedAt: ['done', 'no_show', 'cancelled', 'not_seen'].includes(status) ? at + 60_000 : null,
        ...ENTRY_DEFAULTS,
        cancelReason: status === 'cancelled' ? 'left' : null,
        updatedAt: at + 60_000,
      };
    });
    await server.documents.push(
      clinicId,
      'entries',
      visits.map((v) => ({ newDocumentState: { ...v, _deleted: false } })),
    );
    for (const v of visits)
      await server.db.query(
        `INSERT INTO push_subscriptions (clinic_id, entry_id, endpoint, p256dh, auth, lang) VALUES ($1, $2, $3, 'k', 'a', 'fr')`,
        [clinicId, v.id, `https://push.example/${v.id}`],
      );
    // The tablet holds the visits left open, whatever their day.
    const { context, r } = await tablet('Desk retention');
    await expect.poll(async () => (await r.storedText()).includes('Zz Retained waiting'), { timeout: 30_000 }).toBe(true);

    await patchSettings({ retentionDays: 1 });
    await eraseExpiredVisits(server.db, server.documents);

    const secrets = visits.flatMap((v) => [v.name, v.phone!]);
    const tables = await server.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    expect(tables.length).toBeGreaterThan(10);
    for (const { table_name } of tables) {
      const rows = await server.db.query<{ t: string }>(`SELECT t::text AS t FROM "${table_name}" t`);
      const text = rows.map((x) => x.t).join('\n');
      expect(
        secrets.filter((x) => text.includes(x)),
        table_name,
      ).toEqual([]);
    }
    await expect
      .poll(
        async () => {
          const text = await r.storedText();
          return secrets.filter((x) => text.includes(x));
        },
        { timeout: 60_000 },
      )
      .toEqual([]);
    await context.close();
  });
});

describe('the tablet closes the day by itself', () => {
  it('when the close time passes while the tablet is offline, then it marks its waiting patients not seen on its own, and the server gets the same after reconnecting', async () => {
    // Today's hours end two minutes from now (an override for today), and the day closes right then.
    const s = (await readSettings(server.db, server.demoClinicId!))!;
    const today = clinicDay(Date.now(), s.timeZone);
    const closeAt = Math.ceil((Date.now() + 120_000) / 60_000) * 60_000;
    const hhmm = new Intl.DateTimeFormat('en-GB', { timeZone: s.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
      closeAt,
    );
    const token = await apiLogin(server.url, DEMO.owner);
    const put = await fetch(`${server.url}/api/owner/clinics/${server.demoClinicId}/hours`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...s.hours, overrides: [{ from: today, to: today, spans: [{ open: '00:00', close: hhmm }] }] }),
    });
    expect(put.status).toBe(200);
    await patchSettings({ closeAfterMinutes: 0 });
    const { context, r } = await tablet('Desk alone');
    // The settings (hours, close) have reached the tablet before it goes offline.
    await expect.poll(async () => (await r.storedText()).includes(`"close":"${hhmm}"`), { timeout: 30_000 }).toBe(true);
    await context.setOffline(true);
    await r.waitForPhase('offline');
    const tickets = [await r.register('Anis Alone'), await r.register('Sarra Alone')];
    expect(Date.now()).toBeLessThan(closeAt);
    await r.page.waitForFunction(() => document.querySelectorAll('[data-testid="queue-row"]').length === 0, undefined, {
      timeout: closeAt - Date.now() + 90_000,
    });
    await context.setOffline(false);
    await synced(r);
    const docs = (await serverEntriesToday(server, await apiLogin(server.url))).filter((e) => tickets.includes(e.ticket));
    expect(docs.map((e) => [e.status, e.endedAt])).toEqual(tickets.map(() => ['not_seen', closeAt]));
    await context.close();
  }, 300_000);
});

describe('returning patients', () => {
  it('when the receptionist types a known phone number, then the patient is suggested with their visits, in French and Arabic, and choosing fills the form', async () => {
    const { context, r } = await tablet('Desk returning');
    await r.language('fr');
    await r.register('Samia Returning', { phone: '+216 55 123 456' });
    await r.page.getByTestId('register-phone').fill('55 123');
    const first = r.page.getByTestId('returning-0');
    await first.waitFor();
    expect(await first.textContent()).toContain('Samia Returning');
    expect(await first.textContent()).toContain('1 visite(s), 0 absence(s)');
    await r.language('ar');
    await r.page.getByTestId('register-phone').fill('55 12');
    await r.page.getByTestId('register-phone').fill('55 123');
    await expect.poll(async () => (await r.page.getByTestId('returning-0').textContent()) ?? '', { timeout: 10_000 }).toContain('زيارة');
    await r.page.getByTestId('register-name').fill('');
    await r.page.getByTestId('returning-0').click();
    expect(await r.page.getByTestId('register-name').inputValue()).toBe('Samia Returning');
    expect(await r.page.getByTestId('register-phone').inputValue()).toBe('+216 55 123 456');
    await context.close();
  });
});

describe('the owner sets special days and the close', () => {
  it('when the owner adds a holiday and Ramadan hours and sets the close to by hand only, then the settings document holds them and the check-in form is closed on the holiday', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const o = new OwnerPage(await context.newPage(), server.url);
    await o.open();
    await o.language('fr');
    await o.signIn(DEMO.owner, DEMO.password);
    // Setup is finished: the hours are in the administration, where holidays are set through the year.
    await o.show('admin');
    const s = (await readSettings(server.db, server.demoClinicId!))!;
    const today = clinicDay(Date.now(), s.timeZone);
    const removeOverrides = async () => {
      while ((await o.page.locator('[data-testid^="override-remove-"]').count()) > 0) await o.page.getByTestId('override-remove-0').click();
    };
    // The administration loads its sections one by one: the hours' editor must show the stored special days
    // (an earlier test's) before they are removed, or they would come back with the next save.
    await expect
      .poll(() => o.page.locator('[data-testid^="override-remove-"]').count(), { timeout: 15_000 })
      .toBe(s.hours?.overrides?.length ?? 0);
    await removeOverrides();
    await o.addSpecialDays(today, today, null);
    await o.addSpecialDays('2027-02-08', '2027-03-09', { open: '09:00', close: '14:00' });
    expect(await seriousA11yViolations(o.page)).toEqual([]);
    const hours = (await readSettings(server.db, server.demoClinicId!))!.hours!;
    expect(hours.overrides).toEqual([
      { from: today, to: today, spans: [] },
      { from: '2027-02-08', to: '2027-03-09', spans: [{ open: '09:00', close: '14:00' }] },
    ]);
    const checkin = (await (await fetch(`${server.url}/api/checkin/v1/${server.demoClinicId}`)).json()) as { opening: { open: boolean } };
    expect(checkin.opening.open).toBe(false);

    // A "saved" from an earlier save may still show: the server's document is what counts.
    const closeAfter = async () => (await readSettings(server.db, server.demoClinicId!))!.closeAfterMinutes;
    await o.setCloseAfter(null);
    await expect.poll(closeAfter).toBeNull();
    await removeOverrides();
    await o.page.getByTestId('hours-save').click();
    await o.page.getByTestId('hours-saved').waitFor();
    await context.close();
  });
});
