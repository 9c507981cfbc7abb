// Subscribes a component to an observable for as long as it is mounted.
import { useEffect, useState } from 'preact/hooks';
import type { BehaviorSubject, Observable } from 'rxjs';

export function useObservable<T>(source: Observable<T>, initial: T): T {
  const [value, setValue] = useState(initial);
  useEffect(() => {
    const sub = source.subscribe(setValue);
    return () => sub.unsubscribe();
  }, [source]);
  return value;
}

/** A subject's current value is known synchronously: no first render with a placeholder. */
export function useSubject<T>(subject: BehaviorSubject<T>): T {
  return useObservable(subject, subject.value);
}
