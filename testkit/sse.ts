// Reads a real SSE stream in tests: collects the frames, and the raw text so
// tests can check what did NOT cross the wire.
import { readSse } from '../client/net/sse.ts';
import { SCHEMA_VERSION } from '../shared/protocol.ts';

export interface Captured {
  status: number;
  frames: { type: string; [k: string]: unknown }[];
  raw: () => string;
  close(): void;
  done: Promise<void>;
}

export async function openSse(url: string, token?: string): Promise<Captured> {
  const ctl = new AbortController();
  const res = await fetch(url, {
    headers: { 'x-doctorq-schema': String(SCHEMA_VERSION), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    signal: ctl.signal,
  });
  const frames: Captured['frames'] = [];
  let raw = '';
  if (!res.ok || !res.body) {
    raw = await res.text();
    return { status: res.status, frames, raw: () => raw, close: () => {}, done: Promise.resolve() };
  }
  const done = (async () => {
    for await (const m of readSse(res.body!)) {
      raw += m.data;
      frames.push(JSON.parse(m.data));
    }
  })().catch(() => {});
  return { status: res.status, frames, raw: () => raw, close: () => ctl.abort(), done };
}
