// The owner area in Debian's Chromium against the real server and the demo
// clinic's four weeks of history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { seriousA11yViolations } from './support/audit.ts';
import { startE2eServer, type E2eServer } from './support/server.ts';
import { apiLogin, DEMO } from './support/api.ts';
import { listDocs } from '../server/docs/reads.ts';
import { OwnerPage, type OwnerSection } from './pages/owner.ts';
import { ReceptionPage } from './pages/reception.ts';
import { SCHEMA_VERSION } from '../shared/protocol.ts';

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

async function ownerSignedIn(): Promise<OwnerPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const o = new OwnerPage(await context.newPage(), server.url);
  await o.open();
  await o.language('fr');
  await o.signIn(DEMO.owner, DEMO.password);
  return o;
}

/**
 * The demo clinic's documents of one collection, read on the server: a pull
 * would give only the tablets' window, and the report covers the history.
 */
async function serverDocs<T>(collection: 'entries' | 'doctors'): Promise<T[]> {
  const [demo] = await server.db.query<{ clinic_id: string }>(
    `SELECT m.clinic_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE lower(u.email) = $1 AND m.role = 'owner'`,
    [DEMO.owner],
  );
  return listDocs<T>(server.db, demo!.clinic_id, collection);
}

describe('owner reports', () => {
  it('when the owner signs in, then the demo clinic shows visits and drawn charts, and the CSV export carries the figures without names or phones', async () => {
    const o = await ownerSignedIn();
    await o.page.getByTestId('kpi-visits').waitFor();
    expect(await o.kpi('kpi-visits')).toBeGreaterThan(0);
    expect(await o.kpi('kpi-wait-median')).toBeGreaterThan(0);
    const noShow = await o.kpi('kpi-noshow-rate');
    expect(noShow).toBeGreaterThan(0);
    expect(noShow).toBeLessThan(1);
    const chart = await o.perDayChart();
    expect(chart.days).toBeGreaterThanOrEqual(20);
    expect(chart.seenPixels).toBeGreaterThan(1000);
    expect(await o.page.getByTestId('chart-consultation').getAttribute('data-doctors')).toBe('2');
    expect(await o.page.getByTestId('busy-hours').locator('tbody tr').count()).toBe(7);

    const csv = await o.exportCsv();
    const from = await o.page.getByTestId('range-from').inputValue();
    const to = await o.page.getByTestId('range-to').inputValue();
    expect(csv.name).toBe(`doctorq-report-${from}-${to}.csv`);
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe(`DoctorQ report,${from},${to},${server.zone}`);
    expect(lines).toContain('day,visits,seen,no_show,cancelled,self_check_in');
    expect(csv.text).not.toContain('+216');
    const entries = await serverDocs<{ name: string; phone: string | null }>('entries');
    expect(entries.length).toBeGreaterThan(100);
    // The CSV names doctors (consultation lengths); a patient may share a doctor's name ("Karim Jaziri").
    const doctors = await serverDocs<{ name: string }>('doctors');
    const withoutDoctors = doctors.reduce((text, d) => text.replaceAll(d.name, ''), csv.text);
    expect(entries.filter((e) => withoutDoctors.includes(e.name)).map((e) => e.name)).toEqual([]);
    expect(entries.filter((e) => e.phone && csv.text.includes(e.phone)).map((e) => e.phone)).toEqual([]);

    // A narrower range: the figures follow it.
    const visits28 = await o.kpi('kpi-visits');
    await o.page.getByTestId('range-preset-7').click();
    await o.page.waitForFunction(
      (v) => document.querySelector('[data-testid="kpi-visits"]')?.getAttribute('data-value') !== String(v),
      visits28,
    );
    expect(await o.kpi('kpi-visits')).toBeLessThan(visits28);
    await o.page.context().close();
  });
});

