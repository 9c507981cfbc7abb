// Online booking from a patient's phone, in Debian's Chromium against the real
// server: free slots, booking in French, Arabic right to left, English, axe on
// each, every answer the page receives checked for other patients' data, the
// desk's tablet receiving the booking through replication, and the whole way
// on: the desk marks the patient arrived offline, syncs, the patient's ticket
// page shows their place, the owner's report counts the booked visit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { seriousA11yViolations } from './support/audit.ts';
import { pageJsWeight, PATIENT_JS_BUDGET } from './support/bundle-size.ts';
import { startE2eServer, type E2eServer } from './support/server.ts';
import { apiLogin, DEMO, setDemoHours } from './support/api.ts';
import { BookPage } from './pages/book.ts';
import { ReceptionPage } from './pages/reception.ts';
import { AppointmentsDesk } from './pages/appointments.ts';
import { PatientPage } from './pages/patient.ts';
import { readClinicSetup } from '../server/docs/reads.ts';
import type { Grant } from '../server/auth/sessions.ts';
import { startTablet } from '../testkit/rx-client.ts';
import { bookingsPath, bookingSlotsPath } from '../shared/paths.ts';
import { BOOKING_DEFAULTS } from '../shared/doc-defaults.ts';
import { SCHEMA_VERSION } from '../shared/protocol.ts';
import { clinicDay } from '../shared/tickets.ts';
import type { Appointment } from '../shared/schemas.ts';

const PHONE_VIEWPORT = { width: 390, height: 844 };
const OTHER = { name: 'Yasmine Ferchichi', phone: '+216 29 111 222' };
const ME = { name: 'Sami Haddad', phone: '+216 23 456 789' };
/** The desk has an online booking within a second (the "done when"). */
const REPLICATION_MS = 1000;

let server: E2eServer;
let browser: Browser;
let clinicId: string;
let otherId: string;

beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchBrowser();
  clinicId = server.demoClinicId!;
  // Slots whatever the hour the suite runs: open every day, the first doctor bookable by half-hours.
  await setDemoHours(
    server.url,
    [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, open: '00:00', close: '23:30' })),
  );
  // A patient up to two hours late keeps their slot time: the flow's booking may have begun when they arrive.
  expect(
    (await owner('PATCH', '/settings', { booking: { ...BOOKING_DEFAULTS, online: true, daysAhead: 3, lateMinutes: 120 } })).status,
  ).toBe(200);
  const [first] = (await readClinicSetup(server.db, clinicId)).doctors;
  const schedule = { name: first!.name, room: first!.room, active: true, booking: { slotMinutes: 30, breaks: [], daysOff: [] } };
  expect((await owner('PUT', `/doctors/${first!.id}`, schedule)).status).toBe(200);
  // Another patient's booking: nothing of it may reach this patient's page.
  const slots = (await (await fetch(server.url + bookingSlotsPath(clinicId))).json()) as {
    doctors: { id: string; slots: { start: number }[] }[];
  };
  const other = await fetch(server.url + bookingsPath(clinicId), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      requestId: crypto.randomUUID(),
      doctorId: slots.doctors[0]!.id,
      start: slots.doctors[0]!.slots[0]!.start,
      ...OTHER,
      language: 'ar',
      whatsapp: false,
    }),
  });
  expect(other.status).toBe(201);
  otherId = ((await other.json()) as { appointmentId: string }).appointmentId;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The demo owner's call to the clinic's owner area. */
