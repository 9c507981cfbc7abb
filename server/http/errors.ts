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

const body = errorBody;

/** Registered last. Never a stack trace, token or personal data in a response. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (res.headersSent) {
    res.end();
    return;
  }
  if (err instanceof HttpError) {
    res.status(err.status).json(body(err.code, err.message, err.issues));
    return;
  }
  // body-parser errors carry a status and a type.
  const e = err as { status?: number; type?: string };
  if (e.type === 'entity.parse.failed') {
    res.status(400).json(body('invalid_json', 'request body is not valid JSON'));
    return;
  }
  if (e.type === TOO_DEEP) {
    res.status(400).json(body('too_deep', `request body nests deeper than ${MAX_JSON_DEPTH} levels`));
    return;
  }
  if (e.type === 'entity.too.large') {
    res.status(413).json(body('too_large', 'request body too large'));
    return;
  }
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    res.status(e.status).json(body('bad_request', 'bad request'));
    return;
  }
  req.log?.error({ err }, 'unhandled error');
  res.status(500).json(body('internal', 'internal error'));
};
