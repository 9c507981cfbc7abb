// CPU time per process from /proc, to say what bounds a throughput figure on
// this 2-core machine: the server's own CPU per operation, Postgres's, and
// the load generator's (which shares the cores in this setup).
import { readdirSync, readFileSync } from 'node:fs';
import type { Database } from '../../server/db/database.ts';

const TICK_MS = 10; // USER_HZ is 100 on Linux

function procCpuMs(pid: number): number {
  try {
    // Fields after the command name (which may contain spaces): utime is the 12th, stime the 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

function postgresPids(): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'postgres') out.push(Number(d));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/**
 * The Postgres backends serving the bench's database (its pools and listeners), not other
 * sessions' work on the same server. Background processes (WAL writer, checkpointer) are
 * left out: they serve every database.
 */
export async function benchBackends(db: Database): Promise<number[]> {
  const rows = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
  return rows.map((r) => r.pid);
}

export interface CpuSnapshot {
  server: number;
  /** CPU ms by Postgres process id. */
  postgres: Map<number, number>;
  client: number;
  at: number;
}
export interface CpuPerOp {
  serverMs: number;
  postgresMs: number;
  clientMs: number;
  serverUtilisation: number;
}

/** Postgres: the given backends (benchBackends), or every Postgres process on the machine (other sessions' work included: an upper bound). */
export function cpuSnapshot(serverPid: number, backends?: readonly number[]): CpuSnapshot {
  const u = process.cpuUsage();
  return {
    server: procCpuMs(serverPid),
    postgres: new Map((backends ?? postgresPids()).map((p) => [p, procCpuMs(p)])),
    client: (u.user + u.system) / 1000,
    at: performance.now(),
  };
}

export function cpuPerOp(a: CpuSnapshot, b: CpuSnapshot, ops: number): CpuPerOp {
  const n = Math.max(1, ops);
  return {
    serverMs: (b.server - a.server) / n,
    // A process that started within the window counts whole; one that ended within it is lost.
    postgresMs: [...b.postgres].reduce((sum, [pid, ms]) => sum + ms - (a.postgres.get(pid) ?? 0), 0) / n,
    clientMs: (b.client - a.client) / n,
    serverUtilisation: (b.server - a.server) / (b.at - a.at),
  };
}
