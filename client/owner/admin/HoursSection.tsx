// The opening hours after setup: holidays and Ramadan hours are set through
// the year, not once. The same editor as the setup step.
import type { OwnerApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { HoursStep } from '../setup/HoursEditor.tsx';

interface Props {
  api: OwnerApi;
  base: string;
}

const nothingToRefresh = () => undefined;

export function HoursSection({ api, base }: Props) {
  const { t } = useI18n();
  return (
    <section class="card admin-card" aria-labelledby="hours-title">
      <h2 id="hours-title">{t.stepHours}</h2>
      <HoursStep api={api} base={base} onSaved={nothingToRefresh} />
    </section>
  );
}
