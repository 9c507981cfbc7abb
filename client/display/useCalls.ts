// A screen's calls: each new one is highlighted, chimed and spoken, whichever
// way the queue arrives (the server's stream, or the reception tab on this machine).
import { useRef, useState } from 'preact/hooks';
import type { PublicEvent } from '../../shared/projection.ts';
import { isLanguage, type Language } from '../i18n/core.ts';
import type { QueueState } from '../live/queue-state.ts';
import { callsIn, newCalls } from './board.ts';
import { DISPLAY_DICTIONARIES, useI18n } from './messages.ts';
import { spokenTicket } from './sound.ts';
import { useAnnouncer, type SoundState } from './SoundControls.tsx';

/** A fresh call stays highlighted this long. */
const HIGHLIGHT_MS = 20_000;
/** More languages than this and a call takes longer to say than the next one takes to come. */
const MAX_SPOKEN_LANGUAGES = 2;
const MAX_ANNOUNCED = 2;

export interface Calls {
  sound: SoundState;
  /** Give it every frame, after it was applied. */
  onFrame: (frame: PublicEvent, next: QueueState) => void;
  /** The entry to highlight at `now`, if any. */
  lit: (now: number) => string | null;
}

export function useCalls(): Calls {
  const { lang } = useI18n();
  const sound = useAnnouncer();
  const seen = useRef<Set<string> | null>(null);
  const [highlight, setHighlight] = useState<{ id: string; until: number } | null>(null);
  const langRef = useRef(lang);
  langRef.current = lang;

  const announce = (calls: ReturnType<typeof newCalls>, s: QueueState) => {
    const latest = calls.at(-1);
    if (!latest) return;
    setHighlight({ id: latest.id, until: Date.now() + HIGHLIGHT_MS });
    const languages = spokenLanguages(s, langRef.current);
    // After an outage several calls may arrive at once: say the latest few, not the whole morning.
    sound.announcer.announce(
      calls.slice(-MAX_ANNOUNCED).map((e) => {
        const room = (e.doctorId && s.doctors[e.doctorId]?.room) || null;
        return languages.map((l) => ({ lang: l, text: DISPLAY_DICTIONARIES[l].spoken(spokenTicket(e.ticket), room) }));
      }),
    );
  };

  const onFrame = (_frame: PublicEvent, next: QueueState) => {
    const before = seen.current;
    seen.current = callsIn(next);
    // The first frame after opening is the state of things, not news.
    if (before) announce(newCalls(before, next), next);
  };

  return { sound, onFrame, lit: (now) => (highlight && highlight.until > now ? highlight.id : null) };
}

/** The clinic's languages (as configured, first ones first), else the screen's. */
function spokenLanguages(s: QueueState, screen: Language): Language[] {
  const clinic = (s.settings?.languages ?? []).filter(isLanguage).slice(0, MAX_SPOKEN_LANGUAGES);
  return clinic.length > 0 ? clinic : [screen];
}
