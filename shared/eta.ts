// Waits are shown as a range because single numbers read as promises and
// consultations vary a lot; the spread comes from each doctor's own history.
//
// The wait is simulated rather than divided out: doctors work through the one
// waiting order (priority, rank), each taking the first patient who is theirs
// or unassigned whenever they free up. So an unassigned ("any doctor") patient
// is seen by whichever doctor frees first, patients assigned to one doctor
// only hold that doctor up, and a slow doctor slows the pool without stopping it.
import type { Entry } from './schemas.ts';
import { type Queued, isLate, waitingQueue } from './queue.ts';

/** `p` is a fraction in [0, 1]; `sorted` must be ascending. NaN for no samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(Math.max(p, 0), 1) * (sorted.length - 1);
  const lo = Math.floor(i);
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return a + (b - a) * (i - lo);
}

const MIN_SAMPLES = 3;
const MINUTE = 60_000;
/**
 * A consultation ended within a minute of its call is a skipped patient or a
 * call tapped through, not a consultation: counting those once told a patient
 * with six ahead "0–1 minute".
 */
export const MIN_CONSULTATION_MS = MINUTE;

export interface Pace {
  /** Median consultation (the optimistic end). */
  lowMs: number;
  /** 80th percentile (the pessimistic end), never below `lowMs`. */
  highMs: number;
  basis: 'history' | 'default';
}

/** How long a doctor's consultations take: their history when there is enough, else the clinic's setting. */
export function paceOf(recentDurationsMs: readonly number[], defaultMinutes: number): Pace {
  const samples = recentDurationsMs.filter((d) => Number.isFinite(d) && d >= MIN_CONSULTATION_MS).sort((a, b) => a - b);
  if (samples.length >= MIN_SAMPLES) return { lowMs: percentile(samples, 0.5), highMs: percentile(samples, 0.8), basis: 'history' };
  const minutes = Number.isFinite(defaultMinutes) && defaultMinutes > 0 ? defaultMinutes : 1;
  return { lowMs: minutes * MINUTE, highMs: 1.5 * minutes * MINUTE, basis: 'default' };
}

const NO_BREAKS: ReadonlyMap<string, number> = new Map();

/**
 * When the last of `queue` (a doctor id, or null for any doctor) is taken, if
 * the patients before it are seen in order, each doctor taking the first who
 * is theirs or unassigned when they free up, at `paceMs[doctor]` a
 * consultation. A patient assigned to a doctor not in the pool holds nobody
 * up. Infinity when no doctor of the pool may see the last one.
 *
 * Where each doctor is in their current consultation is unknown. In a working
 * clinic the k doctors free up spread over one consultation, so the first
 * free times are staggered by 1/k of a consultation; which doctor is how far
 * along is unknown too, so every way of handing the staggers out is averaged
 * (each doctor takes each place once). Planning them all free at once would
 * let a second patient ahead cost nothing with two doctors, which no waiting
 * room believes.
 */
export function startOfLast(
  queue: readonly (string | null)[],
  paceMs: ReadonlyMap<string, number>,
  awayMs: ReadonlyMap<string, number> = NO_BREAKS,
): number {
  const pool = [...paceMs].map(([id, pace]) => ({ id, pace: Math.max(0, pace), away: Math.max(0, awayMs.get(id) ?? 0) }));
  const k = pool.length;
  if (k === 0) return Infinity;
  let sum = 0;
  for (let shift = 0; shift < k; shift++) {
    // A doctor on a break starts their next patient when back, or when their current one ends if that is later.
    sum += startFrom(
      queue,
      pool.map((d, j) => ({ ...d, at: Math.max((((j + shift) % k) * d.pace) / k, d.away) })),
    );
  }
  return sum / k;
}

/** One run of the queue with each doctor's first free time given. */
function startFrom(queue: readonly (string | null)[], pool: readonly { id: string; pace: number; at: number }[]): number {
  const target = queue.length - 1;
  const taken: boolean[] = queue.map(() => false);
  const doctors = pool.map((d) => ({ ...d, first: 0 }));
  while (doctors.length > 0) {
    // The doctor free first; equal times go in pool order, the same on every device.
    let i = 0;
    for (let j = 1; j < doctors.length; j++) if (doctors[j]!.at < doctors[i]!.at) i = j;
    const d = doctors[i]!;
    // `first` only moves forward: a patient skipped by a doctor stays not theirs.
    while (d.first < queue.length && (taken[d.first] || (queue[d.first] !== null && queue[d.first] !== d.id))) d.first++;
    if (d.first >= queue.length) {
      doctors.splice(i, 1);
      continue;
    }
    if (d.first === target) return d.at;
    taken[d.first] = true;
    d.at += d.pace;
  }
  return Infinity;
}

/**
 * `startOfLast`, kept between the same pool with every doctor at the fastest
 * and at the slowest pace. Greedy orders have timing anomalies (a slower
 * doctor can let a later patient start earlier); the bounds keep the promise
 * sane: a mixed pool never beats its fastest doctor nor loses to its slowest.
 */
export function poolStart(
  queue: readonly (string | null)[],
  paceMs: ReadonlyMap<string, number>,
  awayMs: ReadonlyMap<string, number> = NO_BREAKS,
): number {
  const paces = [...paceMs.values()];
  if (paces.length === 0) return Infinity;
  const all = (pace: number) => new Map([...paceMs.keys()].map((id) => [id, pace]));
  const fastest = startOfLast(queue, all(Math.min(...paces)), awayMs);
  const slowest = startOfLast(queue, all(Math.max(...paces)), awayMs);
  const start = Math.min(Math.max(startOfLast(queue, paceMs, awayMs), fastest), slowest);
  // A break only ever adds to a wait. The greedy order can hand a paused
  // doctor's next patient to a colleague and so free the colleague's queue
  // sooner; a patient told "shorter because the doctor left" would not believe it.
  return awayMs.size === 0 ? start : Math.max(start, poolStart(queue, paceMs));
}

