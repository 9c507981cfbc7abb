// A clinic's first day on the service, in Debian's Chromium against the real
// server: sign-up, guided setup, a tablet enrolled with a one-time code, a
// patient; then the operator sees the visit, suspends the clinic, the tablet
// shows it and keeps its queue, and reactivation loses nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { seriousA11yViolations } from './support/audit.ts';
import { startE2eServer, type E2eServer } from './support/server.ts';
import { DEMO } from './support/api.ts';
import { SignupPage } from './pages/signup.ts';
import { OwnerPage } from './pages/owner.ts';
import { ReceptionPage } from './pages/reception.ts';
import { OperatorPage } from './pages/operator.ts';
import { DEMO_OPERATOR_EMAIL } from '../server/demo.ts';
import { listDocs } from '../server/docs/reads.ts';

let server: E2eServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
});

async function newPage(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  return context.newPage();
}

/** The link of the verification mail waiting in the outbox (no mail provider is configured). */
async function verificationLink(email: string): Promise<string> {
  const [mail] = await server.db.query<{ body: string }>(
    'SELECT body FROM mail_outbox WHERE to_email = $1 ORDER BY created_at DESC LIMIT 1',
    [email],
  );
  return /https?:\/\/\S+verify=\S+/.exec(mail!.body)![0];
}

const serverNames = async (clinicId: string) =>
  (await listDocs<{ name: string }>(server.db, clinicId, 'entries')).map((d) => d.name).sort();

describe('a clinic on the service', () => {
  it('when a clinic signs up, sets up, enrols a tablet and registers a patient, then the operator sees the visit; a suspension keeps the queue readable and reactivation loses nothing', async () => {
    const clinicName = `Cabinet Test ${randomUUID().slice(0, 6)}`;
    const email = `owner-${randomUUID().slice(0, 8)}@e2e.tn`;

    // Sign-up: the owner lands signed in on the setup checklist.
    const signup = new SignupPage(await newPage(), server.url);
    await signup.open();
    await signup.language('fr');
    expect(await signup.plans()).toEqual(['trial', 'essential', 'clinic']);
    expect(await seriousA11yViolations(signup.page)).toEqual([]);
    await signup.signUp({
      clinic: clinicName,
      owner: 'Dr Leila Mansour',
      email,
      password: 'a long enough password',
      languages: ['fr', 'ar'],
      timeZone: 'Africa/Tunis',
    });
    const owner = new OwnerPage(signup.page, server.url);
    expect(await owner.setupStepDone('email')).toBe(false);
    expect(await owner.requestEnrolmentCode()).toEqual({ ok: false, error: 'email_unverified' });

    // The emailed link, then the setup steps.
    await owner.openVerifyLink(await verificationLink(email));
    expect(await owner.verifyLanded()).toBe('verified');
    await owner.openSetup();
    await owner.waitForSetupStep('email');
    await owner.addDoctor('Dr Leila Mansour', '1');
    await owner.waitForSetupStep('doctors');
    await owner.setHours([
      { weekday: 1, open: '08:30', close: '12:30' },
      { weekday: 1, open: '14:00', close: '18:00' },
    ]);
    await owner.waitForSetupStep('hours');
    await owner.setPrefix('M');
    expect(await owner.openCheckinPoster()).toContain('/checkin.html#c=');
    expect(await seriousA11yViolations(owner.page)).toEqual([]);
    const code = await owner.createEnrolmentCode();
    expect(await owner.enrolmentQrUrl()).toBe(`${server.url}/?enrol=${code}`);

    // The tablet enrols with the code, as from the QR.
    const reception = new ReceptionPage(await newPage({ width: 1024, height: 768 }), server.url);
    await reception.enrolWithCode(code, 'Accueil');
    await owner.waitForTabletEnrolled();
    await owner.waitForSetupStep('tablet');
    await owner.finishSetup();
    const [{ id: clinicId }] = (await server.db.query<{ id: string }>('SELECT id FROM clinics WHERE name = $1', [clinicName])) as [
      { id: string },
    ];
    const first = await reception.register('Samir Ben Ali');
    expect(first.startsWith('M')).toBe(true);
    await expect.poll(() => serverNames(clinicId), { timeout: 15_000 }).toEqual(['Samir Ben Ali']);

    // The operator sees the clinic with one visit of usage.
    const operator = new OperatorPage(await newPage(), server.url);
    await operator.open();
    await operator.signIn(DEMO_OPERATOR_EMAIL, DEMO.password);
    await operator.openClinic(clinicName);
    expect(await operator.status()).toBe('trial');
    expect(await seriousA11yViolations(operator.page)).toEqual([]);
    // Usage is metered by a job (every 2 s here): the detail shows it once counted.
    await expect
      .poll(
        async () => {
          await operator.page.reload();
          await operator.page.getByTestId('detail-status').waitFor();
          return (await operator.visitsThisMonth())?.visits;
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(1);

    // Suspended: the tablet says so before anyone writes, keeps the queue and its new patient, and the server gets nothing new.
    await operator.setStatus('suspended', 'no payment');
    expect(await operator.status()).toBe('suspended');
    await reception.waitForSuspendedBanner();
    const second = await reception.register('Nour Trabelsi');
    expect(await reception.suspendedBannerVisible()).toBe(true);
    expect(await reception.row(first).isVisible()).toBe(true);
    expect(await reception.row(second).isVisible()).toBe(true);
    expect(await serverNames(clinicId)).toEqual(['Samir Ben Ali']);

    // Reactivated: the waiting change syncs, nothing was lost.
    await operator.setStatus('active');
    await reception.waitForSuspendedBannerGone();
    await expect.poll(() => serverNames(clinicId), { timeout: 30_000 }).toEqual(['Nour Trabelsi', 'Samir Ben Ali']);
    expect(await operator.auditActions()).toEqual(expect.arrayContaining(['subscription.status']));
  });
});
