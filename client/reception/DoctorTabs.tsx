import { useMemo } from 'preact/hooks';
import type { Doctor, Entry } from '../../shared/schemas.ts';
import { useI18n } from './i18n/index.ts';

interface Props {
  doctors: readonly Doctor[];
  entries: readonly Entry[];
  value: string | null;
  onChange: (doctorId: string | null) => void;
}

/** Waiting counts per tab in one pass; unassigned patients count in every doctor's queue, as they sit in it. */
function waitingCounts(entries: readonly Entry[]): { all: number; unassigned: number; byDoctor: Map<string, number> } {
  let all = 0;
  let unassigned = 0;
  const byDoctor = new Map<string, number>();
  for (const e of entries) {
    if (e.status !== 'waiting') continue;
    all++;
    if (e.doctorId === null) unassigned++;
    else byDoctor.set(e.doctorId, (byDoctor.get(e.doctorId) ?? 0) + 1);
  }
  return { all, unassigned, byDoctor };
}

export function DoctorTabs({ doctors, entries, value, onChange }: Props) {
  const { t, num } = useI18n();
  const counts = useMemo(() => waitingCounts(entries), [entries]);
  const tabs = [
    { id: null, label: t.all, count: counts.all },
    ...doctors.map((d) => ({ id: d.id, label: d.name, count: counts.unassigned + (counts.byDoctor.get(d.id) ?? 0) })),
  ];
  return (
    <nav class="tabs" aria-label={t.doctorTabs}>
      {tabs.map((tab) => (
        <button
          key={tab.id ?? ''}
          type="button"
          class="tab"
          data-testid="doctor-tab"
          data-doctor-id={tab.id ?? ''}
          aria-pressed={tab.id === value}
          onClick={() => onChange(tab.id)}
        >
          {tab.label} <span class="count">{num(tab.count)}</span>
        </button>
      ))}
    </nav>
  );
}
