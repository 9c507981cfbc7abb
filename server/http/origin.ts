import type { Request } from 'express';

/** Where links in mails and QR codes point: PUBLIC_URL, or the origin this request came to (behind the trusted proxy). */
export function originOf(req: Request, publicUrl: string | undefined): string {
  return publicUrl ? publicUrl.replace(/\/+$/, '') : `${req.protocol}://${req.get('host')}`;
}
