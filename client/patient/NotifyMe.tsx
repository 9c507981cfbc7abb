import { useEffect, useState } from 'preact/hooks';
import { useI18n } from './messages.ts';
import { enablePush, pushSupported, subscribedLanguage, updatePushLanguage, type PushState } from './push.ts';
import type { StoredTicket } from './tickets.ts';

function initialState(entryId: string): PushState {
  if (!pushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  return Notification.permission === 'granted' && subscribedLanguage(entryId) ? 'on' : 'off';
}

/** Hidden where the browser has no Web Push (older iPhones, in-app browsers): the page itself stays live. */
export function NotifyMe({ ticket }: { ticket: StoredTicket }) {
  const { t, lang } = useI18n();
  const [state, setState] = useState<PushState>(() => initialState(ticket.eid));

  useEffect(() => {
    if (state === 'on') void updatePushLanguage(ticket.token, ticket.eid, lang);
  }, [lang, state, ticket]);

  if (state === 'unsupported') return null;
  const turnOn = async () => {
    setState('working');
    setState(await enablePush(ticket.token, ticket.eid, lang));
  };
  const label = state === 'on' ? t.notifyOn : state === 'working' ? t.notifyWorking : t.notifyMe;
  return (
    <div class="notify">
      <button
        type="button"
        class={`btn wide ${state === 'on' ? 'done' : 'primary'}`}
        data-testid="notify-me"
        data-state={state}
        disabled={state === 'working' || state === 'on' || state === 'denied'}
        onClick={turnOn}
      >
        {state === 'on' && <span aria-hidden="true">✓</span>}
        {label}
      </button>
      {(state === 'denied' || state === 'failed') && (
        <p class="muted small" role="status" data-testid="notify-error">
          {state === 'denied' ? t.notifyDenied : t.notifyFailed}
        </p>
      )}
    </div>
  );
}
