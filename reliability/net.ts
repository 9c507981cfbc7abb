// A tablet's network, as the tests break it. Wraps fetch like
// testkit/rx-client.ts's Network (offline cuts everything, open streams
// included) and adds finer faults: cutting only the stream, only in-flight
// pulls or pushes, truncating a stream body in the middle of a frame, failing
// pushes with a 500, hanging them, or losing a push's response after the
// server committed it.
export type RequestKind = 'stream' | 'pull' | 'push' | 'other';

export type PushFault =
  | 'none'
  /** Refused like a dropped connection, before reaching the server. */
  | 'network'
  /** The server is never reached; the client gets HTTP 500. */
  | 'http500'
  /** The request never answers until it is aborted (tab closed, network cut). */
  | 'hang'
  /** The server commits, the response is lost on the way back. */
  | 'lose-response';

export function kindOf(url: string, method = 'GET'): RequestKind {
  if (url.includes('/api/sync/v1/stream')) return 'stream';
  if (/\/api\/sync\/v1\/[a-z]+\/pull/.test(url)) return 'pull';
  if (method === 'POST' && /\/api\/sync\/v1\/[a-z]+\/push/.test(url)) return 'push';
  return 'other';
}

class Cut extends TypeError {
  constructor(what: string) {
    super(`fetch failed (${what})`);
  }
}

export class ChaosNet {
  private down = false;
  private readonly open = new Map<AbortController, RequestKind>();
  /** What is in flight, for failure reports. */
  readonly since = new Map<AbortController, { url: string; at: number }>();
  /** Bytes after which the next stream body breaks (null: do not). */
  private truncateNextStreamAt: number | null = null;
  pushFault: PushFault = 'none';
  /** Pulls refused like a dropped connection. */
  pullsDown = false;
  /** New streams refused like a dropped connection (the rest of the network works). */
  streamsDown = false;
  readonly completed: Record<RequestKind, number> = { stream: 0, pull: 0, push: 0, other: 0 };
  readonly failed: Record<RequestKind, number> = { stream: 0, pull: 0, push: 0, other: 0 };
  /** Requests broken by cut() (in flight when it struck), and streams broken mid-body by truncation. */
  readonly broken: Record<RequestKind, number> = { stream: 0, pull: 0, push: 0, other: 0 };

  /** Pull answers the server gave that wait at the gate of holdPullAnswers. */
  heldPullAnswers = 0;
  private pullAnswerGate: Promise<void> | null = null;

  /** Until the returned function is called, pulls' answers wait after the server gave them: read before a commit, delivered after it. */
  holdPullAnswers(): () => void {
    let release = () => {};
    this.pullAnswerGate = new Promise((resolve) => {
      release = resolve;
    });
    return () => {
      this.pullAnswerGate = null;
      release();
    };
  }

  /** Called as each request goes out and ends (with the request body), e.g. to trace pushes. */
  observe: (kind: RequestKind, phase: 'start' | 'end', body?: string) => void = () => {};

  get offline(): boolean {
    return this.down;
  }

  set offline(value: boolean) {
    this.down = value;
    if (value) this.cut();
  }

  describeInFlight(): string[] {
    return [...this.since.values()].map((x) => `${x.url} for ${Date.now() - x.at} ms`);
  }

  private readonly live = new Set<AbortController>();

  /** Streams whose response arrived and whose body is still flowing. */
  get liveStreams(): number {
    return this.live.size;
  }

  inFlight(kind: RequestKind): number {
    let n = 0;
    for (const k of this.open.values()) if (k === kind) n++;
    return n;
  }

  /** Aborts the open requests of these kinds (all when none given), like a dropped connection. */
  cut(...kinds: RequestKind[]): number {
    let n = 0;
    for (const [ctl, kind] of [...this.open]) {
      if (kinds.length === 0 || kinds.includes(kind)) {
        ctl.abort(new Cut('connection cut'));
        this.open.delete(ctl);
        this.live.delete(ctl);
        this.broken[kind]++;
        n++;
      }
    }
    return n;
  }

