// A local write that fails (storage full, database closed) is rare but must
// not pass silently: it is logged and the receptionist is told.
import { Subject } from 'rxjs';

export const writeFailed$ = new Subject<void>();

export function reportWriteError(err: unknown): void {
  console.error('local write failed', err);
  writeFailed$.next();
}