async function owner(method: 'GET' | 'PATCH' | 'PUT', path: string, body?: unknown): Promise<Response> {
  const token = await apiLogin(server.url, DEMO.owner);
  return fetch(`${server.url}/api/owner/clinics/${clinicId}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-doctorq-schema': String(SCHEMA_VERSION) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** A phone in `lang`, recording the body of every answer its pages receive. */
async function phone(lang: 'fr' | 'ar' | 'en'): Promise<{ context: BrowserContext; bodies: string[]; page: BookPage }> {
  const context = await browser.newContext({ viewport: PHONE_VIEWPORT, isMobile: true, hasTouch: true, locale: lang });
  await context.addInitScript((l) => localStorage.setItem('doctorq.lang', l), lang);
  const bodies: string[] = [];
  const page = await context.newPage();
  page.on('response', (r) => {
    if (r.url().includes('/api/'))
      void r.text().then(
        (t) => bodies.push(t),
        () => {},
      );
  });
  return { context, bodies, page: new BookPage(page) };
}

describe('online booking on a phone', () => {
  it('when a patient books in French, then the desk has it within a second, the link cancels it, and no answer carried another patient', async () => {
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: DEMO.reception, password: DEMO.password, device: { kind: 'reception', name: 'Booking desk' } }),
    });
    const grant = (await res.json()) as Grant;
    const tablet = await startTablet(server.url, grant);
    const { context, bodies, page } = await phone('fr');
    try {
      await tablet.sync.awaitInSync();
      await page.open(`${server.url}/book.html#c=${clinicId}`);
      expect(await page.page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['fr', 'ltr']);
      expect(await seriousA11yViolations(page.page)).toEqual([]);
      const starts = await page.slotStarts();
      expect(starts.length).toBeGreaterThan(1);
      // Watched from before the booking: the time it reaches the desk, against the time the server answered the page.
      const onDeskAt = new Promise<{ doc: Appointment; at: number }>((resolve) => {
        const sub = tablet.db.appointments.find({ selector: { name: ME.name } }).$.subscribe((docs) => {
          if (!docs[0]) return;
          sub.unsubscribe();
          resolve({ doc: docs[0].toMutableJSON() as Appointment, at: Date.now() });
        });
      });
      const answeredAt = page.page
        .waitForResponse((r) => r.url().endsWith(bookingsPath(clinicId)) && r.request().method() === 'POST')
        .then(() => Date.now());
      await page.book(starts[0]!, ME.name, ME.phone);
      expect(await page.status()).toBe('booked');
      const [{ doc: onDesk, at }, answered] = await Promise.all([onDeskAt, answeredAt]);
      expect(at - answered).toBeLessThan(REPLICATION_MS);
      expect(await seriousA11yViolations(page.page)).toEqual([]);
      expect(onDesk).toMatchObject({ start: starts[0], source: 'online', status: 'booked', phone: ME.phone });

      await page.cancel();
      await expect.poll(async () => (await tablet.db.appointments.findOne(onDesk.id).exec())?.status).toBe('cancelled');

      const seen = bodies.join('\n');
      expect(seen).toContain(ME.name);
      for (const secret of [OTHER.name, '29 111 222', otherId]) expect(seen).not.toContain(secret);
    } finally {
      await context.close();
      await tablet.close();
    }
  });

  it('when the page is read in Arabic, then it runs right to left; in English, left to right; axe finds nothing serious in either', async () => {
    // Opened on cheap phones like the ticket page: the same budget.
    expect((await pageJsWeight('book.html')).gzip).toBeLessThan(PATIENT_JS_BUDGET);
    for (const [lang, dir, title] of [
      ['ar', 'rtl', 'احجز موعدًا'],
      ['en', 'ltr', 'Book an appointment'],
    ] as const) {
      const { context, page } = await phone(lang);
      try {
        await page.open(`${server.url}/book.html#c=${clinicId}`);
        expect(await page.page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([lang, dir]);
        expect(await page.page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
        expect(await seriousA11yViolations(page.page)).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  it('when the patient arrives and the desk, offline, marks the booking arrived, then once synced the ticket page shows the place in the queue and the report counts a booked visit', async () => {
    const { context, page } = await phone('fr');
    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      await page.open(`${server.url}/book.html#c=${clinicId}`);
      const [start] = await page.slotStarts();
      const answer = page.page.waitForResponse((r) => r.url().endsWith(bookingsPath(clinicId)) && r.request().method() === 'POST');
      await page.book(start!, 'Rim Arrivee', '+216 24 680 135');
      const { appointmentId } = (await (await answer).json()) as { appointmentId: string };

      const r = new ReceptionPage(await desk.newPage(), server.url);
      await r.open();
      await r.signIn(DEMO.reception, DEMO.password, 'Arrival desk');
      await r.waitUntilOfflineReady();
      const appointments = new AppointmentsDesk(r.page);
      await appointments.expected(appointmentId).waitFor();
      await desk.setOffline(true);
      await r.waitForPhase('offline');
      await appointments.expected(appointmentId).getByTestId('expected-booking-arrived').click();
      const issued = r.page.getByTestId('ticket-issued');
      await issued.waitFor();
      const link = (await issued.locator('svg[data-qr-text]').getAttribute('data-qr-text'))!;
      await r.page.getByTestId('ticket-close').click();
      await desk.setOffline(false);
      await r.waitForPhase('online');

      // The patient's own phone follows the visit the arrival made, from its ticket link.
      const ticketPage = new PatientPage(await context.newPage());
      await ticketPage.open(link);
      await ticketPage.waitForStatus('waiting', 30_000);
      expect(Number((await ticketPage.place()).position)).toBeGreaterThan(0);
      // And the booking link now says the patient has arrived.
      await page.page.reload();
      await page.page.locator('[data-testid="booking"][data-status="arrived"]').waitFor();
      // The owner's report counts the visit as booked, and the booking as made online.
      const day = clinicDay(start!, server.zone);
      const report = (await (await owner('GET', `/reports?from=${day}&to=${day}`)).json()) as {
        appointments: { visitsBooked: number; online: number; arrived: number; punctuality: { count: number } };
      };
      expect(report.appointments).toMatchObject({ visitsBooked: 1, arrived: 1, punctuality: { count: 1 } });
      expect(report.appointments.online).toBeGreaterThanOrEqual(1);
    } finally {
      await desk.close();
      await context.close();
    }
  });

  it('when the clinic turns online booking off, then the page says so instead of offering slots', async () => {
    await owner('PATCH', '/settings', { booking: { ...BOOKING_DEFAULTS, online: false } });
    const { context, page } = await phone('fr');
    try {
      await page.open(`${server.url}/book.html#c=${clinicId}`);
      expect(await page.page.getByTestId('book-unavailable').getAttribute('data-error')).toBe('booking_closed');
    } finally {
      await context.close();
    }
  });
});
