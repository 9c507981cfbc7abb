// Closing a branch in Chromium: an owner of two clinics closes one from the
// owner area, typing its name (a wrong name first, refused); then every
// table of the database is searched: the closed clinic's patients' names and
// phones are gone, the other clinic's are all there.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { seriousA11yViolations } from './support/audit.ts';
import { startE2eServer, type E2eServer } from './support/server.ts';
import { OwnerPage } from './pages/owner.ts';
import { createClinic, PASSWORD, pushDocs, type TestClinic } from '../testkit/harness.ts';
import { walkIn, wire } from '../testkit/entries.ts';
import { foundAnywhere } from '../testkit/personal-data.ts';
import { clinicDay } from '../shared/tickets.ts';
import type { Entry } from '../shared/schemas.ts';

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

/**
 * An owner with two clinics, A first. The one place a second clinic is made:
 * once branches can be added from the owner area (POST /api/owner/clinics),
 * this is where to switch to it.
 */
async function ownerOfTwoClinics(): Promise<{ a: TestClinic; b: TestClinic; owner: string }> {
  const a = await createClinic(server.db);
  const b = await createClinic(server.db);
  await server.db.query(`INSERT INTO memberships (clinic_id, user_id, role) SELECT $1, id, 'owner' FROM users WHERE email = $2`, [
    b.id,
    a.emails.owner,
  ]);
  return { a, b, owner: a.emails.owner };
}

/** Three waiting patients with names and phones of this run only; returns the names and phones. */
async function patientsOf(clinicId: string): Promise<string[]> {
  const entries: Entry[] = [];
  const stored: string[] = [];
  for (let i = 0; i < 3; i++) {
    const name = `Patient ${randomBytes(5).toString('hex')}`;
    const digits = String(20_000_000 + Math.floor(Math.random() * 79_999_999));
    const phone = `+216 ${digits.slice(0, 2)} ${digits.slice(2, 5)} ${digits.slice(5)}`;
    entries.push({ ...walkIn(entries, clinicId, name), day: clinicDay(Date.now(), 'Africa/Tunis'), phone });
    stored.push(name, phone);
  }
  await pushDocs(
    server.db,
    clinicId,
    'entries',
    entries.map((e) => ({ newDocumentState: wire(e) })),
  );
  return stored.sort();
}

describe('closing a clinic', () => {
  it("when the owner closes one of their two clinics by typing its name, then its patients' names and phones are gone from every table and the other clinic's are untouched", async () => {
    const { a, b, owner } = await ownerOfTwoClinics();
    const patientsA = await patientsOf(a.id);
    const patientsB = await patientsOf(b.id);
    const nameA = `Clinic ${a.id.slice(0, 8)}`;

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const o = new OwnerPage(await context.newPage(), server.url);
    await o.open();
    await o.language('fr');
    await o.signIn(owner, PASSWORD);
    await o.page.getByTestId('clinic-picker').selectOption(a.id);
    await o.show('admin');
    const section = o.page.getByTestId('close-clinic');
    await section.scrollIntoViewIfNeeded();
    expect(await seriousA11yViolations(o.page)).toEqual([]);
    await o.language('ar');
    expect(await o.page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await section.getByRole('heading').textContent()).toBe('إغلاق هذه العيادة');
    expect(await seriousA11yViolations(o.page)).toEqual([]);
    await o.language('fr');

    // A wrong name: refused, nothing closed.
    await o.page.getByTestId('close-confirm-name').fill(`${nameA} bis`);
    await o.page.getByTestId('close-name-differs').waitFor();
    await o.page.getByTestId('close-submit').click();
    await o.page.getByTestId('close-error').waitFor();
    expect(await o.page.getByTestId('close-error').textContent()).toContain('rien n’a été fermé');
    expect(await server.db.query('SELECT 1 FROM clinics WHERE id = $1 AND closed_at IS NOT NULL', [a.id])).toHaveLength(0);
    expect(await foundAnywhere(server.db, patientsA)).toEqual(patientsA);

    // The right name, typed as people type it: the clinic closes and the page leaves it (its sessions are over).
    await o.page.getByTestId('close-confirm-name').fill(nameA.toLowerCase());
    await o.page.getByTestId('close-submit').click();
    await o.page.getByTestId('owner-login-email').waitFor();
    expect(await server.db.query('SELECT 1 FROM clinics WHERE id = $1 AND closed_at IS NOT NULL', [a.id])).toHaveLength(1);
    expect(await foundAnywhere(server.db, [...patientsA, ...patientsB])).toEqual(patientsB);

    // Its receptionist, who has no other clinic, is told why they cannot sign in.
    await o.page.getByTestId('owner-login-email').fill(a.emails.receptionist);
    await o.page.getByTestId('owner-login-password').fill(PASSWORD);
    await o.page.getByTestId('owner-login-submit').click();
    const refused = o.page.getByTestId('owner-login-error');
    await refused.waitFor();
    expect(await refused.getAttribute('data-error')).toBe('clinic_account_closed');

    // Signing in again opens a session in the other clinic, the only one the grant lists.
    await o.signIn(owner, PASSWORD);
    const grant = await o.page.evaluate(() => JSON.parse(sessionStorage.getItem('doctorq.owner.session') ?? 'null'));
    expect(grant.clinic.id).toBe(b.id);
    expect(grant.clinics.map((c: { id: string }) => c.id)).toEqual([b.id]);
    await context.close();
  });
});
