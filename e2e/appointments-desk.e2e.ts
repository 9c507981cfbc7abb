// Issue 18's desk in Debian's Chromium against the real server: the owner gives
// the doctors a schedule; the tablet books two patients, refuses a slot taken
// meanwhile, moves one and cancels the other, flags a double booking from
// another tablet; offline, a booked patient arrives and their visit takes its
// place among the walk-ins by slot time; back online, the server holds it all.
// axe on the appointments screen in fr, ar and en.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { bookAppointment } from '../shared/bookings.ts';
import { BOOKING_DEFAULTS } from '../shared/doc-defaults.ts';
import { SCHEMA_VERSION } from '../shared/protocol.ts';
import { registerEntry } from '../shared/register.ts';
import type { Appointment, Entry } from '../shared/schemas.ts';
import { clinicDay } from '../shared/tickets.ts';
import { launchBrowser } from './support/browser.ts';
import { seriousA11yViolations } from './support/audit.ts';
import { startE2eServer, type E2eServer } from './support/server.ts';
import { apiLogin, DEMO, serverEntriesToday, setDemoHours } from './support/api.ts';
import { ReceptionPage } from './pages/reception.ts';
import { AppointmentsDesk } from './pages/appointments.ts';
import { OwnerPage } from './pages/owner.ts';

const AMIRA = 'doc-amira';
const KARIM = 'doc-karim';
const SLOT_MINUTES = 15;
const SLOT_MS = SLOT_MINUTES * 60_000;
const ALL_DAY = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, open: '00:00', close: '23:59' }));

let server: E2eServer;
let browser: Browser;
let clinicId: string;
const contexts: BrowserContext[] = [];

async function call(path: string, token: string, method = 'GET', body?: unknown) {
  const res = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-doctorq-schema': String(SCHEMA_VERSION) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchBrowser();
  // Open around the clock, so the test finds slots before and after now at whatever hour it runs.
  await setDemoHours(server.url, ALL_DAY);
  const owner = await apiLogin(server.url, DEMO.owner);
  clinicId = (await call('/api/owner/clinics', owner)).clinics[0].id;
  const base = `/api/owner/clinics/${clinicId}`;
  for (const [id, name, room] of [
    [AMIRA, 'Dr Amira Ben Salah', '1'],
    [KARIM, 'Dr Karim Jaziri', '2'],
  ] as const)
    await call(`${base}/doctors/${id}`, owner, 'PUT', {
      name,
      room,
      active: true,
      booking: { slotMinutes: SLOT_MINUTES, breaks: [], daysOff: [] },
    });
  // A patient up to two hours late still keeps their slot time: the test's booking is from earlier today.
  await call(`${base}/settings`, owner, 'PATCH', { booking: { ...BOOKING_DEFAULTS, lateMinutes: 120 } });
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
});

async function tablet(lang: 'ar' | 'fr' | 'en'): Promise<{ context: BrowserContext; r: ReceptionPage; desk: AppointmentsDesk }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: server.zone });
  contexts.push(context);
  const r = new ReceptionPage(await context.newPage(), server.url);
  await r.open();
  await r.signIn(DEMO.reception, DEMO.password, `Desk ${lang}`);
  await r.language(lang);
  return { context, r, desk: new AppointmentsDesk(r.page) };
}

/** A document another device wrote, pushed as the receptionist's sync would. */
async function push(collection: 'appointments' | 'entries', docs: readonly (Appointment | Entry)[]): Promise<void> {
  const token = await apiLogin(server.url);
  const r = await call(
    `/api/sync/v1/${collection}/push`,
    token,
    'POST',
    docs.map((d) => ({ newDocumentState: { ...d, _deleted: false } })),
  );
  expect(r.conflicts).toEqual([]);
}

const appointment = (id: string, doctorId: string, start: number, name: string, bookedAt = Date.now()) =>
  bookAppointment(
    {
      id,
      clinicId,
      doctorId,
      start,
      minutes: SLOT_MINUTES,
      timeZone: server.zone,
      name,
      phone: null,
      language: null,
      whatsapp: false,
      source: 'phone',
    },
    bookedAt,
  );

async function serverAppointments(): Promise<Appointment[]> {
  const token = await apiLogin(server.url);
  const body = await call('/api/sync/v1/appointments/pull?seq=0&limit=1000', token);
  return body.documents;
}

