import { describe, expect, it } from 'vitest';
import { arrivalTime, arrive, onTime } from './arrival.ts';
import { bookAppointment } from './bookings.ts';
import { BOOKING_DEFAULTS, SETTINGS_DEFAULTS } from './doc-defaults.ts';
import { waitingQueue } from './queue.ts';
import { registerEntry } from './register.ts';
import { Entry as EntrySchema, type Entry, type Settings } from './schemas.ts';

const CLINIC = '0190f6c4-7a2b-7c3d-8e4f-123456789abc';
const TZ = 'Africa/Tunis';
const DAY = '2026-12-07';
const MIN = 60_000;
const tunis = (h: number, m = 0) => Date.UTC(2026, 11, 7, h - 1, m);
const SLOT = tunis(10);

const settings: Settings = {
  id: CLINIC,
  clinicId: CLINIC,
  name: 'Cabinet',
  timeZone: TZ,
  languages: ['fr'],
  ticketPrefix: '',
  defaultConsultationMinutes: 15,
  selfCheckIn: true,
  display: 'tickets',
  retentionDays: 90,
  ...SETTINGS_DEFAULTS,
  updatedAt: 1,
};
const booking = BOOKING_DEFAULTS; // 10 minutes early to 10 minutes late, later as a walk-in

const appointment = bookAppointment(
  {
    id: 'appt-1',
    clinicId: CLINIC,
    doctorId: 'doc-1',
    start: SLOT,
    minutes: 20,
    timeZone: TZ,
    name: 'Booked Patient',
    phone: '20000000',
    language: 'ar',
    whatsapp: true,
    source: 'online',
  },
  tunis(8),
);

/** Walk-ins registered as the desk does, each at its own arrival minute. */
function walkIns(arrivals: readonly { id: string; at: number; priority?: 'urgent'; doctorId?: string | null }[]): Entry[] {
  const out: Entry[] = [];
  for (const w of arrivals)
    out.push(
      registerEntry(
        out,
        {
          id: w.id,
          clinicId: CLINIC,
          name: w.id,
          phone: null,
          doctorId: w.doctorId === undefined ? 'doc-1' : w.doctorId,
          priority: w.priority ?? 'normal',
          source: 'reception',
          series: 'A',
          day: DAY,
        },
        w.at,
      ),
    );
  return out;
}
const reg = { series: 'B', day: DAY };
const order = (entries: readonly Entry[]) => waitingQueue(entries, 'doc-1').map((e) => e.id);
const arriveAt = (entries: Entry[], now: number, s: Settings = settings) => {
  const r = arrive(appointment, entries, s, reg, now);
  if (!r) throw new Error('not arrived');
  return order([...entries, r.entry]);
};

describe('arrivalTime', () => {
  it('when early, on time or late within the window, then the slot start', () => {
    expect(arrivalTime(appointment, booking, SLOT - 45 * MIN)).toBe(SLOT);
    expect(arrivalTime(appointment, booking, SLOT - 5 * MIN)).toBe(SLOT);
    expect(arrivalTime(appointment, booking, SLOT)).toBe(SLOT);
    expect(arrivalTime(appointment, booking, SLOT + 10 * MIN)).toBe(SLOT);
  });

  it('when later than the window, then a walk-in arriving now, or still the slot if the clinic says so', () => {
    expect(arrivalTime(appointment, booking, SLOT + 11 * MIN)).toBe(SLOT + 11 * MIN);
    expect(arrivalTime(appointment, { ...booking, lateAs: 'slot' }, SLOT + 60 * MIN)).toBe(SLOT);
  });
});

describe('onTime', () => {
  it('when inside the window around the slot, then on time; earlier or later, not', () => {
    expect(onTime(appointment, booking, SLOT - 10 * MIN)).toBe(true);
    expect(onTime(appointment, booking, SLOT + 10 * MIN)).toBe(true);
    expect(onTime(appointment, booking, SLOT - 11 * MIN)).toBe(false);
    expect(onTime(appointment, booking, SLOT + 11 * MIN)).toBe(false);
  });
});

