// "Close the day" at the desk: the receptionist chooses what becomes of the
// patients still waiting, the tablet closes the day (day-close.ts), then the
// day's summary fills the screen until dismissed. The summary is computed from
// the day's documents as they are now, so two tablets that closed the same
// day show the same one once they have synced.
import { useMemo, useState } from 'preact/hooks';
import { CLOSE_CHOICES, daySummary, type CloseChoice } from '../../shared/day-close.ts';
import type { Entry, Settings } from '../../shared/schemas.ts';
import type { ClinicDb } from '../db/database.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { closeDayByHand } from './day-close.ts';
import { useI18n } from './i18n/index.ts';
import { DAY_CLOSE_WORDS } from './i18n/day-close.ts';
import { DaySummaryCard } from './DaySummary.tsx';

interface Props {
  db: ClinicDb;
  settings: Settings | null;
  day: string;
  /** The day's entries as shown, live. */
  entries: readonly Entry[];
  doctorNames: ReadonlyMap<string, string>;
  readOnly: boolean;
}

type Step = { kind: 'idle' } | { kind: 'asking'; choice: CloseChoice; busy: boolean; failed: boolean } | { kind: 'summary' };

export function DayClose({ db, settings, day, entries, doctorNames, readOnly }: Props) {
  const { lang } = useI18n();
  const w = DAY_CLOSE_WORDS[lang];
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  // Counted only while shown: every change to the day re-renders this, and a tap should not recount it.
  const showing = step.kind === 'summary';
  const summary = useMemo(() => (showing ? daySummary(entries, day) : null), [showing, entries, day]);

  const confirm = async (choice: CloseChoice) => {
    if (!settings) return;
    setStep({ kind: 'asking', choice, busy: true, failed: false });
    try {
      await closeDayByHand(db, settings, day, choice);
      setStep({ kind: 'summary' });
    } catch (err) {
      console.error('closing the day failed', err);
      setStep({ kind: 'asking', choice, busy: false, failed: true });
    }
  };

  return (
    <>
      <button
        type="button"
        class="btn"
        data-testid="close-day"
        disabled={readOnly || !settings}
        onClick={() => setStep({ kind: 'asking', choice: 'not_seen', busy: false, failed: false })}
      >
        {w.closeDay}
      </button>
      {step.kind === 'asking' && (
        <ConfirmDialog
          title={w.closeTitle}
          confirmLabel={w.confirmClose}
          cancelLabel={w.cancel}
          confirmTestId="close-day-confirm"
          busy={step.busy}
          onConfirm={() => void confirm(step.choice)}
          onCancel={() => setStep({ kind: 'idle' })}
        >
          <p>{w.closeIntro}</p>
          <fieldset class="choices">
            {CLOSE_CHOICES.map((c) => (
              <label key={c} class="check">
                <input
                  type="radio"
                  name="close-choice"
                  data-testid={`close-choice-${c}`}
                  checked={step.choice === c}
                  onChange={() => setStep({ ...step, choice: c })}
                />
                <span>{c === 'not_seen' ? w.notSeen : w.carryOver}</span>
              </label>
            ))}
          </fieldset>
          {step.failed && (
            <p class="error" role="alert">
              {w.closeFailed}
            </p>
          )}
        </ConfirmDialog>
      )}
      {summary && <DaySummaryCard summary={summary} doctorNames={doctorNames} onDone={() => setStep({ kind: 'idle' })} />}
    </>
  );
}
