// How big each benchmark is: the full run is the issue's; the quick one (CI)
// keeps every path exercised in well under 2 minutes on 2 cores.
import type { StorageKind } from './catchup.ts';

export function sizes(quick: boolean) {
  return quick
    ? {
        ns: [10, 200],
        // Through the proxy the seed's N=200 costs seconds per operation: quick keeps to N=50 there.
        proxyNs: [10, 50],
        bounds: { ms: 4000, seed: { count: 30, min: 3, warmup: 2 }, fast: { count: 300, warmup: 5 } },
        proxyBounds: { ms: 5000, seed: { count: 4, min: 2, warmup: 1 }, fast: { count: 100, warmup: 3 } },
        throughput: { clients: 8, seconds: 3, openRates: [500, 1000], openSeconds: 2, openClients: 64 },
        push: { clients: 8, batch: 100, seconds: 3 },
        catchup: { changes: 1000, docs: 2000, storages: ['memory'] as StorageKind[], timeoutMs: 30_000 },
        // Quick keeps the history short to seed; the full run has the year.
        window: { historyDays: [90, 7], perDay: 80, rounds: 4, pullRounds: 20, timeoutMs: 30_000 },
        fanout: { streams: 1000, clinics: 50, pushesPerSecond: 20, seconds: 2, workers: 1, floors: false },
        fanoutWorkers: { streams: 1000, clinics: 20, pushesPerSecond: 40, seconds: 1, workers: 2, serverWorkers: 2 },
      }
    : {
        ns: [10, 50, 200, 500],
        proxyNs: [10, 50, 200, 500],
        bounds: { ms: 40_000, seed: { count: 100, min: 10, warmup: 3 }, fast: { count: 1000, warmup: 10 } },
        proxyBounds: { ms: 40_000, seed: { count: 20, min: 3, warmup: 1 }, fast: { count: 300, warmup: 5 } },
        throughput: { clients: 16, seconds: 8, openRates: [250, 500, 750, 1000, 1250], openSeconds: 4, openClients: 64 },
        push: { clients: 8, batch: 100, seconds: 8 },
        catchup: { changes: 1000, docs: 10_000, storages: ['memory', 'dexie (fake-indexeddb)'] as StorageKind[], timeoutMs: 120_000 },
        window: { historyDays: [365, 7], perDay: 80, rounds: 9, pullRounds: 50, timeoutMs: 60_000 },
        fanout: { streams: 20_000, clinics: 1000, pushesPerSecond: 50, seconds: 20, workers: 2, floors: true },
        // Past one process's open-file limit (20,000 here): worker processes on one port; 4 client processes of 12,500.
        fanoutWorkers: { streams: 50_000, clinics: 500, pushesPerSecond: 50, seconds: 20, workers: 4, serverWorkers: 4 },
      };
}
