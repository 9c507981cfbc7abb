// The public booking page's routes over real HTTP against the real database:
// free/busy only, booking reaching the desk by replication, the confirmation
// link's cancel and move, the abuse bounds, two bookings of one slot at once.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, login, openTestDb, pushDocs, startTestServer } from '../../testkit/harness.ts';
import { bookingClinic, SLOT_MINUTES } from '../../testkit/booking.ts';
import { startTablet, type TestTablet } from '../../testkit/rx-client.ts';
import { BOOKING_APPOINTMENT_PATH, bookingSlotsPath, bookingsPath, checkinPath } from '../../shared/paths.ts';
import { signBookingToken } from '../../shared/booking-link.ts';
import type { Appointment } from '../../shared/schemas.ts';
import { listDocs, readSettings } from '../docs/reads.ts';
import { TokenKeys } from '../auth/tokens.ts';
import type { RunningServer } from '../main.ts';
import { bookingLinkKey } from './booking-auth.ts';

const JWT_SECRET = 'the booking test secret, 32 chars or more';
let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
const tablets: TestTablet[] = [];
beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db, { JWT_SECRET });
});
afterEach(async () => {
  await Promise.all(tablets.splice(0).map((t) => t.close()));
});
afterAll(async () => {
  await server.close();
  await db.dispose();
});

interface Slots {
  days: string[];
  doctors: { id: string; name: string; slots: { start: number; minutes: number }[] }[];
}
const slotsOf = async (clinicId: string, s = server) => (await api<Slots>(s.url, bookingSlotsPath(clinicId))).body;
const freeStarts = async (clinicId: string) => (await slotsOf(clinicId)).doctors.find((d) => d.id === 'doc-1')!.slots.map((x) => x.start);
const book = (clinicId: string, start: number, over: Record<string, unknown> = {}, s = server) =>
  api(s.url, bookingsPath(clinicId), {
    body: {
      requestId: randomUUID(),
      doctorId: 'doc-1',
      start,
      name: 'Sonia Gharbi',
      phone: '+216 22 333 444',
      language: 'fr',
      whatsapp: false,
      ...over,
    },
  });
const withLink = (token: string | undefined, path = '', body?: object) =>
  api(server.url, `${BOOKING_APPOINTMENT_PATH}${path}`, {
    ...(token ? { token } : {}),
    ...(body ? { body: { requestId: randomUUID(), ...body } } : {}),
  });
const appointmentsOf = async (clinicId: string) => (await listDocs(db, clinicId, 'appointments')) as unknown as Appointment[];

describe('free slots', () => {
  it('when a slot is booked, then it leaves the free slots, and no answer of the page names anyone else or any other booking', async () => {
    const clinic = await bookingClinic(db);
    const first = await slotsOf(clinic.id);
    expect(first.days).toHaveLength(3);
    // doc-2 takes walk-ins only.
    expect(first.doctors.map((d) => d.id)).toEqual(['doc-1']);
    const [a, b] = first.doctors[0]!.slots;
    expect(a!.minutes).toBe(SLOT_MINUTES);
    const booked = await book(clinic.id, a!.start, { name: 'Hedi Ben Salah', phone: '+216 98 765 432' });
    expect(booked.status).toBe(201);
    const after = await freeStarts(clinic.id);
    expect(after).not.toContain(a!.start);
    expect(after).toContain(b!.start);
    // Another patient's view: slot times only.
    const other = await book(clinic.id, b!.start, { name: 'Other Patient', phone: '+216 50 000 111' });
    const seen = JSON.stringify([await slotsOf(clinic.id), other.body]);
    for (const secret of ['Hedi', 'Ben Salah', '98 765 432', '98765432', booked.body.appointmentId]) expect(seen).not.toContain(secret);
  });

  it('when the clinic turned online booking off, is suspended, or there is no such clinic, then the page is told so', async () => {
    const clinic = await bookingClinic(db, { online: false });
    const closed = await api(server.url, bookingSlotsPath(clinic.id));
    expect({ status: closed.status, code: closed.body.error.code }).toEqual({ status: 403, code: 'booking_closed' });
    const start = Date.now() + 86_400_000;
    const refused = await book(clinic.id, start);
    expect({ status: refused.status, code: refused.body.error.code }).toEqual({ status: 403, code: 'booking_closed' });
    for (const id of [randomUUID(), 'not-a-clinic']) expect((await api(server.url, bookingSlotsPath(id))).status).toBe(404);
    expect((await api(server.url, `${bookingSlotsPath(clinic.id)}?days=99`)).status).toBe(400);
    const suspended = await bookingClinic(db);
    await db.query(`UPDATE clinics SET status = 'suspended' WHERE id = $1`, [suspended.id]);
    const [slots, booking] = [await api(server.url, bookingSlotsPath(suspended.id)), await book(suspended.id, Date.now() + 86_400_000)];
    expect([slots.body.error.code, booking.body.error.code]).toEqual(['booking_closed', 'booking_closed']);
  });
});