describe('revoking a tablet', () => {
  it('when the owner revokes a tablet enrolled in another browser, then its stream closes and it shows "device revoked", and the audit log names the owner', async () => {
    const tabletContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const tablet = new ReceptionPage(await tabletContext.newPage(), server.url);
    await tablet.open();
    await tablet.signIn(DEMO.reception, DEMO.password, 'Tablette à révoquer');

    const o = await ownerSignedIn();
    await o.show('admin');
    const row = o.deviceRow('Tablette à révoquer');
    expect(await row.getAttribute('data-revoked')).toBe('false');
    const deviceId = await row.getAttribute('data-device-id');
    await o.revokeDevice('Tablette à révoquer');

    await tablet.page.getByTestId('banner-revoked').waitFor({ timeout: 30_000 });
    await tablet.waitForPhase('revoked');

    await o.show('audit');
    const [newest] = await o.auditRows();
    // The device by its name, not its id.
    expect(newest).toMatchObject({
      action: 'device.revoke',
      target: deviceId,
      who: 'Dr Amira Ben Salah',
      shownTarget: 'Tablette à révoquer',
    });
    await tabletContext.close();
    await o.page.context().close();
  });
});

describe('administration', () => {
  it('when the owner invites a receptionist, adds a doctor and changes a setting, then each shows at once and the audit log records them', async () => {
    const o = await ownerSignedIn();
    await o.show('admin');
    await o.invite({ email: 'nadia@demo.doctorq.tn', name: 'Nadia Mejri', role: 'receptionist' });
    await o.addDoctor('Dr Hela Baccouche', '3');
    expect(await o.doctorRow('Dr Hela Baccouche').getAttribute('data-active')).toBe('true');
    await o.setDefaultConsultationMinutes(20);
    await o.setTabletPastDays(3);
    // The tablets' next pull uses it.
    const token = await apiLogin(server.url, DEMO.owner);
    const pull = await fetch(`${server.url}/api/sync/v1/entries/pull?seq=0&limit=1`, {
      headers: { authorization: `Bearer ${token}`, 'x-doctorq-schema': String(SCHEMA_VERSION) },
    });
    expect(((await pull.json()) as { window: unknown }).window).toEqual({ pastDays: 3 });

    // Nobody joins on a password the owner typed: the invitee is not staff until they accept (e2e/accounts.e2e.ts).
    expect(await o.staffRow('nadia@demo.doctorq.tn').count()).toBe(0);
    await o.show('audit');
    const rows = (await o.auditRows()).slice(0, 4);
    expect(rows.map((r) => r.action)).toEqual(['clinic.window', 'settings.update', 'doctors.create', 'staff.invite']);
    // In the owner's words: the changed setting by its name, the doctor by theirs, never a raw id or field name.
    expect(rows[1]!.fields).toBe('durée de consultation');
    expect(rows[2]!.shownTarget).toBe('Dr Hela Baccouche');
    await o.page.context().close();
  });
});

describe('owner page accessibility', () => {
  it('has no serious or critical axe violation on the sign-in page, in every section with the chart tables unfolded, and in the revoke dialog, in French and in Arabic', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const o = new OwnerPage(await context.newPage(), server.url);
    await o.open();
    const found: Record<string, unknown> = {};
    const audit = async (where: string) => {
      const v = await seriousA11yViolations(o.page);
      if (v.length > 0) found[where] = v;
    };
    for (const lang of ['fr', 'ar'] as const) {
      await o.language(lang);
      await audit(`${lang}/sign-in`);
    }
    // A waiting-room screen, so the devices table has a "Revoke" to open the dialog with.
    const screen = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: DEMO.reception, password: DEMO.password, device: { kind: 'display', name: 'Écran salle' } }),
    });
    expect(screen.status).toBe(200);
    await o.signIn(DEMO.owner, DEMO.password);
    for (const lang of ['fr', 'ar'] as const) {
      await o.language(lang);
      for (const section of ['reports', 'admin', 'audit'] satisfies OwnerSection[]) {
        await o.show(section);
        // The charts' data tables are folded away by default: unfold them so they are checked too.
        await o.page.evaluate(() => {
          for (const d of document.querySelectorAll('details')) d.open = true;
        });
        await audit(`${lang}/${section}`);
      }
      await o.show('admin');
      await o.deviceRow('Écran salle').getByTestId('revoke-device').click();
      await o.page.getByTestId('confirm-revoke').waitFor();
      await audit(`${lang}/revoke-dialog`);
      await o.page.keyboard.press('Escape');
      await o.page.getByTestId('confirm-revoke').waitFor({ state: 'detached' });
    }
    expect(found).toEqual({});
    expect(await o.page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await context.close();
  });
});
