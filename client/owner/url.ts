// The owner page's address carries two one-time instructions in its query:
// `verify=<token>` (the emailed link) and `setup=1` (just signed up). Each is
// taken out once handled, so a reload or a shared address does not repeat it.

/** Removes a query parameter from the address bar, without a reload or a history entry. */
export function dropParam(name: string, hash = location.hash): void {
  const url = new URL(location.href);
  url.searchParams.delete(name);
  url.hash = hash;
  history.replaceState(history.state, '', url);
}

export function param(name: string): string | null {
  return new URLSearchParams(location.search).get(name);
}
