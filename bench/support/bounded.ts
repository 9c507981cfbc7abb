// Every benchmark loop stops at a count and at a deadline, whichever comes
// first, so a slow machine makes a run shorter, never endless.
export interface Bound {
  count: number;
  ms: number;
  min?: number;
}

/** Runs `fn` sequentially until `count` runs or `ms` elapsed (but at least `min` runs). */
export async function repeat(bound: Bound, fn: (i: number) => Promise<void>): Promise<number> {
  const deadline = performance.now() + bound.ms;
  let i = 0;
  while (i < bound.count && (performance.now() < deadline || i < (bound.min ?? 1))) {
    await fn(i);
    i++;
  }
  return i;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Rejects after `ms`: a benchmark step that hangs must fail the run, not stall it. */
export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls until `check` is true; throws at the deadline. */
export async function until(check: () => boolean | Promise<boolean>, ms: number, what: string, stepMs = 5): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`${what}: not reached within ${ms} ms`);
    await sleep(stepMs);
  }
}
