// A member of several clinics (an owner with branches, a receptionist of two)
// signed in to enrol this tablet: the server named the clinics it could join
// (choose_clinic) and the tablet is enrolled in the one picked, never in
// whichever came first.
import { useState } from 'preact/hooks';
import type { ClinicChoice as Choice } from '../ui/staff-session.ts';
import { SignInCard } from '../ui/SignInForm.tsx';
import { LanguageSwitch, useI18n } from './i18n/index.ts';

interface Props {
  clinics: Choice[];
  /** Signs in again to the clinic picked; resolves to the error to show, or null when done. */
  onPick: (clinicId: string) => Promise<string | null>;
  onBack: () => void;
}

export function ClinicChoice({ clinics, onPick, onBack }: Props) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pick = async (id: string) => {
    setBusy(true);
    setError(null);
    setError(await onPick(id));
    setBusy(false);
  };
  return (
    <SignInCard
      title={t.chooseClinicTitle}
      intro={t.chooseClinicIntro}
      testId="choose-clinic-form"
      top={<LanguageSwitch />}
      onSubmit={(e) => e.preventDefault()}
    >
      <ul class="clinic-choices">
        {clinics.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              class="btn primary wide"
              data-testid="choose-clinic"
              data-clinic-id={c.id}
              disabled={busy}
              onClick={() => void pick(c.id)}
            >
              {c.name}
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p class="error" role="alert" data-testid="choose-clinic-error">
          {error}
        </p>
      )}
      <button type="button" class="btn wide" data-testid="choose-clinic-back" disabled={busy} onClick={onBack}>
        {t.chooseClinicBack}
      </button>
    </SignInCard>
  );
}
