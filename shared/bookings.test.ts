import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BookingForm, bookAppointment, type BookingInput, cancelAppointment, clash, displaced, moveAppointment } from './bookings.ts';
import { APPOINTMENT_GROUPS, mergeDocs } from './merge.ts';
import type { Appointment } from './schemas.ts';
import { Appointment as AppointmentSchema } from './schemas.ts';

const CLINIC = '0190f6c4-7a2b-7c3d-8e4f-123456789abc';
const TZ = 'Africa/Tunis';
const MIN = 60_000;
const DAY = '2026-12-07';
const tunis = (h: number, m = 0) => Date.UTC(2026, 11, 7, h - 1, m);

function input(over: Partial<BookingInput> = {}): BookingInput {
  return {
    id: 'a1',
    clinicId: CLINIC,
    doctorId: 'doc-1',
    start: tunis(9),
    minutes: 20,
    timeZone: TZ,
    name: '  Amira  ',
    phone: '+216 20 000 000',
    language: 'ar',
    whatsapp: true,
    source: 'desk',
    ...over,
  };
}
const book = (id: string, h: number, m: number, bookedAt: number, over: Partial<BookingInput> = {}) =>
  bookAppointment(input({ id, start: tunis(h, m), ...over }), bookedAt);

describe('bookAppointment', () => {
  it('when booked, then a valid booked document of the clinic day of its start, booked now', () => {
    const a = bookAppointment(input({ start: Date.UTC(2026, 11, 6, 23, 30) }), 5);
    expect(AppointmentSchema.parse(a)).toEqual(a);
    expect(a).toMatchObject({ day: DAY, status: 'booked', name: 'Amira', bookedAt: 5, updatedAt: 5, entryId: null, movedTo: null });
  });

  it('when there is no phone, then no WhatsApp consent is kept', () => {
    expect(bookAppointment(input({ phone: null }), 1).whatsapp).toBe(false);
  });
});

describe('clash', () => {
  const day = [book('a', 9, 0, 1), book('b', 9, 20, 2), { ...book('c', 9, 40, 3), status: 'cancelled' as const }];

  it('when the candidate overlaps a live booking of the same doctor, then that booking', () => {
    expect(clash(day, { doctorId: 'doc-1', start: tunis(9, 10), minutes: 20 })?.id).toBe('a');
    expect(clash(day, { doctorId: 'doc-1', start: tunis(9, 20), minutes: 20 })?.id).toBe('b');
  });

  it('when it only touches a booking, overlaps a cancelled one, is another doctor or is the booking itself, then none', () => {
    expect(clash(day, { doctorId: 'doc-1', start: tunis(9, 40), minutes: 20 })).toBeNull();
    expect(clash(day, { doctorId: 'doc-2', start: tunis(9), minutes: 20 })).toBeNull();
    expect(clash(day, { id: 'a', doctorId: 'doc-1', start: tunis(9, 0), minutes: 20 })).toBeNull();
  });

  it('when the candidate starts in the last minute of a booking, then it clashes', () => {
    const a = day[0]!;
    expect(clash(day, { doctorId: 'doc-1', start: a.start + a.minutes * MIN - 1, minutes: 5 })?.id).toBe('a');
  });
});