describe('booking', () => {
  it('when a patient books online, then the document is stored with source online and a connected tablet has it within a second', async () => {
    const clinic = await bookingClinic(db);
    const grant = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'Desk' });
    const tablet = await startTablet(server.url, grant);
    tablets.push(tablet);
    await tablet.sync.awaitInSync();
    const [start] = await freeStarts(clinic.id);
    const r = await book(clinic.id, start!);
    expect(r.status).toBe(201);
    const booked = Date.now();
    const onTablet = await eventually(async () => {
      const doc = await tablet.db.appointments.findOne(r.body.appointmentId).exec();
      expect(doc).not.toBeNull();
      return doc!.toMutableJSON() as Appointment;
    }, 5_000);
    expect(Date.now() - booked).toBeLessThan(1_000);
    expect(onTablet).toMatchObject({
      doctorId: 'doc-1',
      start,
      minutes: SLOT_MINUTES,
      source: 'online',
      status: 'booked',
      name: 'Sonia Gharbi',
    });
    const [stored] = await appointmentsOf(clinic.id);
    expect(stored).toMatchObject({ id: r.body.appointmentId, source: 'online', phone: '+216 22 333 444' });
  });

  it('when the same request is sent twice, then one booking exists and both answers name it', async () => {
    const clinic = await bookingClinic(db);
    const [start] = await freeStarts(clinic.id);
    const requestId = randomUUID();
    const first = await book(clinic.id, start!, { requestId });
    const again = await book(clinic.id, start!, { requestId });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.appointmentId).toBe(first.body.appointmentId);
    expect(await appointmentsOf(clinic.id)).toHaveLength(1);
  });

  it('when five patients book the same slot at once, then exactly one gets it and the others are told it was taken', async () => {
    const clinic = await bookingClinic(db);
    const [start] = await freeStarts(clinic.id);
    const answers = await Promise.all([0, 1, 2, 3, 4].map((i) => book(clinic.id, start!, { phone: `+216 70 000 00${i}` })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.error.code === 'slot_taken')).toBe(true);
    expect(await appointmentsOf(clinic.id)).toHaveLength(1);
  });

  it('when a body is bad, a time is no slot, or the slot has passed, then the booking is refused with the error shape', async () => {
    const clinic = await bookingClinic(db);
    const [start] = await freeStarts(clinic.id);
    const refusals = [
      await book(clinic.id, start!, { name: '' }),
      await book(clinic.id, start!, { phone: null }),
      await book(clinic.id, start!, { doctorId: 'doc-2' }),
      await book(clinic.id, start! + 60_000),
      await book(clinic.id, start! - 86_400_000),
      await api(server.url, bookingsPath(clinic.id), { body: { requestId: 'x' } }),
    ];
    expect(refusals.map((r) => [r.status, r.body.error.code])).toEqual([
      [422, 'invalid_body'],
      [422, 'invalid_body'],
      [422, 'not_a_slot'],
      [422, 'not_a_slot'],
      [422, 'not_a_slot'],
      [422, 'invalid_body'],
    ]);
    const big = await book(clinic.id, start!, { name: 'x'.repeat(2_000_000) });
    expect(big.status).toBe(413);
    expect(await appointmentsOf(clinic.id)).toHaveLength(0);
  });

  it('when one phone already holds two live bookings, then a third is refused, however the number is written', async () => {
    const clinic = await bookingClinic(db);
    const [s1, s2, s3] = await freeStarts(clinic.id);
    expect((await book(clinic.id, s1!, { phone: '+216 22 333 444' })).status).toBe(201);
    expect((await book(clinic.id, s2!, { phone: '+216-22-333-444' })).status).toBe(201);
    const third = await book(clinic.id, s3!, { phone: '+216 (22) 333444' });
    expect({ status: third.status, code: third.body.error.code }).toEqual({ status: 409, code: 'too_many_bookings' });
  });
});

