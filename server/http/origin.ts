// Where links in mails and QR codes point. Never the request's Host (or
// X-Forwarded-Host): whoever sends the request chooses it, and a verification
// link mailed to an owner would then lead to the sender's site with the token.

/** The base URL every link is built on, known once the server listens (see linkBaseOf). */
export type LinkBase = () => string;

/** PUBLIC_URL when set; otherwise (demo, tests) the address this instance listens on. */
export function linkBaseOf(publicUrl: string | undefined, listenUrl: () => string): LinkBase {
  const fixed = publicUrl?.replace(/\/+$/, '');
  return () => fixed ?? listenUrl();
}
