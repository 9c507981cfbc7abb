// Which screen shows lives in the URL fragment (#clinic/<id>), so the back
// button returns to the list and a reload keeps the clinic open.
import { useEffect, useState } from 'preact/hooks';

type Route = { kind: 'list' } | { kind: 'clinic'; id: string };

const CLINIC_PREFIX = '#clinic/';

/**
 * The clinic list's link. Any fragment that is not a clinic's shows the list;
 * `#top` also scrolls to the top, as the bare `#` it replaces did.
 */
export const LIST_HREF = '#top';

export function clinicHref(id: string): string {
  return CLINIC_PREFIX + encodeURIComponent(id);
}

function read(): Route {
  const h = location.hash;
  return h.startsWith(CLINIC_PREFIX) && h.length > CLINIC_PREFIX.length
    ? { kind: 'clinic', id: decodeURIComponent(h.slice(CLINIC_PREFIX.length)) }
    : { kind: 'list' };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onHash = () => setRoute(read());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return route;
}
