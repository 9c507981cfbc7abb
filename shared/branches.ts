// An owner's branches seen together: each clinic's report side by side, their
// sum, and each doctor across the branches they work in. Pure: the server
// computes each clinic's report under that clinic's row-level security and
// hands them here; the owner page parses the result with the same schema.
import { z } from 'zod';
import { Day } from './schemas.ts';
import { SignupBody } from './saas.ts';

/** Branches per owner account, all together: a practice group, not a chain; the operator raises it by hand. */
export const MAX_BRANCHES_PER_ACCOUNT = 20;
/** Branches one person may add in an hour: a slip of the finger, not a flood of trials. */
export const BRANCHES_PER_HOUR = 5;

/** A new branch: the clinic part of sign-up (shared/saas.ts SignupBody), the owner being the signed-in person. */
export const NewBranchBody = SignupBody.pick({ clinicName: true, languages: true, timeZone: true }).strict();
export type NewBranchBody = z.infer<typeof NewBranchBody>;

export const NewBranch = z.object({ id: z.string(), name: z.string(), timeZone: z.string() });

/**
 * The key a doctor is matched by across branches: "Dr Amel Ben Salah" typed
 * "dr amel  ben salah" in one branch and "Dr Amél Ben Salah" in the other is one
 * person. Case, accents (and Arabic short vowels, which are combining marks too)
 * and runs of spaces do not count; anything else (a middle initial) does, so two
 * different doctors are never merged by a looser rule.
 */
export function doctorKey(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('und').replace(/\s+/gu, ' ').trim();
}

const Minutes = z.number().nullable();

export const BranchFigures = z.object({
  clinicId: z.string(),
  name: z.string(),
  visits: z.number().int(),
  seen: z.number().int(),
  noShows: z.number().int(),
  /** Calls counted in the wait figures (a visit never called has no wait). */
  waitCount: z.number().int(),
  waitMedianMin: Minutes,
  waitMeanMin: Minutes,
});
export type BranchFigures = z.infer<typeof BranchFigures>;

export const DoctorAcross = z.object({
  /** doctorKey() of the name. */
  key: z.string(),
  /** The name as the first branch (in the owner's order) spells it. */
  name: z.string(),
  consultations: z.number().int(),
  meanMin: Minutes,
  perBranch: z.array(z.object({ clinicId: z.string(), consultations: z.number().int(), meanMin: Minutes })),
});
export type DoctorAcross = z.infer<typeof DoctorAcross>;

export const CombinedReport = z.object({
  from: Day,
  to: Day,
  branches: z.array(BranchFigures),
  /** The sums; a median does not add up, so the total's wait is the mean over every call of every branch. */
  total: BranchFigures.omit({ clinicId: true, name: true, waitMedianMin: true }),
  doctors: z.array(DoctorAcross),
});
export type CombinedReport = z.infer<typeof CombinedReport>;

interface SpreadIn {
  count: number;
  medianMin: number | null;
  meanMin: number | null;
}

/** What each branch brings: its report (server/owner/reports.ts) and its doctors' names. */
export interface BranchReport {
  clinicId: string;
  name: string;
  report: {
    perDay: readonly { seen: number; noShow: number }[];
    totals: { visits: number };
    wait: SpreadIn;
    consultation: readonly (SpreadIn & { doctorId: string | null })[];
  };
  doctors: readonly { id: string; name: string }[];
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** The mean of several means, each weighted by its count: exact, unlike a mean of medians. */
function pooledMean(parts: readonly { count: number; meanMin: number | null }[]): number | null {
  let n = 0;
  let sum = 0;
  for (const p of parts) {
    if (p.meanMin === null || p.count === 0) continue;
    n += p.count;
    sum += p.meanMin * p.count;
  }
  return n === 0 ? null : round1(sum / n);
}

function branchFigures(b: BranchReport): BranchFigures {
  const r = b.report;
  return {
    clinicId: b.clinicId,
    name: b.name,
    visits: r.totals.visits,
    seen: r.perDay.reduce((n, d) => n + d.seen, 0),
    noShows: r.perDay.reduce((n, d) => n + d.noShow, 0),
    waitCount: r.wait.count,
    waitMedianMin: r.wait.medianMin,
    waitMeanMin: r.wait.meanMin,
  };
}

/** Consultations per doctor, the same doctor in several branches on one row (doctorKey); unassigned ones are in no row. */
function doctorsAcross(branches: readonly BranchReport[]): DoctorAcross[] {
  const rows = new Map<string, { name: string; perBranch: DoctorAcross['perBranch'] }>();
  for (const b of branches) {
    const names = new Map(b.doctors.map((d) => [d.id, d.name]));
    for (const c of b.report.consultation) {
      if (c.doctorId === null) continue;
      const name = names.get(c.doctorId) ?? c.doctorId;
      const key = doctorKey(name);
      const row = rows.get(key) ?? { name, perBranch: [] };
      row.perBranch.push({ clinicId: b.clinicId, consultations: c.count, meanMin: c.meanMin });
      rows.set(key, row);
    }
  }
  return [...rows.entries()]
    .map(([key, r]) => ({
      key,
      name: r.name,
      consultations: r.perBranch.reduce((n, p) => n + p.consultations, 0),
      meanMin: pooledMean(r.perBranch.map((p) => ({ count: p.consultations, meanMin: p.meanMin }))),
      perBranch: r.perBranch,
    }))
    .sort((a, b) => b.consultations - a.consultations || a.key.localeCompare(b.key));
}

export function combineReports(from: string, to: string, branches: readonly BranchReport[]): CombinedReport {
  const rows = branches.map(branchFigures);
  const sum = (f: (r: BranchFigures) => number) => rows.reduce((n, r) => n + f(r), 0);
  return {
    from,
    to,
    branches: rows,
    total: {
      visits: sum((r) => r.visits),
      seen: sum((r) => r.seen),
      noShows: sum((r) => r.noShows),
      waitCount: sum((r) => r.waitCount),
      waitMeanMin: pooledMean(rows.map((r) => ({ count: r.waitCount, meanMin: r.waitMeanMin }))),
    },
    doctors: doctorsAcross(branches),
  };
}
