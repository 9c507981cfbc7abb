// The owner's QR code opens the reception page with `?enrol=<code>`. The code
// is taken from the address once, at start, and removed from it: a reload, a
// bookmark or the history must not offer a one-time code again.

const PARAM = 'enrol';

/** The code in `href` (null when there is none), and `href` without it. */
export function splitEnrolLink(href: string): { code: string | null; href: string } {
  const url = new URL(href);
  const code = url.searchParams.get(PARAM);
  if (code === null) return { code, href };
  url.searchParams.delete(PARAM);
  return { code, href: url.href };
}

export function takeEnrolCode(): string | null {
  const { code, href } = splitEnrolLink(location.href);
  if (code !== null) history.replaceState(history.state, '', href);
  return code;
}
