// What a periodic job did across clinics. A job works clinic by clinic as far
// as failures go: one clinic whose data makes a computation throw (data that
// got in before the boundaries checked it, or by hand) is reported here and
// skipped, and every other clinic is still served (issue #14, defect 4).

export interface ClinicFailure {
  clinicId: string;
  error: unknown;
}

export interface ClinicRun {
  /** What the job counts: visits erased, clinics moved or metered. */
  done: number;
  failed: ClinicFailure[];
}

/** Runs `work` for each clinic, catching each clinic's failure; returns the sum of what each did. */
export async function eachClinic(clinicIds: readonly string[], work: (clinicId: string) => Promise<number>): Promise<ClinicRun> {
  const run: ClinicRun = { done: 0, failed: [] };
  for (const clinicId of clinicIds) {
    try {
      run.done += await work(clinicId);
    } catch (error) {
      run.failed.push({ clinicId, error });
    }
  }
  return run;
}
