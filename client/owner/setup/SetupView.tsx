// The guided setup: a checklist computed by the server from the clinic's data
// (GET …/setup), each step done or not, each with what to do in place. Every
// change asks for the checklist again, so the ticks follow the data.
import { useState } from 'preact/hooks';
import { SetupState } from '../../../shared/saas.ts';
import type { ApiError, OwnerApi } from '../api.ts';
import { DoctorsEditor } from '../admin/DoctorsSection.tsx';
import type { DoctorRow } from '../doctors.ts';
import { useI18n } from '../i18n/index.ts';
import type { OwnedClinic } from '../schemas.ts';
import { errorText } from '../ui/errors.ts';
import { LoadState } from '../ui/LoadState.tsx';
import type { Loaded } from '../../ui/useLoad.ts';
import { EmailStep } from './EmailStep.tsx';
import { HoursStep } from './HoursEditor.tsx';
import { QrStep, usePosterOpened } from './QrStep.tsx';
import { SeriesStep } from './SeriesStep.tsx';
import { Step, type StepId } from './Step.tsx';
import { TabletStep } from './TabletStep.tsx';

const STEPS: readonly StepId[] = ['email', 'doctors', 'hours', 'series', 'qr', 'tablet'];

interface Props {
  api: OwnerApi;
  base: string;
  clinic: OwnedClinic;
  setup: Loaded<SetupState>;
  doctors: Loaded<DoctorRow[]>;
}

export function SetupView({ api, base, clinic, setup, doctors }: Props) {
  const { t, num } = useI18n();
  const [posterOpened, markPosterOpened] = usePosterOpened(clinic.id);
  // A doctor saved changes the count the checklist shows.
  const doctorsAndSetup: Loaded<DoctorRow[]> = {
    load: doctors.load,
    reload: () => {
      doctors.reload();
      setup.reload();
    },
  };
  return (
    <LoadState load={setup.load} onRetry={setup.reload}>
      {(state) => {
        const done: Record<StepId, boolean> = {
          email: state.emailVerified,
          doctors: state.doctors > 0,
          hours: state.hoursSet,
          // An empty prefix is allowed, but the step is done once the clinic chose letters.
          series: state.ticketPrefix !== '',
          qr: posterOpened,
          tablet: state.devices > 0,
        };
        const doneCount = STEPS.filter((s) => done[s]).length;
        const title = {
          email: t.stepEmail,
          doctors: t.stepDoctors,
          hours: t.stepHours,
          series: t.stepSeries,
          qr: t.stepQr,
          tablet: t.stepTablet,
        };
        const step = (id: StepId) => ({ id, n: STEPS.indexOf(id) + 1, title: title[id], done: done[id] });
        return (
          <section class="setup" aria-labelledby="setup-title">
            <div class="card setup-head">
              <h2 id="setup-title">{t.setupTitle}</h2>
              <p class="muted">{t.setupIntro}</p>
              <p data-testid="setup-progress" data-done={doneCount} data-total={STEPS.length}>
                <progress max={STEPS.length} value={doneCount} aria-labelledby="setup-progress-text" />{' '}
                <span id="setup-progress-text">{t.setupProgress(num(doneCount), num(STEPS.length))}</span>
              </p>
            </div>
            <ol class="setup-steps">
              <Step {...step('email')}>
                <EmailStep api={api} base={base} verified={state.emailVerified} refresh={setup.reload} />
              </Step>
              <Step {...step('doctors')}>
                <p>{t.stepDoctorsText}</p>
                <DoctorsEditor api={api} base={base} doctors={doctorsAndSetup} />
              </Step>
              <Step {...step('hours')}>
                <p>{t.stepHoursText}</p>
                <HoursStep api={api} base={base} onSaved={setup.reload} />
              </Step>
              <Step {...step('series')}>
                <SeriesStep api={api} base={base} prefix={state.ticketPrefix} onSaved={setup.reload} />
              </Step>
              <Step {...step('qr')}>
                <QrStep api={api} base={base} clinic={clinic} onOpened={markPosterOpened} />
              </Step>
              <Step {...step('tablet')}>
                <TabletStep api={api} base={base} devices={state.devices} refresh={setup.reload} />
              </Step>
            </ol>
            <Finish api={api} base={base} left={STEPS.length - doneCount} complete={state.completedAt !== null} onFinished={setup.reload} />
          </section>
        );
      }}
    </LoadState>
  );
}

interface FinishProps {
  api: OwnerApi;
  base: string;
  /** Steps not done yet: finishing is allowed, the owner is told what is left. */
  left: number;
  complete: boolean;
  onFinished: () => void;
}

function Finish({ api, base, left, complete, onFinished }: FinishProps) {
  const { t, num } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const finish = async () => {
    setBusy(true);
    setError(null);
    const r = await api.send('POST', `${base}/setup/complete`, undefined, SetupState);
    setBusy(false);
    if (r.ok) onFinished();
    else setError(r);
  };
  return (
    <section class="card setup-finish" aria-labelledby="setup-finish-title">
      <h3 id="setup-finish-title">{t.stepFinish}</h3>
      {complete ? (
        <>
          <p class="ok-text" role="status" data-testid="setup-complete">
            {t.setupComplete}
          </p>
          <a class="btn primary" href="#reports">
            {t.seeReports}
          </a>
        </>
      ) : (
        <>
          <p>{left > 0 ? t.finishText(num(left)) : t.finishAllDone}</p>
          {error && (
            <p class="error" role="alert" data-testid="setup-finish-error" data-error={error.code}>
              {errorText(t, error, t.errServer)}
            </p>
          )}
          <button type="button" class="btn primary" data-testid="setup-finish" disabled={busy} onClick={() => void finish()}>
            {t.finishSetup}
          </button>
        </>
      )}
    </section>
  );
}
