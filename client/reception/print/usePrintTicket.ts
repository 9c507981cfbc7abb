// "Print" from the ticket card or a queue row, and "always print" after a
// registration: what goes on the ticket is taken when the print is asked for
// (the place and the wait at printing time), from the screen's live data.
import { useCallback, useRef, useState } from 'preact/hooks';
import type { Doctor, Entry, Settings } from '../../../shared/schemas.ts';
import { FALLBACK_LANGUAGE } from '../../i18n/core.ts';
import type { TicketFacts } from './PrintedTicket.tsx';
import type { PrintRequest } from './TicketPrint.tsx';

interface Live {
  entries: readonly Entry[];
  settings: Settings | null;
  doctors: readonly Doctor[];
  clinicName: string;
  timeZone: string;
}

/** Until the settings have replicated: the owner form's own default. */
const DEFAULT_CONSULTATION_MINUTES = 15;

function factsOf(entry: Entry, live: Live, at: number): TicketFacts {
  const doctor = entry.doctorId === null ? null : (live.doctors.find((d) => d.id === entry.doctorId) ?? null);
  return {
    entry,
    // A patient just registered may not be in the screen's entries yet.
    entries: [...live.entries.filter((e) => e.id !== entry.id), entry],
    clinicName: live.settings?.name ?? live.clinicName,
    doctor,
    activeDoctorIds: live.doctors
      .filter((d) => d.active)
      .map((d) => d.id)
      .sort(),
    defaultMinutes: live.settings?.defaultConsultationMinutes ?? DEFAULT_CONSULTATION_MINUTES,
    timeZone: live.timeZone,
    // The patient's choice, else the clinic's language: its first one.
    language: entry.language ?? live.settings?.languages[0] ?? FALLBACK_LANGUAGE,
    at,
  };
}

/** The last print asked for and a stable `print` (queue rows are memoised by their props). */
export function usePrintTicket(live: Live) {
  const liveRef = useRef(live);
  liveRef.current = live;
  const [request, setRequest] = useState<PrintRequest | null>(null);
  const next = useRef(0);
  const print = useCallback((entry: Entry) => {
    const current = liveRef.current;
    // The live copy when there is one: a reprint shows the patient's doctor as it is now.
    const latest = current.entries.find((e) => e.id === entry.id) ?? entry;
    setRequest({ id: ++next.current, facts: factsOf(latest, current, Date.now()) });
  }, []);
  return { request, print };
}
