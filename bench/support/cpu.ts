// CPU time per process from /proc, to say what bounds a throughput figure on
// this 2-core machine: the server's own CPU per operation, Postgres's, and
// the load generator's (which shares the cores in this setup).
import { readdirSync, readFileSync } from 'node:fs';

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

export interface CpuSnapshot {
  server: number;
  postgres: number;
  client: number;
  at: number;
}
export interface CpuPerOp {
  serverMs: number;
  postgresMs: number;
  clientMs: number;
  serverUtilisation: number;
}

/** Postgres figures count every backend on the machine (other sessions' tests included): an upper bound. */
export function cpuSnapshot(serverPid: number): CpuSnapshot {
  const u = process.cpuUsage();
  return {
    server: procCpuMs(serverPid),
    postgres: postgresPids().reduce((a, p) => a + procCpuMs(p), 0),
    client: (u.user + u.system) / 1000,
    at: performance.now(),
  };
}

export function cpuPerOp(a: CpuSnapshot, b: CpuSnapshot, ops: number): CpuPerOp {
  const n = Math.max(1, ops);
  return {
    serverMs: (b.server - a.server) / n,
    postgresMs: (b.postgres - a.postgres) / n,
    clientMs: (b.client - a.client) / n,
    serverUtilisation: (b.server - a.server) / (b.at - a.at),
  };
}