async function eventually(check: () => Promise<void>, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

describe('appointments at the desk', () => {
  it('when the desk books, refuses a taken slot, moves, cancels and, offline, marks a booked patient arrived, then the visit is placed by slot time and everything reaches the server', async () => {
    const { context, r, desk } = await tablet('fr');
    await desk.open();
    expect(await seriousA11yViolations(r.page)).toEqual([]);

    const free = await desk.freeStarts(AMIRA);
    const [s1, s2, s3] = free;
    if (s1 === undefined || s2 === undefined || s3 === undefined) throw new Error('the test needs three slots left today');
    await desk.book(AMIRA, s1, { name: 'Amel Haddad', phone: '20 111 222' });
    await desk.book(AMIRA, s2, { name: 'Bilel Ayari', source: 'phone' });

    // Another tablet's booking of s3 reaches this one while its form is open: the desk refuses, in words.
    const dialog = await desk.openBook(AMIRA, s3);
    await desk.fillBooking(dialog, { name: 'Chokri Mansour' });
    await push('appointments', [appointment('online-s3', AMIRA, s3, 'Dalila Online')]);
    await desk.slot(AMIRA, s3).locator('[data-testid="booking"]').waitFor();
    await dialog.getByTestId('dialog-submit').click();
    expect(await dialog.getByTestId('book-refused').textContent()).toBe('Ce créneau est déjà pris. Choisissez-en un autre.');
    expect(await seriousA11yViolations(r.page)).toEqual([]);
    await dialog.getByTestId('dialog-back').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await desk.slot(AMIRA, s3).getAttribute('data-free')).toBe('false');
    expect(await desk.bookingsIn(AMIRA, s3)).toEqual([{ name: 'Dalila Online', status: 'booked' }]);

    const k = (await desk.freeStarts(KARIM))[0]!;
    await desk.move({ doctorId: AMIRA, start: s2, name: 'Bilel Ayari' }, { doctorId: KARIM, start: k });
    expect(await desk.bookingsIn(AMIRA, s2)).toEqual([{ name: 'Bilel Ayari', status: 'rescheduled' }]);
    expect(await desk.slot(AMIRA, s2).getAttribute('data-free')).toBe('true');
    await desk.cancel({ doctorId: AMIRA, start: s1, name: 'Amel Haddad' });

    // Two offline tablets booked Karim's slot: the later booking is flagged for the desk to move.
    await push('appointments', [appointment('late-twin', KARIM, k, 'Farah Twin')]);
    await desk.booking('late-twin').locator('[data-testid="displaced"]').waitFor();
    expect(await desk.booking('late-twin').getAttribute('data-displaced')).toBe('true');

    // A patient booked by phone for a slot that has begun, and walk-ins who came before and after that slot.
    const now = Date.now();
    const slot = Math.floor((now - 40 * 60_000) / SLOT_MS) * SLOT_MS;
    const day = clinicDay(now, server.zone);
    const before = registerEntry([], walkIn('walk-before', 'Walid Avant', day), slot - 10 * 60_000);
    const after = registerEntry([before], walkIn('walk-after', 'Olfa Apres', day), slot + 5 * 60_000);
    await push('entries', [before, after]);
    await push('appointments', [appointment('phoned', AMIRA, slot, 'Nour Telephone', slot - 86_400_000)]);
    await desk.expected('phoned').waitFor();

    await context.setOffline(true);
    await r.waitForPhase('offline');
    await desk.openQueue();
    await r.row(after.ticket).waitFor();
    const walkInNow = await r.register('Sami Maintenant');
    const arrived = await desk.arrive('phoned');
    await r.page.getByTestId('ticket-close').click();
    const order = await r.waiting();
    expect(order.filter((t) => [before.ticket, arrived, after.ticket, walkInNow].includes(t))).toEqual([
      before.ticket,
      arrived,
      after.ticket,
      walkInNow,
    ]);
    expect(await desk.expected('phoned').count()).toBe(0);

    await context.setOffline(false);
    await r.waitForPhase('online');
    await r.page.waitForFunction(() => document.querySelector('[data-testid="pending-count"]')?.textContent === '0', undefined, {
      timeout: 30_000,
    });
    await eventually(async () => {
      const visit = (await serverEntriesToday(server, await apiLogin(server.url))).find((e) => e.ticket === arrived);
      expect(visit).toMatchObject({ name: 'Nour Telephone', appointmentId: 'phoned', doctorId: AMIRA, status: 'waiting' });
      const stored = await serverAppointments();
      const byName = (name: string) => stored.filter((a) => a.name === name).map((a) => [a.status, a.doctorId, a.start]);
      expect(stored.find((a) => a.id === 'phoned')).toMatchObject({ status: 'arrived', entryId: visit!.id });
      expect(byName('Amel Haddad')).toEqual([['cancelled', AMIRA, s1]]);
      expect(byName('Bilel Ayari').sort()).toEqual([
        ['booked', KARIM, k],
        ['rescheduled', AMIRA, s2],
      ]);
      expect(byName('Chokri Mansour')).toEqual([]);
    });
  });

  it('when the appointments screen is shown in Arabic and English, then it reads right to left and left to right with no serious accessibility violation', async () => {
    for (const lang of ['ar', 'en'] as const) {
      const { r, desk } = await tablet(lang);
      await desk.open();
      expect(await r.page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      await desk.column(AMIRA).waitFor();
      expect(await seriousA11yViolations(r.page)).toEqual([]);
      await r.page.getByTestId('view-week').click();
      await r.page.getByTestId('week-grid').waitFor();
      expect(await seriousA11yViolations(r.page)).toEqual([]);
      await r.page.getByTestId('view-day').click();
      await desk.column(KARIM).waitFor();
      const dialog = await desk.openBook(KARIM, (await desk.freeStarts(KARIM))[0]!);
      expect(await seriousA11yViolations(r.page)).toEqual([]);
      await dialog.getByTestId('dialog-back').click();
    }
  });
});

describe('booking settings in the owner area', () => {
  it("when the owner sets the clinic's rules and a doctor's schedule in Administration, then the documents hold them (ar, axe)", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const o = new OwnerPage(await context.newPage(), server.url);
    await o.open();
    await o.language('ar');
    await o.signIn(DEMO.owner, DEMO.password);
    await o.show('admin');
    const section = o.page.getByTestId('booking-section');
    await section.waitFor();

    await section.getByTestId('booking-online').check();
    await section.getByTestId('booking-late').fill('20');
    await section.getByTestId('booking-late-as').selectOption('slot');
    await section.getByTestId('booking-rules-save').click();
    await section.getByTestId('booking-rules-saved').waitFor();

    const karim = section.locator(`[data-testid="doctor-schedule"][data-doctor-id="${KARIM}"]`);
    await karim.getByTestId('schedule-slot-minutes').fill('20');
    await karim.getByTestId('schedule-add-break').click();
    await karim.getByTestId('schedule-day-off-5').check();
    await karim.getByTestId('schedule-save').click();
    expect(await seriousA11yViolations(o.page)).toEqual([]);

    const owner = await apiLogin(server.url, DEMO.owner);
    const base = `/api/owner/clinics/${clinicId}`;
    await eventually(async () => {
      expect((await call(`${base}/settings`, owner)).booking).toEqual({
        ...BOOKING_DEFAULTS,
        online: true,
        lateMinutes: 20,
        lateAs: 'slot',
      });
      const doctors: { id: string; booking: unknown }[] = (await call(`${base}/doctors`, owner)).doctors;
      expect(doctors.find((d) => d.id === KARIM)?.booking).toEqual({
        slotMinutes: 20,
        breaks: [{ from: '12:00', to: '13:00' }],
        daysOff: [5],
      });
    });

    // Walk-ins only: the schedule goes, the doctor's name and room stay.
    await karim.getByTestId('schedule-takes').uncheck();
    await karim.getByTestId('schedule-save').click();
    await eventually(async () => {
      const doctors: { id: string; name: string; booking: unknown }[] = (await call(`${base}/doctors`, owner)).doctors;
      expect(doctors.find((d) => d.id === KARIM)).toMatchObject({ name: 'Dr Karim Jaziri', booking: null });
    });
  });
});

function walkIn(id: string, name: string, day: string) {
  return { id, clinicId, name, phone: null, doctorId: null, priority: 'normal', source: 'reception', series: 'Z', day } as const;
}
