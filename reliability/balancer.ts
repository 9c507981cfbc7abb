// The test balancer, plus what a fault injector needs to know: which instance
// is serving a push right now, so it can be killed in the middle of one.
import { Balancer } from '../testkit/balancer.ts';
import { kindOf, type RequestKind } from './net.ts';

export class TrackingBalancer extends Balancer {
  /** In-flight requests per target and kind. */
  private readonly inflight: Map<string, Record<RequestKind, number>>;

  constructor(targets: string[]) {
    const inflight = new Map(targets.map((t) => [t, { stream: 0, pull: 0, push: 0, other: 0 } as Record<RequestKind, number>]));
    super(targets, (target, req) => {
      const counts = inflight.get(target)!;
      const kind = kindOf(req.url ?? '', req.method);
      counts[kind]++;
      return () => counts[kind]--;
    });
    this.inflight = inflight;
  }

  /** Targets with a request of this kind in flight. */
  busy(kind: RequestKind): string[] {
    return this.targets.filter((t) => this.inflight.get(t)![kind] > 0);
  }
}