describe('limits of other servers', () => {
  it('when a clinic reached its online bookings of the day, or an address its bookings of the minute, then 429', async () => {
    const limited = await startTestServer(db, { ONLINE_BOOKINGS_PER_CLINIC_PER_DAY: '2', CHECKIN_RATE_LIMIT_PER_IP: '4' });
    try {
      const clinic = await bookingClinic(db);
      const starts = (await slotsOf(clinic.id, limited)).doctors[0]!.slots.map((s) => s.start);
      const phones = ['+216 20 000 001', '+216 20 000 002', '+216 20 000 003', '+216 20 000 004', '+216 20 000 005'];
      const answers = [];
      for (const [i, phone] of phones.entries()) answers.push(await book(clinic.id, starts[i]!, { phone }, limited));
      expect(answers.map((a) => [a.status, a.body.error?.code ?? null])).toEqual([
        [201, null],
        [201, null],
        [429, 'rate_limited'],
        [429, 'rate_limited'],
        [429, 'rate_limited'],
      ]);
      expect(answers[2]!.body.error.message).toContain('today');
      expect(answers[4]!.body.error.message).toContain('minute');
    } finally {
      await limited.close();
    }
  });
});

describe('the confirmation link', () => {
  it('when the link is used, then it shows its own booking only, and no ticket, staff, forged or expired link passes', async () => {
    const clinic = await bookingClinic(db);
    const [s1, s2] = await freeStarts(clinic.id);
    const mine = (await book(clinic.id, s1!)).body;
    const theirs = (await book(clinic.id, s2!, { name: 'Karim Zouari', phone: '+216 55 666 777' })).body;
    const shown = await withLink(mine.token);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      appointmentId: mine.appointmentId,
      start: s1,
      status: 'booked',
      name: 'Sonia Gharbi',
      doctor: { name: 'Dr One' },
    });
    expect(JSON.stringify(shown.body)).not.toMatch(/Karim|55 666|333 444/);
    expect(JSON.stringify(shown.body)).not.toContain(theirs.appointmentId);

    const ticket = (await api(server.url, checkinPath(clinic.id), { body: { requestId: randomUUID(), name: 'Walk In' } })).body.token;
    const staff = (await login(server.url, clinic.emails.owner)).accessToken;
    const [h, p, sig] = (mine.token as string).split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, aid: theirs.appointmentId })).toString('base64url')}.${sig}`;
    const key = bookingLinkKey(await TokenKeys.load(db, JWT_SECRET, 900));
    const expired = await signBookingToken(
      { clinicId: clinic.id, appointmentId: mine.appointmentId, start: Date.now() - 3_600_000, minutes: 30 },
      key,
    );
    for (const [token, code] of [
      [undefined, 'unauthenticated'],
      [ticket, 'unauthenticated'],
      [staff, 'unauthenticated'],
      [forged, 'unauthenticated'],
      [expired, 'token_expired'],
    ] as const) {
      for (const [path, body] of [
        ['', undefined],
        ['/cancel', {}],
        ['/move', { doctorId: 'doc-1', start: s2 }],
      ] as const) {
        const r = await withLink(token, path, body);
        expect({ path, status: r.status, code: r.body.error.code }).toEqual({ path, status: 401, code });
      }
    }
    expect((await appointmentsOf(clinic.id)).map((a) => a.status)).toEqual(['booked', 'booked']);
  });

  it('when the patient cancels, then the slot is free again, a retry answers the same, and the booking can no longer be moved', async () => {
    const clinic = await bookingClinic(db);
    const [s1, s2] = await freeStarts(clinic.id);
    const mine = (await book(clinic.id, s1!)).body;
    const cancelled = await withLink(mine.token, '/cancel', {});
    expect(cancelled.body).toMatchObject({ appointmentId: mine.appointmentId, status: 'cancelled' });
    expect((await withLink(mine.token, '/cancel', {})).status).toBe(200);
    expect(await freeStarts(clinic.id)).toContain(s1);
    const move = await withLink(mine.token, '/move', { doctorId: 'doc-1', start: s2 });
    expect({ status: move.status, code: move.body.error.code }).toEqual({ status: 409, code: 'not_allowed' });
    const audit = await db.query<{ action: string; details: unknown }>(
      `SELECT action, details FROM audit_log WHERE clinic_id = $1 AND action LIKE 'booking.%' ORDER BY id`,
      [clinic.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['booking.online', 'booking.cancel']);
    expect(JSON.stringify(audit)).not.toMatch(/Sonia|333 444/);
  });

  it('when the patient moves, then the old booking points to the new one, the new link works, and a taken or made-up slot is refused', async () => {
    const clinic = await bookingClinic(db);
    const [s1, s2, s3] = await freeStarts(clinic.id);
    const mine = (await book(clinic.id, s1!)).body;
    await book(clinic.id, s2!, { phone: '+216 40 000 000' });
    const taken = await withLink(mine.token, '/move', { doctorId: 'doc-1', start: s2 });
    expect({ status: taken.status, code: taken.body.error.code }).toEqual({ status: 409, code: 'slot_taken' });
    const madeUp = await withLink(mine.token, '/move', { doctorId: 'doc-1', start: s3! + 1 });
    expect({ status: madeUp.status, code: madeUp.body.error.code }).toEqual({ status: 422, code: 'not_a_slot' });
    const requestId = randomUUID();
    const moved = await api(server.url, `${BOOKING_APPOINTMENT_PATH}/move`, {
      token: mine.token,
      body: { requestId, doctorId: 'doc-1', start: s3 },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ start: s3, status: 'booked' });
    const retry = await api(server.url, `${BOOKING_APPOINTMENT_PATH}/move`, {
      token: mine.token,
      body: { requestId, doctorId: 'doc-1', start: s3 },
    });
    expect(retry.body.appointmentId).toBe(moved.body.appointmentId);
    const docs = await appointmentsOf(clinic.id);
    expect(docs.find((a) => a.id === mine.appointmentId)).toMatchObject({ status: 'rescheduled', movedTo: moved.body.appointmentId });
    expect(docs.find((a) => a.id === moved.body.appointmentId)).toMatchObject({ status: 'booked', source: 'online', name: 'Sonia Gharbi' });
    expect((await withLink(moved.body.token)).body).toMatchObject({ appointmentId: moved.body.appointmentId, start: s3 });
    expect((await withLink(mine.token)).body.status).toBe('rescheduled');
    expect(await freeStarts(clinic.id)).toContain(s1);
  });

  it('when the clinic turns online booking off after a booking, then its link still shows it but can no longer change it', async () => {
    const clinic = await bookingClinic(db);
    const [s1] = await freeStarts(clinic.id);
    const mine = (await book(clinic.id, s1!)).body;
    const settings = (await readSettings(db, clinic.id))!;
    await pushDocs(db, clinic.id, 'settings', [
      {
        assumedMasterState: settings,
        newDocumentState: { ...settings, booking: { ...settings.booking, online: false }, updatedAt: Date.now() },
      },
    ]);
    expect((await withLink(mine.token)).status).toBe(200);
    const r = await withLink(mine.token, '/cancel', {});
    expect({ status: r.status, code: r.body.error.code }).toEqual({ status: 403, code: 'booking_closed' });
  });
});
