// A long answer written as it is read: each chunk waits for the socket to take
// the previous ones (backpressure), so the server holds one page whatever the
// answer's length. A client gone stops the reading (the pages' generator is
// returned); a failure half-way cuts the connection rather than end it, so a
// cut download never looks complete.
import type { Request, Response } from 'express';

/** Resolves when the socket wants more, or is gone. */
function writable(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export async function streamed(req: Request, res: Response, chunks: AsyncIterable<string>): Promise<void> {
  try {
    for await (const chunk of chunks) {
      if (!res.write(chunk)) await writable(res);
      if (res.destroyed) return;
    }
    res.end();
  } catch (err) {
    req.log?.error({ err }, 'streamed answer cut');
    res.destroy();
  }
}
