import { useI18n, type OperatorI18n } from '../i18n/index.ts';
import { errorText } from '../ui/errors.ts';

/** Words, not text: a language switched afterwards still reads the outcome in the new language. */
export type Done = { ok: true; words: (i: OperatorI18n) => string };
export type Outcome = Done | { ok: false; code: string };

/** The last action's outcome, under the form that took it. */
export function OutcomeLine({ outcome }: { outcome: Outcome | null }) {
  const i = useI18n();
  if (!outcome) return null;
  return outcome.ok ? (
    <p class="ok-text" role="status" data-testid="action-result">
      {outcome.words(i)}
    </p>
  ) : (
    <p class="error" role="alert" data-testid="action-error" data-error={outcome.code}>
      {errorText(i.t, outcome.code)}
    </p>
  );
}
