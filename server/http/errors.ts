// One error shape for every response: { error: { code, message, issues? } },
// with the codes of shared/errors.ts (the pages read them with its parser).
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { z } from 'zod';
import { errorBody, type ErrorCode } from '../../shared/errors.ts';
import { MAX_JSON_DEPTH, TOO_DEEP } from './json.ts';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: unknown[],
  ) {
    super(message);
  }
}

export function parseOr<T extends z.ZodType>(schema: T, value: unknown, status: number, code: ErrorCode, what: string): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) {
    throw new HttpError(
      status,
      code,
      `invalid ${what}`,
      r.error.issues.map((i) => ({ path: i.path, message: i.message })),
    );
  }
  return r.data;
}

export const parseBody = <T extends z.ZodType>(schema: T, value: unknown) => parseOr(schema, value, 400, 'invalid_body', 'request body');
export const parseQuery = <T extends z.ZodType>(schema: T, value: unknown) =>
  parseOr(schema, value, 400, 'invalid_query', 'query parameters');

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `no route for ${req.method} ${req.path}`));
};

/** The answer to a refusal: what the route threw, or a body parser's error; null for anything unexpected (500, logged). */
export function refusalOf(err: unknown): { status: number; body: ReturnType<typeof errorBody> } | null {
  if (err instanceof HttpError) return { status: err.status, body: errorBody(err.code, err.message, err.issues) };
  // body-parser errors (and ours, http/json.ts) carry a status and a type.
  const e = err as { status?: number; type?: string } | null;
  if (e?.type === 'entity.parse.failed') return { status: 400, body: errorBody('invalid_json', 'request body is not valid JSON') };
  if (e?.type === TOO_DEEP) return { status: 400, body: errorBody('too_deep', `request body nests deeper than ${MAX_JSON_DEPTH} levels`) };
  if (e?.type === 'entity.too.large') return { status: 413, body: errorBody('too_large', 'request body too large') };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
    return { status: e.status, body: errorBody('bad_request', 'bad request') };
  return null;
}

/** Registered last. Never a stack trace, token or personal data in a response. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (res.headersSent) {
    res.end();
    return;
  }
  const refusal = refusalOf(err);
  if (refusal) {
    res.status(refusal.status).json(refusal.body);
    return;
  }
  req.log?.error({ err }, 'unhandled error');
  res.status(500).json(errorBody('internal', 'internal error'));
};
