import { useEffect, useMemo, useState } from 'preact/hooks';
import { useI18n } from './messages.ts';
import { Announcer, loadPrefs, savePrefs, speechSupported, type SoundPrefs } from './sound.ts';

export interface SoundState {
  announcer: Announcer;
  prefs: SoundPrefs;
  /** Audio actually plays (the browser accepted to start it). */
  running: boolean;
  setRunning: (r: boolean) => void;
  setPrefs: (p: SoundPrefs) => void;
}

/** One announcer per screen; its switches follow the toggles and survive a reload. */
export function useAnnouncer(): SoundState {
  const announcer = useMemo(() => new Announcer(), []);
  const [prefs, setPrefsState] = useState(loadPrefs);
  const [running, setRunning] = useState(false);
  // Sound was on before the reload: a kiosk browser may allow it without a tap; others show "Start sound".
  useEffect(() => {
    if (prefs.sound) void announcer.start().then(setRunning);
  }, [announcer]);
  announcer.sound = prefs.sound && running;
  announcer.voice = prefs.voice;
  const setPrefs = (p: SoundPrefs) => {
    savePrefs(p);
    setPrefsState(p);
  };
  return { announcer, prefs, running, setRunning, setPrefs };
}

export function SoundControls({ sound }: { sound: SoundState }) {
  const { t } = useI18n();
  const { announcer, prefs, running, setRunning, setPrefs } = sound;
  const on = prefs.sound && running;

  const toggleSound = async () => {
    if (on) {
      announcer.stop();
      setRunning(false);
      setPrefs({ ...prefs, sound: false });
      return;
    }
    // Inside the click: the one moment browsers let a page start audio.
    const ok = await announcer.start();
    setRunning(ok);
    setPrefs({ ...prefs, sound: ok });
    if (ok) {
      announcer.sound = true;
      announcer.chime();
    }
  };

  return (
    <div class="sound-tools">
      <button
        type="button"
        class={`btn ${on ? 'on' : 'primary'}`}
        data-testid="sound-toggle"
        data-state={on ? 'on' : 'off'}
        aria-pressed={on}
        onClick={toggleSound}
      >
        <SpeakerIcon on={on} />
        {on ? t.soundOn : t.startSound}
      </button>
      {speechSupported() && (
        <button
          type="button"
          class={`btn ${prefs.voice && on ? 'on' : ''}`}
          data-testid="speech-toggle"
          aria-pressed={prefs.voice}
          disabled={!on}
          onClick={() => setPrefs({ ...prefs, voice: !prefs.voice })}
        >
          {t.voice}
        </button>
      )}
    </div>
  );
}

/** Drawn, not an emoji: TVs and kiosk browsers often lack an emoji font. */
function SpeakerIcon({ on }: { on: boolean }) {
  return (
    <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M3 9v6h4l5 4V5L7 9H3z" />
      {on ? (
        <path
          d="M15.5 8.5a4.5 4.5 0 0 1 0 7M18 6a8 8 0 0 1 0 12"
          fill="none"
          stroke="currentColor"
          stroke-width="2"
          stroke-linecap="round"
        />
      ) : (
        <path d="M16 9.5l5 5M21 9.5l-5 5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
      )}
    </svg>
  );
}
