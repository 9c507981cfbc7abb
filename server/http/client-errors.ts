// What Node's HTTP parser refuses before a request exists (headers over the
// size limit, a malformed request line, a request cut by the request timeout)
// is answered in the one error shape too, then the connection is closed.
// Node's own answer is a bare status line; a client reading our JSON would
// find nothing to read, and a scanner would learn the server is Node's.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorCode } from '../../shared/errors.ts';

type Answer = { status: number; reason: string; code: ErrorCode; message: string };

const BY_PARSER_CODE: Record<string, Answer> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: 'too_large',
    message: 'the request line and headers are over the size limit',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    code: 'request_timeout',
    message: 'the request took too long to arrive',
  },
};
const MALFORMED: Answer = { status: 400, reason: 'Bad Request', code: 'bad_request', message: 'malformed HTTP request' };

export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    // A response already under way (or a peer gone) gets no second one.
    const started = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (err.code === 'ECONNRESET' || !socket.writable || started) {
      socket.destroy();
      return;
    }
    const a = BY_PARSER_CODE[err.code ?? ''] ?? MALFORMED;
    const body = JSON.stringify({ error: { code: a.code, message: a.message } });
    socket.end(
      `HTTP/1.1 ${a.status} ${a.reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
