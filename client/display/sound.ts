// The call chime (two tones from an oscillator: no audio file to fetch or
// cache) and the spoken call. Browsers start audio only after a user gesture,
// so the screen shows "Start sound" until someone taps it once.
import type { Language } from '../i18n/core.ts';

const PREFS_KEY = 'doctorq.display.sound';
/** Ding-dong: a fifth down, the shape people know from stations and clinics. */
const TONES = [
  { at: 0, hz: 784 },
  { at: 0.45, hz: 523 },
];
const TONE_SECONDS = 1.4;
const VOLUME = 0.4;
/** The voice starts once the chime has rung out. */
const SPEECH_DELAY_MS = 1600;
const SPEECH_LOCALES: Record<Language, string> = { ar: 'ar', fr: 'fr-FR', en: 'en-GB' };

export interface SoundPrefs {
  sound: boolean;
  voice: boolean;
}

export function loadPrefs(): SoundPrefs {
  try {
    const p = JSON.parse(localStorage.getItem(PREFS_KEY) ?? 'null') as Partial<SoundPrefs> | null;
    return { sound: p?.sound === true, voice: p?.voice === true };
  } catch {
    return { sound: false, voice: false };
  }
}

export function savePrefs(p: SoundPrefs): void {
  try {
    localStorage.setItem(PREFS_KEY, JSON.stringify(p));
  } catch {
    // not remembered after a reload; works for now
  }
}

export const speechSupported = (): boolean => 'speechSynthesis' in window && 'SpeechSynthesisUtterance' in window;

/** "A-012" → "A 12": letters one by one, the number as a number, as a person would call it. */
export function spokenTicket(ticket: string): string {
  const m = /^([A-Za-z]+)-?0*(\d+)$/.exec(ticket);
  return m ? `${m[1]!.split('').join(' ')} ${m[2]}` : ticket;
}

export class Announcer {
  private ctx: AudioContext | null = null;
  /** Set by the screen's toggles; read when a call comes in. */
  sound = false;
  voice = false;

  /** One entry per call, each with its text in every language to say it in. */
  announce(calls: readonly (readonly { lang: Language; text: string }[])[]): void {
    if (!this.sound || calls.length === 0) return;
    this.chime();
    if (this.voice) this.speak(calls.flat());
  }

  /** True when audio plays; call from a click (or at start, where a kiosk browser allows autoplay). */
  async start(): Promise<boolean> {
    try {
      this.ctx ??= new AudioContext();
      if (this.ctx.state !== 'running') {
        // resume() waits for a gesture that may never come: do not hang on it.
        await Promise.race([this.ctx.resume(), new Promise((r) => setTimeout(r, 300))]);
      }
      return this.ctx.state === 'running';
    } catch (err) {
      console.warn('audio unavailable', err);
      return false;
    }
  }

  stop(): void {
    void this.ctx?.suspend();
    if (speechSupported()) speechSynthesis.cancel();
  }

  chime(): void {
    const ctx = this.ctx;
    if (ctx?.state !== 'running') return;
    const t0 = ctx.currentTime + 0.05;
    for (const { at, hz } of TONES) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0.0001, t0 + at);
      gain.gain.exponentialRampToValueAtTime(VOLUME, t0 + at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + at + TONE_SECONDS);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0 + at);
      osc.stop(t0 + at + TONE_SECONDS + 0.05);
    }
  }

  /** Each text in its language, in order, after the chime; a language with no installed voice is skipped. */
  speak(texts: readonly { lang: Language; text: string }[]): void {
    if (!speechSupported() || texts.length === 0) return;
    setTimeout(() => {
      const voices = speechSynthesis.getVoices();
      for (const { lang, text } of texts) {
        const voice = voices.find((v) => v.lang.toLowerCase().startsWith(lang));
        // No voice list yet (some browsers load it late): let the browser pick by language.
        if (voices.length > 0 && !voice) continue;
        const u = new SpeechSynthesisUtterance(text);
        u.lang = voice?.lang ?? SPEECH_LOCALES[lang];
        if (voice) u.voice = voice;
        u.rate = 0.9;
        speechSynthesis.speak(u);
      }
    }, SPEECH_DELAY_MS);
  }
}