export interface Wait {
  lowMs: number;
  highMs: number;
  basis: 'history' | 'default';
}

export interface EtaInput<E extends EtaEntry> {
  /** The day's entries (waiting ones give the order, finished ones the history). */
  entries: readonly E[];
  /** Doctors seeing patients now, in a stable order. */
  activeDoctorIds: readonly string[];
  defaultMinutes: number;
  /** How long each doctor on a break is still away (doctor-status.ts pausesOf); absent: nobody is. */
  pausedMs?: ReadonlyMap<string, number>;
  /** The moment the wait is for: a patient running late is let past until their time (queue.ts isLate). */
  now: number;
}

export type EtaEntry = Queued & Pick<Entry, 'startedAt' | 'calledAt' | 'endedAt' | 'lateUntil'>;

function paces<E extends EtaEntry>(input: EtaInput<E>, extra: string | null): Map<string, Pace> {
  const ids = input.activeDoctorIds.slice();
  if (extra !== null && !ids.includes(extra)) ids.push(extra);
  const clinic = recentDurations(input.entries, null);
  const out = new Map<string, Pace>();
  for (const id of ids) {
    const own = paceOf(recentDurations(input.entries, id), input.defaultMinutes);
    // A doctor new today is planned at the clinic's pace before the setting's.
    out.set(id, own.basis === 'history' ? own : paceOf(clinic, input.defaultMinutes));
  }
  // No doctor on duty yet: one at the clinic's pace, so the range still grows with the queue.
  if (out.size === 0) out.set('', paceOf(clinic, input.defaultMinutes));
  return out;
}

function simulate(queue: readonly (string | null)[], pool: Map<string, Pace>, away: ReadonlyMap<string, number> = NO_BREAKS): Wait {
  const low = poolStart(queue, new Map([...pool].map(([id, p]) => [id, p.lowMs])), away);
  const high = poolStart(queue, new Map([...pool].map(([id, p]) => [id, p.highMs])), away);
  const basis = [...pool.values()].every((p) => p.basis === 'history') ? 'history' : 'default';
  return { lowMs: Math.round(low), highMs: Math.round(Math.max(low, high)), basis };
}

/**
 * The wait behind `ahead` (in queue order) for `own`'s doctor. Those ahead who
 * are running late are let past until their time, so they hold this patient up
 * only if they are back before this patient's turn: left out, then taken in
 * again while their time comes before the (optimistic) start that gives.
 */
function waitBehind<E extends EtaEntry>(input: EtaInput<E>, ahead: readonly E[], own: string | null): Wait {
  const pool = paces(input, own);
  const counted = new Set(ahead.filter((e) => !isLate(e, input.now)));
  for (;;) {
    const wait = simulate([...ahead.filter((e) => counted.has(e)).map((e) => e.doctorId), own], pool, input.pausedMs);
    const back = ahead.filter((e) => !counted.has(e) && e.lateUntil! - input.now <= wait.lowMs);
    if (back.length === 0) return wait;
    for (const e of back) counted.add(e);
  }
}

/** The wait of a waiting entry; null when it is not waiting. One running late is not called before their time. */
export function waitFor<E extends EtaEntry>(input: EtaInput<E>, entryId: string): Wait | null {
  const all = waitingQueue(input.entries);
  const at = all.findIndex((e) => e.id === entryId);
  if (at < 0) return null;
  const self = all[at]!;
  const wait = waitBehind(input, all.slice(0, at), self.doctorId);
  if (!isLate(self, input.now)) return wait;
  const until = self.lateUntil! - input.now;
  return { ...wait, lowMs: Math.max(wait.lowMs, until), highMs: Math.max(wait.highMs, until) };
}

/** The wait of a patient joining now at the back of the queue, for `doctorId` or for any doctor (null). */
export function waitToJoin<E extends EtaEntry>(input: EtaInput<E>, doctorId: string | null): Wait {
  return waitBehind(input, waitingQueue(input.entries), doctorId);
}

/** Whole minutes, rounded outwards so the range never promises more than the estimate. */
export function waitMinutes(w: Wait): { low: number; high: number } {
  const low = Math.floor(w.lowMs / MINUTE);
  return { low, high: Math.max(low, Math.ceil(w.highMs / MINUTE)) };
}

/** Latest first. Doctors often skip "start", so the call stands in for it rather than losing the sample. */
export function recentDurations(
  entries: readonly Pick<Entry, 'status' | 'doctorId' | 'startedAt' | 'calledAt' | 'endedAt'>[],
  doctorId: string | null,
  limit = 20,
): number[] {
  const done: { end: number; ms: number }[] = [];
  for (const e of entries) {
    if (e.status !== 'done' || (doctorId !== null && e.doctorId !== doctorId)) continue;
    const start = e.startedAt ?? e.calledAt;
    if (e.endedAt === null || start === null) continue;
    done.push({ end: e.endedAt, ms: e.endedAt - start });
  }
  return done
    .sort((a, b) => b.end - a.end)
    .slice(0, Math.max(0, limit))
    .map((d) => d.ms);
}
