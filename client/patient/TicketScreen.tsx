import { Fragment, type ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { receptionQuiet } from '../live/queue-state.ts';
import { useLiveQueue } from '../live/useLiveQueue.ts';
import { minutesSince, useNow } from '../live/useNow.ts';
import { useI18n, type PatientI18n } from './messages.ts';
import { Notice, TopBar } from './Layout.tsx';
import { NotifyMe } from './NotifyMe.tsx';
import { PatientActions } from './PatientActions.tsx';
import { isExpired, queueKey, type StoredTicket } from './tickets.ts';
import { patientView, type PatientView } from './view.ts';

/** "Updated N min ago" moves on by itself; so does expiry at the end of the day. */
const CLOCK_MS = 15_000;
/** Long, short, long: felt in a pocket, unlike a single buzz. */
const CALLED_VIBRATION = [400, 200, 400];

interface Props {
  ticket: StoredTicket;
  switcher: ComponentChildren;
}

export function TicketScreen({ ticket, switcher }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const now = useNow(CLOCK_MS);
  const expiredAtOpen = useMemo(() => isExpired(ticket), [ticket]);
  const live = useLiveQueue({
    storageKey: queueKey(ticket.eid),
    credential: { ticket: ticket.token },
    connect: !expiredAtOpen,
  });
  const view = useMemo(() => patientView(live.state, ticket.eid, now), [live.state, ticket.eid, now]);
  useCalledAlert(view, i18n);

  const title = view.clinicName ?? 'DoctorQ';
  if (expiredAtOpen || live.status === 'expired' || isExpired(ticket, now)) {
    return (
      <>
        <TopBar title={title} switcher={switcher} />
        <main class="patient">
          <Notice testId="expired" title={t.expiredTitle} text={t.expiredText} />
        </main>
      </>
    );
  }
  if (live.status === 'invalid' || live.status === 'revoked') {
    return (
      <>
        <TopBar title={title} switcher={switcher} />
        <main class="patient">
          <Notice testId="invalid-link" title={t.invalidTitle} text={t.invalidText} />
        </main>
      </>
    );
  }

  const stale = live.status === 'offline';
  // Before the server first answers, "unknown" only means "not loaded yet".
  const loading = view.status === 'unknown' && live.state.heardAt === 0;
  return (
    <>
      <TopBar title={title} switcher={switcher} />
      <main class="patient">
        {stale ? (
          <Stale heardAt={live.state.heardAt} now={now} />
        ) : (
          receptionQuiet(live.state) && <ReceptionQuiet seenAt={live.state.reception?.seenAt ?? null} now={now} />
        )}
        <TicketCard view={view} loading={loading} />
        {!loading && <StatusDetail view={view} />}
        {(view.status === 'waiting' || view.status === 'expected') && <PatientActions token={ticket.token} view={view} now={now} />}
        {(view.status === 'waiting' || view.status === 'unknown') && <NotifyMe ticket={ticket} />}
        <p class="muted small">{t.keepOpen}</p>
      </main>
    </>
  );
}

function Stale({ heardAt, now }: { heardAt: number; now: number }) {
  const { t, minutesAgo } = useI18n();
  const minutes = minutesSince(heardAt, now);
  const text = heardAt === 0 ? t.offlineNoData : minutes < 1 ? t.offlineJustNow : t.offline(minutesAgo(minutes));
  return (
    <p class="stale" data-testid="stale" data-heard-at={heardAt} role="status">
      {text}
    </p>
  );
}

/** Connected, but the clinic is not: what the page shows may be behind what happens there. */
function ReceptionQuiet({ seenAt, now }: { seenAt: number | null; now: number }) {
  const { t, minutesAgo } = useI18n();
  return (
    <p class="stale" data-testid="reception-quiet" data-seen-at={seenAt ?? ''} role="status">
      {t.receptionQuiet(seenAt === null ? null : minutesAgo(Math.max(1, minutesSince(seenAt, now))))}
    </p>
  );
}

function TicketCard({ view, loading }: { view: PatientView; loading: boolean }) {
  const { t } = useI18n();
  // Each part isolated: a Latin doctor's name inside an Arabic line keeps its own direction.
  const who = [view.doctorName, view.room ? t.room(view.room) : null].filter((x): x is string => Boolean(x));
  return (
    <section class={`card ticket-card status-${view.status}`} aria-labelledby="ticket-label">
      <p id="ticket-label" class="ticket-label">
        {t.ticketLabel}
      </p>
      {/* bdi: the ticket reads left to right but aligns with the page, right in Arabic. */}
      <p class="ticket" data-testid="ticket">
        <bdi>{view.ticket ?? '—'}</bdi>
      </p>
      <p class="status" data-testid="status" data-status={loading ? 'loading' : view.status} aria-live="polite">
        {loading ? t.connecting : t.status[view.status]}
      </p>
      {who.length > 0 && (
        <p class="muted">
          {who.map((w, i) => (
            <Fragment key={w}>
              {i > 0 && ' · '}
              <bdi>{w}</bdi>
            </Fragment>
          ))}
        </p>
      )}
    </section>
  );
}

function StatusDetail({ view }: { view: PatientView }) {
  const { t, num, minutesRange, time } = useI18n();
  switch (view.status) {
    case 'waiting': {
      const eta = view.wait && (view.wait.high < 1 ? t.etaSoon : minutesRange(view.wait.low, view.wait.high));
      return (
        <>
          {view.ahead === 0 && (
            <p class="banner-big next" data-testid="next-banner" role="status">
              {t.nextBanner}
            </p>
          )}
          <dl class="facts" aria-live="polite">
            <div>
              <dt>{t.positionLabel}</dt>
              <dd data-testid="position">{view.position === null ? '—' : num(view.position)}</dd>
            </div>
            <div>
              <dt>{t.aheadLabel}</dt>
              <dd data-testid="ahead">{view.ahead === null ? '—' : num(view.ahead)}</dd>
            </div>
            <div class="wide">
              <dt>{t.etaLabel}</dt>
              <dd data-testid="eta" data-low={view.wait?.low} data-high={view.wait?.high}>
                {eta ?? '—'}
              </dd>
            </div>
          </dl>
          {view.away && (
            <p class="card detail warn" data-testid="doctor-away">
              {view.away.until === null ? t.doctorAbsent : t.doctorBackAt(time(view.away.until))}
            </p>
          )}
          <p class="muted small">{t.etaNote}</p>
        </>
      );
    }
    case 'called':
      return (
        <p class="banner-big called" data-testid="called-banner" data-room={view.room ?? ''} role="alert">
          {view.room ? t.calledBanner(view.room) : t.calledNoRoom}
        </p>
      );
    case 'in_consultation':
      return <p class="card detail">{t.inConsultationText}</p>;
    case 'done':
      return <p class="card detail">{t.doneText}</p>;
    case 'no_show':
      return <p class="card detail warn">{t.noShowText}</p>;
    case 'cancelled':
      return <p class="card detail warn">{t.cancelledText}</p>;
    case 'unknown':
      return <p class="card detail">{t.unknownText}</p>;
  }
}

/** Called: the phone buzzes and the tab's title says so, for a patient who looked away. */
function useCalledAlert(view: PatientView, { t }: PatientI18n): void {
  const previous = useRef(view.status);
  useEffect(() => {
    const was = previous.current;
    previous.current = view.status;
    if (view.status === 'called' && was !== 'called' && was !== 'unknown') navigator.vibrate?.(CALLED_VIBRATION);
    document.title = view.status === 'called' ? `${t.status.called} — ${view.ticket ?? ''}` : t.appTitle;
  }, [view.status, view.ticket, t]);
}
