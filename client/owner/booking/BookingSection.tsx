// Appointments in the owner's administration: the clinic's booking rules (in
// the settings document) and each doctor's bookable schedule (in the doctor
// document). Both are replicated documents, so the tablets book offline with them.
import { Settings } from '../../../shared/schemas.ts';
import type { OwnerApi } from '../api.ts';
import type { DoctorRow } from '../doctors.ts';
import { useI18n } from '../i18n/index.ts';
import { BOOKING_WORDS } from '../i18n/booking.ts';
import { DoctorList } from '../schemas.ts';
import { LoadState } from '../ui/LoadState.tsx';
import { type Loaded, useLoad } from '../../ui/useLoad.ts';
import './booking.css';
import { ClinicRulesForm } from './ClinicRulesForm.tsx';
import { DoctorScheduleForm } from './DoctorScheduleForm.tsx';

interface Props {
  api: OwnerApi;
  base: string;
  /** The doctors section's list: a doctor added or renamed there shows here too. */
  doctors: Loaded<DoctorRow[]>;
}

export function BookingSection({ api, base, doctors }: Props) {
  const { lang } = useI18n();
  const w = BOOKING_WORDS[lang];
  const settings = useLoad(() => api.get(`${base}/settings`, Settings), [api, base]);
  // The whole documents, schedules included (the doctors section keeps only what its table edits).
  const schedules = useLoad(() => api.get(`${base}/doctors`, DoctorList), [api, base, doctors.load]);
  return (
    <section class="card admin-card" aria-labelledby="booking-title" data-testid="booking-section">
      <h2 id="booking-title">{w.title}</h2>
      <p class="muted">{w.intro}</p>
      <h3>{w.rulesTitle}</h3>
      <LoadState load={settings.load} onRetry={settings.reload}>
        {(s) => <ClinicRulesForm api={api} base={base} settings={s} onSaved={settings.reload} />}
      </LoadState>
      <h3>{w.doctorsTitle}</h3>
      <LoadState load={schedules.load} onRetry={schedules.reload}>
        {({ doctors: list }) =>
          list.length === 0 ? (
            <p class="muted">{w.noDoctors}</p>
          ) : (
            list.map((d) => (
              <DoctorScheduleForm key={`${d.id}:${d.updatedAt}`} api={api} base={base} doctor={d} onSaved={schedules.reload} />
            ))
          )
        }
      </LoadState>
    </section>
  );
}
