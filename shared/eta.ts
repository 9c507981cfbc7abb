// Waits are shown as a range because single numbers read as promises and
// consultations vary a lot; the spread comes from the clinic's own history.
import type { Entry } from './schemas.ts';

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

/** Median for the optimistic end, p80 for the pessimistic one; too little history falls back to the setting. */
export function estimateWait(input: { ahead: number; recentDurationsMs: readonly number[]; defaultMinutes: number; doctors?: number }): {
  lowMs: number;
  highMs: number;
  basis: 'history' | 'default';
} {
  const samples = input.recentDurationsMs.filter((d) => Number.isFinite(d) && d >= 0).sort((a, b) => a - b);
  const history = samples.length >= MIN_SAMPLES;
  const low = history ? percentile(samples, 0.5) : input.defaultMinutes * MINUTE;
  const high = history ? percentile(samples, 0.8) : 1.5 * input.defaultMinutes * MINUTE;
  const doctors = Math.max(1, Number.isFinite(input.doctors) ? input.doctors! : 1);
  const ahead = Math.max(0, input.ahead);
  return {
    lowMs: Math.round((ahead * low) / doctors),
    highMs: Math.round((ahead * high) / doctors),
    basis: history ? 'history' : 'default',
  };
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
