// Issue #17, patient actions and joining, in Debian's Chromium against the
// real server: a patient's "running late" reaches the tablet and back, a
// confirmed "cancel my visit" reaches the tablet, a check-in from afar is
// refused while the clinic is closed (and one from the tablet's QR is not),
// and with "I'm here" required a check-in from afar waits, then joins at the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { startE2eServer, type E2eServer } from './support/server.ts';
import { apiLogin, DEMO, setDemoHours } from './support/api.ts';
import { seriousA11yViolations } from './support/audit.ts';
import { ReceptionPage } from './pages/reception.ts';
import { PatientPage } from './pages/patient.ts';
import { CheckinPage } from './pages/checkin.ts';
import { OwnerPage } from './pages/owner.ts';

/** The "the tablet shows these at once": replication to the tablet within a second. */
const AT_ONCE_MS = 1000;

let server: E2eServer;
let browser: Browser;
let clinicId: string;
let r: ReceptionPage;
/** Every answer a patient phone received from the API (the stream is checked in patient.e2e.ts). */
const received: string[] = [];
const pending: Promise<void>[] = [];
const names: string[] = [];

beforeAll(async () => {
  server = await startE2eServer({ CHECKIN_RATE_LIMIT_PER_IP: '500', CHECKIN_RATE_LIMIT_PER_CLINIC: '500' });
  browser = await launchBrowser();
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO.owner, password: DEMO.password }),
  });
  clinicId = ((await res.json()) as { clinic: { id: string } }).clinic.id;
  await setDemoHours(server.url);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  r = new ReceptionPage(await context.newPage(), server.url);
  await r.open();
  await r.signIn(DEMO.reception, DEMO.password, 'Front desk');
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function phone(locale = 'en-GB'): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 390, height: 800 }, locale })).newPage();
  page.on('response', (res) => {
    if (new URL(res.url()).pathname.startsWith('/api/') && !res.url().includes('/stream'))
      pending.push(
        res.text().then(
          (t) => void received.push(t),
          () => undefined,
        ),
      );
  });
  return page;
}