describe('arrive', () => {
  const queue = walkIns([
    { id: 'w0940', at: tunis(9, 40) },
    { id: 'w0955', at: tunis(9, 55) },
    { id: 'w1002', at: tunis(10, 2) },
    { id: 'w1008', at: tunis(10, 8) },
  ]);

  it('when the patient arrives, then exactly two documents: a valid visit linked to the appointment and the appointment arrived', () => {
    const r = arrive(appointment, queue, settings, reg, tunis(10, 5));
    expect(r).not.toBeNull();
    const { entry, appointment: arrived } = r!;
    expect(Object.keys(r!)).toEqual(['entry', 'appointment']);
    expect(EntrySchema.parse(entry)).toEqual(entry);
    expect(entry).toMatchObject({
      id: 'appt-1',
      appointmentId: 'appt-1',
      doctorId: 'doc-1',
      name: 'Booked Patient',
      phone: '20000000',
      language: 'ar',
      whatsapp: true,
      status: 'waiting',
      priority: 'normal',
      ticket: 'B-001',
      arrivedAt: tunis(10, 5),
    });
    expect(arrived).toEqual({ ...appointment, status: 'arrived', entryId: 'appt-1', updatedAt: tunis(10, 5) });
  });

  it('when late within the window, then placed by slot time: after walk-ins who came before the slot, before those who came after', () => {
    expect(arriveAt(queue, tunis(10, 9))).toEqual(['w0940', 'w0955', 'appt-1', 'w1002', 'w1008']);
  });

  it('when on time, then the same place', () => {
    expect(arriveAt(queue, tunis(10, 0))).toEqual(['w0940', 'w0955', 'appt-1', 'w1002', 'w1008']);
  });

  it('when early, then they wait for their slot: never before a walk-in who came before it', () => {
    const early = queue.slice(0, 2);
    expect(arriveAt(early, tunis(9, 30))).toEqual(['w0940', 'w0955', 'appt-1']);
  });

  it('when later than the window, then a walk-in: at the end; with lateAs "slot", still by slot time', () => {
    expect(arriveAt(queue, tunis(10, 25))).toEqual(['w0940', 'w0955', 'w1002', 'w1008', 'appt-1']);
    const keepSlot = { ...settings, booking: { ...booking, lateAs: 'slot' as const } };
    expect(arriveAt(queue, tunis(10, 25), keepSlot)).toEqual(['w0940', 'w0955', 'appt-1', 'w1002', 'w1008']);
  });

  it('when an urgent walk-in came after the slot, then they still go first', () => {
    const withUrgent = [...queue, ...walkIns([{ id: 'urgent', at: tunis(10, 7), priority: 'urgent' }])];
    expect(arriveAt(withUrgent, tunis(10, 9))[0]).toBe('urgent');
  });

  it('when unassigned walk-ins wait, then the booked patient is placed among them too', () => {
    const mixed = walkIns([
      { id: 'any0950', at: tunis(9, 50), doctorId: null },
      { id: 'any1005', at: tunis(10, 5), doctorId: null },
    ]);
    expect(arriveAt(mixed, tunis(10, 6))).toEqual(['any0950', 'appt-1', 'any1005']);
  });

  it('whatever the arrival minute, the booked patient never passes a walk-in who arrived before their slot', () => {
    for (let m = -60; m <= 60; m += 3) {
      const ids = arriveAt(queue, SLOT + m * MIN);
      expect(ids.indexOf('appt-1')).toBeGreaterThan(ids.indexOf('w0955'));
    }
  });

  it('when the appointment is not booked (arrived, cancelled, moved), then nothing to write', () => {
    for (const status of ['arrived', 'cancelled', 'rescheduled', 'no_show'] as const)
      expect(arrive({ ...appointment, status }, queue, settings, reg, SLOT)).toBeNull();
  });
});