describe('displaced', () => {
  it('when two tablets booked one slot offline, then the later booking is flagged, the earlier keeps it', () => {
    const first = book('z', 9, 0, 100);
    const second = book('a', 9, 0, 200);
    expect(displaced([second, first])).toEqual(new Set(['a']));
  });

  it('when both were booked in the same millisecond, then the smaller id keeps the slot', () => {
    expect(displaced([book('b', 9, 0, 100), book('a', 9, 0, 100)])).toEqual(new Set(['b']));
  });

  it('when the later booking already arrived, then it keeps the slot: its patient is in the queue', () => {
    expect(displaced([book('a', 9, 0, 100), { ...book('b', 9, 0, 200), status: 'arrived' }])).toEqual(new Set(['a']));
  });

  it('when a lost booking overlapped a third one, then that one is not flagged for it', () => {
    // b loses to a; c overlaps only b, which gave up its slot, so c keeps its own.
    const a = book('a', 9, 0, 1, { minutes: 20 });
    const b = book('b', 9, 10, 2, { minutes: 20 });
    const c = book('c', 9, 25, 3, { minutes: 20 });
    expect(displaced([c, b, a])).toEqual(new Set(['b']));
  });

  it('when cancelled or moved bookings share the slot, then they are not counted', () => {
    expect(displaced([{ ...book('a', 9, 0, 1), status: 'cancelled' }, book('b', 9, 0, 2)]).size).toBe(0);
  });

  it('whatever order the documents are seen in, every device flags the same bookings (seeded random days)', () => {
    const booking = fc.record({
      id: fc.stringMatching(/^[a-f0-9]{4}$/),
      doctor: fc.constantFrom('doc-1', 'doc-2'),
      slot: fc.integer({ min: 0, max: 11 }),
      minutes: fc.constantFrom(10, 20, 30),
      bookedAt: fc.integer({ min: 0, max: 5 }),
      status: fc.constantFrom('booked', 'booked', 'arrived', 'cancelled'),
    });
    fc.assert(
      fc.property(fc.uniqueArray(booking, { selector: (b) => b.id, maxLength: 25 }), fc.infiniteStream(fc.nat()), (rows, rnd) => {
        const docs: Appointment[] = rows.map((r) => ({
          ...book(r.id, 9, r.slot * 10, r.bookedAt, { doctorId: r.doctor, minutes: r.minutes }),
          status: r.status as Appointment['status'],
        }));
        const shuffled = docs
          .map((d) => ({ d, k: rnd.next().value }))
          .sort((x, y) => x.k - y.k)
          .map((x) => x.d);
        const flagged = displaced(docs);
        expect(displaced(shuffled)).toEqual(flagged);
        // Nobody is lost: every live booking either keeps its slot alone or is flagged.
        const kept = docs.filter((d) => (d.status === 'booked' || d.status === 'arrived') && !flagged.has(d.id));
        for (const k of kept) expect(clash(kept, k)).toBeNull();
        for (const id of flagged) expect(clash(kept, docs.find((d) => d.id === id)!)).not.toBeNull();
      }),
      { seed: 18, numRuns: 300 },
    );
  });
});

describe('moveAppointment', () => {
  it('when moved, then two writes: the old one rescheduled pointing at the new booking of the same patient', () => {
    const a = book('a', 9, 0, 1);
    const [old, next] = moveAppointment(a, { doctorId: 'doc-2', start: Date.UTC(2026, 11, 8, 9), minutes: 30 }, 'a2', TZ, 50);
    expect(old).toEqual({ ...a, status: 'rescheduled', movedTo: 'a2', updatedAt: 50 });
    expect(next).toEqual({
      ...a,
      id: 'a2',
      doctorId: 'doc-2',
      day: '2026-12-08',
      start: Date.UTC(2026, 11, 8, 9),
      minutes: 30,
      bookedAt: 50,
      updatedAt: 50,
    });
  });

  it('when the booking is no longer booked, then it cannot be moved', () => {
    expect(() =>
      moveAppointment({ ...book('a', 9, 0, 1), status: 'arrived' }, { doctorId: 'doc-1', start: tunis(10), minutes: 20 }, 'x', TZ, 2),
    ).toThrow(RangeError);
  });

  it('when one tablet moves a booking while another marks it arrived, then the later outcome wins whole', () => {
    const a = book('a', 9, 0, 1);
    const [moved] = moveAppointment(a, { doctorId: 'doc-1', start: tunis(10), minutes: 20 }, 'a2', TZ, 10);
    const arrived: Appointment = { ...a, status: 'arrived', entryId: 'e1', updatedAt: 20 };
    const merged = mergeDocs({ ...a, _deleted: false }, { ...moved, _deleted: false }, { ...arrived, _deleted: false }, APPOINTMENT_GROUPS);
    expect(merged).toMatchObject({ status: 'arrived', entryId: 'e1', movedTo: null });
  });
});

describe('cancelAppointment', () => {
  it('when booked, then cancelled; otherwise nothing to write', () => {
    const a = book('a', 9, 0, 1);
    expect(cancelAppointment(a, 9)).toEqual({ ...a, status: 'cancelled', updatedAt: 9 });
    expect(cancelAppointment({ ...a, status: 'arrived' }, 9)).toBeNull();
    expect(cancelAppointment({ ...a, status: 'cancelled' }, 9)).toBeNull();
  });
});

describe('BookingForm', () => {
  it('when the phone is left empty, then none; the name is trimmed; an unknown field is dropped', () => {
    const form = BookingForm.parse({ name: ' Sami ', phone: ' ', doctorId: 'doc-1', start: tunis(9), language: null, whatsapp: false });
    expect(form).toEqual({ name: 'Sami', phone: null, doctorId: 'doc-1', start: tunis(9), language: null, whatsapp: false });
  });

  it('when the name is empty or the start is not a time, then refused', () => {
    expect(
      BookingForm.safeParse({ name: '', phone: '', doctorId: 'doc-1', start: tunis(9), language: null, whatsapp: false }).success,
    ).toBe(false);
    expect(BookingForm.safeParse({ name: 'S', phone: '', doctorId: 'doc-1', start: -1, language: null, whatsapp: false }).success).toBe(
      false,
    );
  });
});