/** A check-in from afar (a shared link), through the API; the ticket page's path and ticket. */
async function checkIn(name: string): Promise<{ path: string; ticket: string }> {
  names.push(name);
  const res = await fetch(`${server.url}/api/checkin/v1/${clinicId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ requestId: crypto.randomUUID(), name }),
  });
  if (res.status !== 201) throw new Error(`check-in ${res.status}`);
  return (await res.json()) as { path: string; ticket: string };
}

async function owner(method: string, path: string, body?: object): Promise<void> {
  const res = await fetch(`${server.url}/api/owner/clinics/${clinicId}${path}`, {
    method,
    headers: { authorization: `Bearer ${await apiLogin(server.url, DEMO.owner)}`, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
}

describe('patient actions', () => {
  it("when a patient says they are running late, then the tablet's row shows it within a second; when the receptionist clears it, the patient page shows it cleared", async () => {
    await checkIn('Ahead Of Late');
    const mine = await checkIn('Running Late');
    await checkIn('Behind Late');
    const patient = new PatientPage(await phone());
    await patient.open(server.url + mine.path);
    await patient.waitForStatus('waiting');
    await r.row(mine.ticket).waitFor({ timeout: 10_000 });

    const tapped = Date.now();
    await patient.runningLate(20);
    await r.lateBadge(mine.ticket).waitFor({ timeout: AT_ONCE_MS });
    const latency = Date.now() - tapped;
    console.log(`running late → tablet: ${latency} ms`);
    expect(latency).toBeLessThanOrEqual(AT_ONCE_MS);
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText(): the text as rendered.
    expect(await r.lateBadge(mine.ticket).innerText()).toMatch(/late until \d\d:\d\d/);
    await expect.poll(() => patient.lateUntil()).toMatch(/\d\d:\d\d/);
    // Their place is kept: the row did not move.
    const order = await r.waiting();
    expect(order.indexOf(mine.ticket)).toBeGreaterThanOrEqual(0);

    await r.clearLate(mine.ticket);
    await expect.poll(() => patient.lateUntil(), { timeout: 5_000 }).toBeNull();
    expect(await r.waiting()).toEqual(order);
    expect({ violations: await seriousA11yViolations(patient.page) }).toEqual({ violations: [] });
    await patient.page.context().close();
  });

  it('when a patient cancels their visit and confirms, then the tablet lists it as cancelled by the patient', async () => {
    const mine = await checkIn('Cancelling Patient');
    const patient = new PatientPage(await phone('ar-TN'));
    await patient.open(server.url + mine.path);
    await patient.waitForStatus('waiting');
    await r.row(mine.ticket).waitFor({ timeout: 10_000 });
    // Asked first: keeping the ticket changes nothing.
    await patient.page.getByTestId('cancel-visit').click();
    expect({ violations: await seriousA11yViolations(patient.page) }).toEqual({ violations: [] });
    await patient.page.getByTestId('confirm-cancel').click();
    expect(await patient.status()).toBe('waiting');

    await patient.cancelVisit();
    await r.row(mine.ticket).waitFor({ state: 'detached', timeout: AT_ONCE_MS * 2 });
    await expect.poll(() => r.cancelledByPatients()).toContain(mine.ticket);
    await patient.waitForStatus('cancelled');
    await patient.page.context().close();
  });
});

describe('before joining', () => {
  it('when the clinic is closed, then a check-in from a shared link is refused with the next opening, and one from the QR on the tablet is taken', async () => {
    // Open one weekday only, three days from today: closed now.
    await setDemoHours(server.url, [{ weekday: (new Date().getUTCDay() + 3) % 7, open: '09:00', close: '12:00' }]);
    try {
      const checkin = new CheckinPage(await phone(), server.url);
      await checkin.open(`${server.url}/checkin.html#c=${clinicId}`);
      await checkin.fill('From Home');
      names.push('From Home');
      await checkin.page.getByTestId('checkin-submit').click();
      expect(await checkin.error()).toBe('clinic_closed');
      const hours = checkin.page.getByTestId('checkin-hours');
      expect(Number(await hours.getAttribute('data-next'))).toBeGreaterThan(Date.now());
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText(): the text as rendered.
      expect(await hours.innerText()).toMatch(/\d\d:\d\d/);
      expect({ violations: await seriousA11yViolations(checkin.page) }).toEqual({ violations: [] });

      await r.page.getByTestId('checkin-qr-open').click();
      const qr = r.page.locator('[data-testid="checkin-qr"] svg[data-qr-text*="&o="]');
      await qr.waitFor();
      const onSite = (await qr.getAttribute('data-qr-text'))!;
      await r.page.getByTestId('checkin-qr-close').click();
      const atDoor = new CheckinPage(await phone(), server.url);
      await atDoor.open(onSite);
      await atDoor.fill('At The Door');
      names.push('At The Door');
      await atDoor.submit();
      await new PatientPage(atDoor.page).waitForStatus('waiting');
      await checkin.page.context().close();
      await atDoor.page.context().close();
    } finally {
      await setDemoHours(server.url);
    }
  });

  it("when the clinic requires I'm here, then a check-in from afar is expected (listed apart on the tablet, counted nowhere) and joins at the end of the queue on I'm here", async () => {
    // The owner turns it on in the clinic's settings.
    const o = new OwnerPage(await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage(), server.url);
    await o.open();
    await o.signIn(DEMO.owner, DEMO.password);
    await o.show('admin');
    await o.setRequireHere(true);
    await o.page.context().close();
    try {
      await checkIn('Already Waiting');
      const checkin = new CheckinPage(await phone('fr-TN'), server.url);
      await checkin.open(`${server.url}/checkin.html#c=${clinicId}`);
      await checkin.fill('Coming From Afar');
      names.push('Coming From Afar');
      await checkin.submit();
      const patient = new PatientPage(checkin.page);
      await patient.waitForStatus('expected');
      const ticket = await patient.ticket();
      await expect.poll(() => r.expected(), { timeout: 10_000 }).toContain(ticket);
      expect(await r.waiting()).not.toContain(ticket);
      expect({ violations: await seriousA11yViolations(patient.page) }).toEqual({ violations: [] });

      // Someone registered at the desk meanwhile still goes before them: the end is the end when they arrive.
      const walkIn = await r.register('Walk In Meanwhile');
      await patient.imHere();
      await patient.waitForStatus('waiting');
      await expect.poll(() => r.waiting(), { timeout: 5_000 }).toContain(ticket);
      const order = await r.waiting();
      expect(order.at(-1)).toBe(ticket);
      expect(order.indexOf(walkIn)).toBeLessThan(order.indexOf(ticket));
      expect(await r.expected()).not.toContain(ticket);
      await expect.poll(() => patient.text('position')).toBe(String(order.length));
      await checkin.page.context().close();
    } finally {
      await owner('PATCH', '/settings', { requireHere: false });
    }
  });

  it('when everything the patient phones received from the API is read back, then no other patient’s name is in it', async () => {
    await Promise.all(pending);
    // The capture worked: the actions' answers are in it.
    expect(received.some((b) => b.includes('"lateUntil"'))).toBe(true);
    // A phone's own check-in answer carries no name either: only ids, the ticket and the link.
    const leaks = names.filter((n) => received.some((b) => b.includes(n)));
    expect(leaks).toEqual([]);
  });
});