  /** The next stream opened breaks after `bytes` bytes of its body (mid-frame, most likely). */
  truncateNextStream(bytes: number): void {
    this.truncateNextStreamAt = bytes;
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const kind = kindOf(url, init?.method ?? 'GET');
    if (this.down) {
      this.failed[kind]++;
      throw new Cut('network down');
    }
    if (kind === 'stream' && this.streamsDown) {
      this.failed.stream++;
      throw new Cut('streams down');
    }
    if (kind === 'pull' && this.pullsDown) {
      this.failed.pull++;
      throw new Cut('pulls down');
    }
    if (kind === 'push' && this.pushFault === 'network') {
      this.failed.push++;
      throw new Cut('pushes down');
    }
    if (kind === 'push' && this.pushFault === 'http500') {
      this.failed.push++;
      return new Response(JSON.stringify({ error: { code: 'internal', message: 'injected failure' } }), {
        status: 500,
        headers: { 'content-type': 'application/json' },
      });
    }
    const ctl = new AbortController();
    const outer = init?.signal;
    if (outer?.aborted) throw outer.reason;
    const forward = () => ctl.abort(outer?.reason);
    outer?.addEventListener('abort', forward);
    this.open.set(ctl, kind);
    this.since.set(ctl, { url: url.replace(/^https?:\/\/[^/]+/, ''), at: Date.now() });
    this.observe(kind, 'start', typeof init?.body === 'string' ? init.body : undefined);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      outer?.removeEventListener('abort', forward);
      this.open.delete(ctl);
      this.since.delete(ctl);
      this.observe(kind, 'end', typeof init?.body === 'string' ? init.body : undefined);
    };
    try {
      if (kind === 'push' && this.pushFault === 'hang') {
        await new Promise((_, reject) => ctl.signal.addEventListener('abort', () => reject(ctl.signal.reason ?? new Cut('aborted'))));
      }
      const res = await fetch(input, { ...init, signal: ctl.signal });
      if (kind === 'push' && this.pushFault === 'lose-response') {
        await res.arrayBuffer().catch(() => {});
        throw new Cut('response lost');
      }
      if (kind !== 'stream' || !res.body) {
        // Read the whole body here, so a cut while it downloads fails this request.
        const body = await res.arrayBuffer();
        if (kind === 'pull' && this.pullAnswerGate) {
          this.heldPullAnswers++;
          await this.pullAnswerGate;
          this.heldPullAnswers--;
        }
        end();
        this.completed[kind]++;
        return new Response(body, { status: res.status, headers: res.headers });
      }
      const broken = this.broken;
      this.live.add(ctl);
      const endStream = () => {
        this.live.delete(ctl);
        end();
      };
      let budget = this.truncateNextStreamAt;
      this.truncateNextStreamAt = null;
      const reader = res.body.getReader();
      // The controller stays registered while the body streams, so cutting aborts it.
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          try {
            const { value, done } = await reader.read();
            if (done) {
              endStream();
              controller.close();
              return;
            }
            if (budget !== null && value.byteLength >= budget) {
              if (budget > 0) controller.enqueue(value.subarray(0, budget));
              broken.stream++;
              endStream();
              ctl.abort(new Cut('stream broken mid-frame'));
              controller.error(new Cut('stream broken mid-frame'));
              return;
            }
            if (budget !== null) budget -= value.byteLength;
            controller.enqueue(value);
          } catch (err) {
            endStream();
            controller.error(err);
          }
        },
        cancel(reason) {
          endStream();
          ctl.abort(reason);
          return reader.cancel(reason).catch(() => {});
        },
      });
      this.completed.stream++;
      return new Response(body, { status: res.status, headers: res.headers });
    } catch (err) {
      end();
      this.failed[kind]++;
      throw err;
    }
  };
}
