// The one JSON body parser of the app. JSON.parse itself copes with deep
// nesting, but what reads the value afterwards does not: zod, JSON.stringify
// and Postgres's jsonb parser recurse, and a push whose assumedMasterState
// nested 50,000 levels answered 500 (stack depth). No document or request of
// ours nests more than a handful of levels, so the raw bytes are scanned
// before parsing and anything deeper than MAX_JSON_DEPTH is refused.
import express, { type RequestHandler } from 'express';

/** Our deepest body is a push: array › row › document › array (languages). */
export const MAX_JSON_DEPTH = 16;
/** A push of 500 full documents fits well inside this. */
export const JSON_LIMIT = '1mb';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = new Set([0x5b, 0x7b]);
const CLOSE = new Set([0x5d, 0x7d]);

/** The deepest nesting of arrays and objects in JSON text, ignoring brackets inside strings; stops once past `limit`. */
export function jsonDepth(buf: Uint8Array, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i]!;
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (OPEN.has(c)) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (CLOSE.has(c)) depth--;
  }
  return max;
}

/** Thrown by the depth check; the error handler answers 400 `too_deep`. */
export const TOO_DEEP = 'entity.too.deep';

export function jsonBody(): RequestHandler {
  return express.json({
    limit: JSON_LIMIT,
    // Runs on the raw bytes before JSON.parse (body-parser's verify hook).
    verify: (_req, _res, buf) => {
      if (jsonDepth(buf, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw Object.assign(new Error('JSON nested too deep'), { type: TOO_DEEP });
    },
  });
}

/** A NUL or an unpaired surrogate half: Postgres's jsonb and text refuse them. */
const LONE_SURROGATE = /\p{Cs}/u;
const unstorable = (s: string) => s.includes('\0') || LONE_SURROGATE.test(s);

/** True when every string and key of a parsed JSON value could be stored by Postgres (depth already bounded by the parser). */
export function storableJson(v: unknown): boolean {
  if (typeof v === 'string') return !unstorable(v);
  if (Array.isArray(v)) return v.every(storableJson);
  if (v !== null && typeof v === 'object') return Object.entries(v).every(([k, x]) => !unstorable(k) && storableJson(x));
  return true;
}
