import type { Entry } from '../../shared/schemas.ts';
import { positionOf } from '../../shared/queue.ts';
import { useI18n } from './i18n/index.ts';
import { QrCode } from '../ui/QrCode.tsx';
import { useTicketLink, type Signer } from './useTicketLink.ts';

interface Props {
  entry: Entry;
  entries: readonly Entry[];
  doctorName: string | null;
  signer: Signer;
  onPrint: (entry: Entry) => void;
  onClose: () => void;
}

export function TicketIssued({ entry, entries, doctorName, signer, onPrint, onClose }: Props) {
  const { t, num } = useI18n();
  const place = positionOf(entries, entry.id);
  const link = useTicketLink(entry, signer);
  const detail = [doctorName, place && (place.ahead === 0 ? t.nextInLine : t.aheadOfYou(num(place.ahead)))].filter(Boolean).join(' · ');
  return (
    <section
      class="card ticket-card"
      aria-labelledby="ticket-issued-title"
      data-testid="ticket-issued"
      data-entry-id={entry.id}
      data-ticket={entry.ticket}
    >
      {link ? <QrCode text={link} label={t.scanToFollow} /> : <span class="qr" />}
      <div class="ticket-text">
        <h2 id="ticket-issued-title" class="muted">
          {t.ticketIssued}
        </h2>
        {/* bdi: the ticket reads left to right but aligns with the page, right in Arabic. */}
        <p class="ticket-big">
          <bdi>{entry.ticket}</bdi>
        </p>
        <p class="ticket-who">{entry.name}</p>
        {detail && <p class="ticket-detail">{detail}</p>}
        {link && <p class="muted">{t.scanToFollow}</p>}
        <button type="button" class="btn" data-testid="ticket-print" onClick={() => onPrint(entry)}>
          <span aria-hidden="true">🖨</span> {t.printTicket}
        </button>
      </div>
      <button type="button" class="btn icon ticket-close" data-testid="ticket-close" aria-label={t.close} onClick={onClose}>
        <span aria-hidden="true">✕</span>
      </button>
    </section>
  );
}
