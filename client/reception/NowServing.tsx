import { useMemo } from 'preact/hooks';
import { doctorState } from '../../shared/doctor-status.ts';
import { inDoctorQueue } from '../../shared/queue.ts';
import type { Doctor, Entry } from '../../shared/schemas.ts';
import { useI18n } from './i18n/index.ts';
import type { EntryActions } from './entries.ts';
import { reportWriteError } from './errors.ts';
import { servingCards } from './serving-cards.ts';
import type { OpenDialog } from './desk-dialog-state.ts';

interface Props {
  /** The doctors whose cards show: all active ones, or the tab's doctor. */
  doctors: readonly Doctor[];
  /** Whether the general queue (unassigned patients, call-next with no doctor) has a card. */
  showGeneral: boolean;
  entries: readonly Entry[];
  /** The clinic's day and the minute clock: a doctor's break and absence are read against them. */
  day: string;
  now: number;
  readOnly: boolean;
  actions: EntryActions;
  /** The desk's dialogs (edit, a doctor's availability); the doctor's room has none: it pauses on its own panel. */
  onDialog?: OpenDialog;
}

/** The card for patients called by a doctor with no card (made inactive or deleted since): id of no doctor. */
const OTHERS = '*';

const run = (action: Promise<void>) => void action.catch(reportWriteError);

/** Someone to call: the same candidates callNext looks at. */
function hasCandidate(entries: readonly Entry[], doctorId: string | null): boolean {
  return entries.some((e) => e.status === 'waiting' && (doctorId === null ? e.doctorId === null : inDoctorQueue(e, doctorId)));
}

export function NowServing({ doctors, showGeneral, entries, day, now, readOnly, actions, onDialog }: Props) {
  const { t, time } = useI18n();
  const { byCard, others } = useMemo(
    () =>
      servingCards(
        entries,
        doctors.map((d) => d.id),
        showGeneral,
      ),
    [entries, doctors, showGeneral],
  );
  const cards = [
    ...doctors.map((d) => ({ id: d.id as string | null, title: d.name, room: d.room, doctor: d as Doctor | null })),
    ...(showGeneral ? [{ id: null, title: t.generalQueue, room: '', doctor: null }] : []),
    ...(others.length > 0 ? [{ id: OTHERS, title: t.otherDoctors, room: '', doctor: null }] : []),
  ];
  return (
    <section class="serving" aria-labelledby="serving-title">
      <h2 id="serving-title" class="visually-hidden">
        {t.nowServing}
      </h2>
      {cards.map((c) => {
        const rows = (c.id === OTHERS ? others : byCard.get(c.id)) ?? [];
        const state = c.doctor && doctorState(c.doctor, day, now);
        return (
          <div class="card doctor-card" key={c.id ?? ''} data-testid="doctor-card" data-doctor-id={c.id ?? ''}>
            <div class="doctor-head">
              <h3>{c.title}</h3>
              {c.room && <span class="muted">{t.room(c.room)}</span>}
              {state?.kind === 'paused' && (
                <span class="badge away-badge" data-testid="doctor-paused">
                  {t.backAtTime(time(state.until))}
                </span>
              )}
              {state?.kind === 'absent' && (
                <span class="badge away-badge" data-testid="doctor-absent">
                  {t.absentToday}
                </span>
              )}
              {c.doctor && onDialog && (
                <button
                  type="button"
                  class="btn small"
                  data-testid="doctor-availability"
                  aria-label={t.availabilityTitle(c.doctor.name)}
                  disabled={readOnly}
                  onClick={() => onDialog({ kind: 'doctor', doctorId: c.doctor!.id })}
                >
                  {t.availability}
                </button>
              )}
            </div>
            {rows.length === 0 ? (
              <p class="muted">{t.nobodyCalled}</p>
            ) : (
              <ul class="serving-list">
                {rows.map((e) => (
                  <ServingRow key={e.id} entry={e} readOnly={readOnly} actions={actions} onDialog={onDialog} />
                ))}
              </ul>
            )}
            {c.id !== OTHERS && (
              <button
                type="button"
                class="btn primary wide call-next"
                data-testid="call-next"
                data-doctor-id={c.id ?? ''}
                disabled={readOnly || (rows.length === 0 && !hasCandidate(entries, c.id))}
                onClick={() => run(actions.callNext(c.id))}
              >
                {t.callNext}
              </button>
            )}
          </div>
        );
      })}
    </section>
  );
}

function ServingRow({
  entry,
  readOnly,
  actions,
  onDialog,
}: {
  entry: Entry;
  readOnly: boolean;
  actions: EntryActions;
  onDialog: OpenDialog | undefined;
}) {
  const { t, time } = useI18n();
  const called = entry.status === 'called';
  const since = called ? entry.calledAt : entry.startedAt;
  return (
    <li class="serving-row" data-testid="serving-row" data-entry-id={entry.id} data-ticket={entry.ticket} data-status={entry.status}>
      <span class="ticket" dir="ltr">
        {entry.ticket}
      </span>
      <span class="who">
        <span class="name">{entry.name}</span>
        <span class="meta muted">
          {called ? t.called : t.inConsultation}
          {since !== null && ` · ${time(since)}`}
        </span>
      </span>
      <span class="row-actions">
        {called && (
          <button
            type="button"
            class="btn"
            data-testid="start"
            disabled={readOnly}
            onClick={() => run(actions.startConsultation(entry.id))}
          >
            {t.start}
          </button>
        )}
        {onDialog && (
          <button
            type="button"
            class="btn"
            data-testid="edit"
            aria-label={`${t.edit}: ${entry.ticket} ${entry.name}`}
            disabled={readOnly}
            onClick={() => onDialog({ kind: 'edit', entryId: entry.id })}
          >
            {t.edit}
          </button>
        )}
        <button type="button" class="btn" data-testid="finish" disabled={readOnly} onClick={() => run(actions.finish(entry.id))}>
          {t.finish}
        </button>
        {called && (
          <button type="button" class="btn" data-testid="no-show" disabled={readOnly} onClick={() => run(actions.markNoShow(entry.id))}>
            {t.noShow}
          </button>
        )}
      </span>
    </li>
  );
}
