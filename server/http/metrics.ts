// Prometheus metrics, one registry per server instance (tests run several
// instances in one process). Labels never carry a clinic id or anything
// personal: they are bounded sets (route patterns, collections, kinds).
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { CLINIC_STATUSES, type ClinicStatus } from '../../shared/saas.ts';
import type { Database } from '../db/database.ts';

export class Metrics {
  readonly registry = new Registry();
  readonly http = new Histogram({
    name: 'doctorq_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly pushDocs = new Counter({
    name: 'doctorq_sync_push_documents_total',
    help: 'Documents received in pushes',
    labelNames: ['collection'] as const,
    registers: [this.registry],
  });
  readonly pushes = new Counter({
    name: 'doctorq_sync_pushes_total',
    help: 'Push requests applied',
    labelNames: ['collection'] as const,
    registers: [this.registry],
  });
  readonly conflicts = new Counter({
    name: 'doctorq_sync_conflicts_total',
    help: 'Conflicting documents returned by pushes',
    labelNames: ['collection'] as const,
    registers: [this.registry],
  });
  readonly pulls = new Counter({
    name: 'doctorq_sync_pulls_total',
    help: 'Pull requests served',
    labelNames: ['collection'] as const,
    registers: [this.registry],
  });
  readonly fanoutLag = new Histogram({
    name: 'doctorq_fanout_lag_seconds',
    help: "From commit to the change written to this instance's streams",
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });

  readonly connectionsRefused = new Counter({
    name: 'doctorq_connections_refused_total',
    help: 'Connections closed unanswered: over MAX_CONNECTIONS (process) or MAX_CONNECTIONS_PER_IP (address)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly streamsReplaced = new Counter({
    name: 'doctorq_streams_replaced_total',
    help: 'Streams closed because their session or ticket link opened more than MAX_STREAMS_PER_SESSION',
    registers: [this.registry],
  });

  readonly mails = new Counter({
    name: 'doctorq_mail_total',
    help: 'Mails settled by the mail worker, by kind and outcome (sent, failed after the last attempt)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly jobClinicFailures = new Counter({
    name: 'doctorq_job_clinic_failures_total',
    help: "Clinics a periodic job skipped because that clinic's data made it fail (the log names the clinic)",
    labelNames: ['job'] as const,
    registers: [this.registry],
  });

  constructor(
    db: Database,
    streams: () => Record<string, number>,
    extra: { outboxDepth?: () => Promise<number>; mailDepth?: () => Promise<number> } = {},
  ) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'doctorq_streams_open',
      help: 'Open device streams by kind',
      labelNames: ['kind'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [kind, n] of Object.entries(streams())) this.set({ kind }, n);
      },
    });
    new Gauge({
      name: 'doctorq_db_pool_connections',
      help: 'Database pool connections by state',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const s = db.stats();
        this.set({ state: 'total' }, s.total);
        this.set({ state: 'idle' }, s.idle);
        this.set({ state: 'waiting' }, s.waiting);
      },
    });
    new Gauge({
      name: 'doctorq_clinics',
      help: 'Clinics by subscription status',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        const rows = await db.query<{ status: ClinicStatus; n: number }>('SELECT status, count(*)::int AS n FROM clinics GROUP BY status');
        for (const status of CLINIC_STATUSES) this.set({ status }, rows.find((r) => r.status === status)?.n ?? 0);
      },
    });
    if (extra.outboxDepth) {
      const depth = extra.outboxDepth;
      new Gauge({
        name: 'doctorq_outbox_depth',
        help: 'Notifications waiting to be sent',
        registers: [this.registry],
        async collect() {
          this.set(await depth());
        },
      });
    }
    if (extra.mailDepth) {
      const depth = extra.mailDepth;
      new Gauge({
        name: 'doctorq_mail_outbox_depth',
        help: 'Mails waiting to be sent',
        registers: [this.registry],
        async collect() {
          this.set(await depth());
        },
      });
    }
  }

  /** Times every request under its route pattern (never the raw URL: ids would explode the label set). */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const end = this.http.startTimer();
      res.on('finish', () => {
        const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
        end({ method: req.method, route, status: String(res.statusCode) });
      });
      next();
    };
  }
}
