// What a printed ticket says, laid out for the paper (print-ticket.css). No
// name and no phone number: a ticket is left on chairs and in bins.
import type { Doctor, Entry } from '../../../shared/schemas.ts';
import { positionOf } from '../../../shared/queue.ts';
import { type EtaEntry, waitFor, waitMinutes } from '../../../shared/eta.ts';
import { clinicCode, formatCode } from '../../../shared/ticket-code.ts';
import { dirOf, type Language } from '../../i18n/core.ts';
import { QrCode } from '../../ui/QrCode.tsx';
import type { TicketPaper } from '../../../shared/schemas.ts';
import { ticketWords } from './words.ts';

export interface TicketFacts {
  entry: Entry;
  /** The day's entries when the print was asked for: the place and the wait are those of that moment. */
  entries: readonly EtaEntry[];
  clinicName: string;
  doctor: Pick<Doctor, 'name' | 'room'> | null;
  activeDoctorIds: readonly string[];
  defaultMinutes: number;
  timeZone: string;
  language: Language;
  at: number;
}

interface Props extends TicketFacts {
  paper: TicketPaper;
  link: string;
  code: string;
}

export function PrintedTicket(p: Props) {
  const w = ticketWords(p.language, p.timeZone);
  const { entry } = p;
  const place = positionOf(p.entries, entry.id);
  const wait = waitFor({ entries: p.entries, activeDoctorIds: p.activeDoctorIds, defaultMinutes: p.defaultMinutes, now: p.at }, entry.id);
  const minutes = wait && waitMinutes(wait);
  const address = `${new URL(p.link).host}/patient.html`;
  return (
    <article
      class="printed-ticket"
      lang={p.language}
      dir={dirOf(p.language)}
      data-paper={p.paper}
      data-testid="printed-ticket"
      data-entry-id={entry.id}
      data-ticket={entry.ticket}
    >
      <h1 class="pt-clinic">{p.clinicName}</h1>
      {/* bdi: the ticket number reads left to right inside Arabic. */}
      <p class="pt-number">
        <bdi>{entry.ticket}</bdi>
      </p>
      <p class="pt-doctor">
        {p.doctor ? [p.doctor.name, p.doctor.room && w.room(p.doctor.room)].filter(Boolean).join(' · ') : w.anyDoctor}
      </p>
      {place && (
        <p class="pt-line">
          {place.ahead === 0 ? (
            w.nextInLine
          ) : (
            <>
              {w.aheadLabel}: <strong>{w.num(place.ahead)}</strong>
            </>
          )}
        </p>
      )}
      {minutes && (
        <p class="pt-line">
          {w.etaLabel}: <strong>{minutes.high === 0 ? w.etaSoon : w.minutesRange(minutes.low, minutes.high)}</strong>
        </p>
      )}
      <QrCode text={p.link} label={w.qrLabel} />
      <p class="pt-small">{w.scanToFollow}</p>
      <p class="pt-small">
        {w.orTypeAt} <bdi dir="ltr">{address}</bdi>
      </p>
      <dl class="pt-codes">
        <dt>{w.clinicCode}</dt>
        <dd dir="ltr" data-testid="printed-clinic-code">
          {clinicCode(entry.clinicId)}
        </dd>
        <dt>{w.ticketNumber}</dt>
        <dd dir="ltr">{entry.ticket}</dd>
        <dt>{w.code}</dt>
        <dd dir="ltr" data-testid="printed-code">
          {formatCode(p.code)}
        </dd>
      </dl>
      <p class="pt-small pt-time">{w.printedAt(p.at)}</p>
    </article>
  );
}
