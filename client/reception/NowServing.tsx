import { useMemo } from 'preact/hooks';
import { inDoctorQueue } from '../../shared/queue.ts';
import type { Doctor, Entry } from '../../shared/schemas.ts';
import { useI18n } from './i18n/index.ts';
import type { EntryActions } from './entries.ts';
import { reportWriteError } from './errors.ts';

interface Props {
  /** The doctors whose cards show: all active ones, or the tab's doctor. */
  doctors: readonly Doctor[];
  /** Whether the general queue (unassigned patients, call-next with no doctor) has a card. */
  showGeneral: boolean;
  entries: readonly Entry[];
  readOnly: boolean;
  actions: EntryActions;
}

const run = (action: Promise<void>) => void action.catch(reportWriteError);

/** Someone to call: the same candidates callNext looks at. */
function hasCandidate(entries: readonly Entry[], doctorId: string | null): boolean {
  return entries.some((e) => e.status === 'waiting' && (doctorId === null ? e.doctorId === null : inDoctorQueue(e, doctorId)));
}

export function NowServing({ doctors, showGeneral, entries, readOnly, actions }: Props) {
  const { t } = useI18n();
  const serving = useMemo(
    () =>
      entries.filter((e) => e.status === 'called' || e.status === 'in_consultation').sort((a, b) => (a.calledAt ?? 0) - (b.calledAt ?? 0)),
    [entries],
  );
  const cards = [
    ...doctors.map((d) => ({ id: d.id as string | null, title: d.name, room: d.room })),
    ...(showGeneral ? [{ id: null, title: t.generalQueue, room: '' }] : []),
  ];
  return (
    <section class="serving" aria-labelledby="serving-title">
      <h2 id="serving-title" class="visually-hidden">
        {t.nowServing}
      </h2>
      {cards.map((c) => {
        const rows = serving.filter((e) => e.doctorId === c.id);
        return (
          <div class="card doctor-card" key={c.id ?? ''} data-testid="doctor-card" data-doctor-id={c.id ?? ''}>
            <div class="doctor-head">
              <h3>{c.title}</h3>
              {c.room && <span class="muted">{t.room(c.room)}</span>}
            </div>
            {rows.length === 0 ? (
              <p class="muted">{t.nobodyCalled}</p>
            ) : (
              <ul class="serving-list">
                {rows.map((e) => (
                  <ServingRow key={e.id} entry={e} readOnly={readOnly} actions={actions} />
                ))}
              </ul>
            )}
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
          </div>
        );
      })}
    </section>
  );
}

function ServingRow({ entry, readOnly, actions }: { entry: Entry; readOnly: boolean; actions: EntryActions }) {
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
