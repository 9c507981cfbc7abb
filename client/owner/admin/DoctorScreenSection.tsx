// Enrolling a doctor's own screen (doctor.html) for one doctor: the owner
// picks the doctor and makes a one-time code; the screen enrolled with it
// shows that doctor's queue only, and never the patients' phone numbers.
import { useState } from 'preact/hooks';
import type { z } from 'zod';
import { EnrolmentCode, type EnrolmentCodeBody } from '../../../shared/saas.ts';
import type { ApiError, OwnerApi } from '../api.ts';
import type { DoctorRow } from '../doctors.ts';
import { useI18n } from '../i18n/index.ts';
import { CodeCard, useNow } from '../setup/TabletStep.tsx';
import { errorText } from '../ui/errors.ts';
import type { Loaded } from '../../ui/useLoad.ts';

interface Props {
  api: OwnerApi;
  base: string;
  doctors: Loaded<DoctorRow[]>;
}

export function DoctorScreenSection({ api, base, doctors }: Props) {
  const { t } = useI18n();
  const list = doctors.load.state === 'ok' ? doctors.load.data.filter((d) => d.active) : [];
  const [doctorId, setDoctorId] = useState('');
  const [code, setCode] = useState<EnrolmentCode | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const chosen = list.some((d) => d.id === doctorId) ? doctorId : (list[0]?.id ?? '');
  const expiresAt = code === null ? null : Date.parse(code.expiresAt);
  const now = useNow(expiresAt);
  const left = expiresAt === null ? 0 : expiresAt - now;

  const create = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setCode(null);
    const body: z.infer<typeof EnrolmentCodeBody> = { kind: 'doctor', doctorId: chosen };
    const r = await api.send('POST', `${base}/enrolment-codes`, body, EnrolmentCode);
    setBusy(false);
    if (r.ok) setCode(r.data);
    else setError(r);
  };

  return (
    <section class="card admin-card" aria-labelledby="doctor-screen-title">
      <h2 id="doctor-screen-title">{t.doctorScreenTitle}</h2>
      <p class="muted">{t.doctorScreenIntro}</p>
      <form onSubmit={create}>
        <label class="field">
          <span>{t.doctorScreenDoctor}</span>
          <select data-testid="doctor-screen-doctor" value={chosen} onChange={(e) => setDoctorId(e.currentTarget.value)}>
            {list.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="btn primary" data-testid="doctor-screen-create" disabled={busy || chosen === ''}>
          {code === null ? t.createCode : t.createAnotherCode}
        </button>
      </form>
      {code && left > 0 && <CodeCard code={code} left={left} howTo={t.doctorScreenHowTo} />}
      {code && left <= 0 && (
        <p class="error" role="status">
          {t.codeExpired}
        </p>
      )}
      {error && (
        <p class="error" role="alert" data-testid="doctor-screen-error" data-error={error.code}>
          {errorText(t, error, t.errServer)}
        </p>
      )}
    </section>
  );
}
