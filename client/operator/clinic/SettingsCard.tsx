// What the clinic set up, read only: the operator changes the subscription,
// never the clinic's own choices.
import type { OperatorClinicDetail } from '../../../shared/saas.ts';
import { useI18n } from '../i18n/index.ts';
import { Fact } from '../ui/Fact.tsx';

type Props = Pick<OperatorClinicDetail, 'clinic' | 'settings'>;

export function SettingsCard({ clinic, settings: s }: Props) {
  const { t, num, date, list } = useI18n();
  const yesNo = (b: boolean) => (b ? t.yes : t.no);
  return (
    <section class="card op-card" aria-labelledby="settings-title">
      <h2 id="settings-title">{t.settingsTitle}</h2>
      <dl class="facts">
        <Fact label={t.owner} testId="clinic-owner-email" value={clinic.ownerEmail ?? ''}>
          {clinic.ownerEmail ? <bdi dir="ltr">{clinic.ownerEmail}</bdi> : t.none}
        </Fact>
        <Fact label={t.createdAt} testId="clinic-created-at" value={clinic.createdAt}>
          {date(clinic.createdAt)}
        </Fact>
        <Fact label={t.emailVerified} testId="clinic-email-verified" value={String(clinic.emailVerified)}>
          {yesNo(clinic.emailVerified)}
        </Fact>
        <Fact label={t.setupCompleted} testId="clinic-setup-completed" value={clinic.setupCompletedAt ?? ''}>
          {clinic.setupCompletedAt ? date(clinic.setupCompletedAt) : t.no}
        </Fact>
        <Fact label={t.timeZone} testId="settings-time-zone" value={clinic.timeZone}>
          <bdi dir="ltr">{clinic.timeZone}</bdi>
        </Fact>
        {s && (
          <>
            <Fact label={t.clinicName} testId="settings-name">
              {s.name}
            </Fact>
            <Fact label={t.languages} testId="settings-languages" value={s.languages.join(' ')}>
              {list(s.languages.map((l) => t.languageNames[l]))}
            </Fact>
            <Fact label={t.ticketPrefix} testId="settings-ticket-prefix" value={s.ticketPrefix}>
              {s.ticketPrefix ? <bdi dir="ltr">{s.ticketPrefix}</bdi> : t.none}
            </Fact>
            <Fact label={t.defaultMinutes} testId="settings-minutes" value={s.defaultConsultationMinutes}>
              {num(s.defaultConsultationMinutes)}
            </Fact>
            <Fact label={t.selfCheckIn} testId="settings-self-check-in" value={String(s.selfCheckIn)}>
              {yesNo(s.selfCheckIn)}
            </Fact>
            <Fact label={t.display} testId="settings-display" value={s.display}>
              {t.displayModes[s.display]}
            </Fact>
            <Fact label={t.retentionDays} testId="settings-retention" value={s.retentionDays}>
              {num(s.retentionDays)}
            </Fact>
          </>
        )}
      </dl>
      {!s && (
        <p class="muted" data-testid="no-settings">
          {t.noSettings}
        </p>
      )}
    </section>
  );
}
