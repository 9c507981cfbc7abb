// Some weeks of past visits for the demo clinic, so the owner's reports have
// something to show on first start. Deterministic (seeded), plausible for a
// two-doctor practice: mornings busier, a few no-shows and cancellations.
import type { Entry } from '../shared/schemas.ts';
import { formatTicket, SELF_CHECKIN_SERIES } from '../shared/tickets.ts';
import { rankAfterLast } from '../shared/rank.ts';
import { zonedTime } from '../shared/time.ts';
import { ENTRY_DEFAULTS } from '../shared/doc-defaults.ts';

const FIRST_NAMES = [
  'Amel',
  'Mohamed',
  'Sana',
  'Youssef',
  'Ines',
  'Hedi',
  'Rania',
  'Karim',
  'Leila',
  'Walid',
  'Mariem',
  'Sami',
  'Nour',
  'Aziz',
  'Olfa',
  'Bilel',
];
const LAST_NAMES = [
  'Ben Salah',
  'Trabelsi',
  'Gharbi',
  'Haddad',
  'Mansour',
  'Jaziri',
  'Ferchichi',
  'Saidi',
  'Ben Youssef',
  'Chaabane',
  'Khelifi',
  'Ayari',
];

/** mulberry32: small, fast, good enough for demo data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Finished visits for each working day (Monday to Saturday) of the `weeks` before `today`. */
export function demoHistory(clinicId: string, doctorIds: string[], today: string, timeZone: string, weeks = 4): Entry[] {
  const rand = prng(20_261_128);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const out: Entry[] = [];
  for (let back = weeks * 7; back >= 1; back--) {
    const day = addDays(today, -back);
    if (new Date(`${day}T12:00:00Z`).getUTCDay() === 0) continue;
    const visits = 25 + Math.floor(rand() * 20);
    const free = new Map(doctorIds.map((id) => [id, zonedTime(day, 8, 30, timeZone)]));
    let counter = { reception: 0, self: 0 };
    let rank = '';
    // Arrivals front-loaded in the morning, served in arrival order.
    const minutes = Array.from({ length: visits }, () => Math.floor(480 + 540 * rand() ** 1.6)).sort((a, b) => a - b);
    for (let i = 0; i < visits; i++) {
      const minute = minutes[i]!;
      const arrivedAt = zonedTime(day, Math.floor(minute / 60), minute % 60, timeZone);
      const doctorId = pick(doctorIds);
      const self = rand() < 0.2;
      counter = self ? { ...counter, self: counter.self + 1 } : { ...counter, reception: counter.reception + 1 };
      const ticket = self ? formatTicket(SELF_CHECKIN_SERIES, counter.self) : formatTicket('A', counter.reception);
      const roll = rand();
      const status: Entry['status'] = roll < 0.07 ? 'no_show' : roll < 0.11 ? 'cancelled' : 'done';
      const calledAt =
        status === 'cancelled' ? null : Math.max(arrivedAt + 3 * 60_000, free.get(doctorId)!) + Math.floor(rand() * 10) * 60_000;
      const startedAt = status === 'done' ? calledAt! + 60_000 : null;
      const endedAt =
        status === 'done'
          ? startedAt! + (8 + Math.floor(rand() * 18)) * 60_000
          : status === 'no_show'
            ? calledAt! + 5 * 60_000
            : arrivedAt + 20 * 60_000;
      if (status === 'done') free.set(doctorId, endedAt);
      rank = rankAfterLast(rank ? [rank] : []);
      out.push({
        id: `demo-${day}-${String(i).padStart(3, '0')}`,
        clinicId,
        day,
        ticket,
        name: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
        phone: rand() < 0.6 ? `+216 ${20 + Math.floor(rand() * 79)} ${String(Math.floor(rand() * 1e6)).padStart(6, '0')}` : null,
        doctorId,
        priority: rand() < 0.05 ? 'urgent' : 'normal',
        status,
        rank,
        source: self ? 'self' : 'reception',
        arrivedAt,
        calledAt,
        startedAt,
        endedAt,
        ...ENTRY_DEFAULTS,
        updatedAt: endedAt,
      });
    }
  }
  return out;
}
