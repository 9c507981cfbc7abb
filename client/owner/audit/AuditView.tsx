// Every staff and admin action of the clinic, newest first, a page at a time
// ("older" asks for the events before the last one shown).
import type { OwnerApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import type { OwnedClinic } from '../schemas.ts';
import { AuditPage, type AuditEvent } from '../../../shared/audit.ts';
import { errorText } from '../ui/errors.ts';
import { LoadState } from '../ui/LoadState.tsx';
import { useAuditLog } from '../../ui/useAuditLog.ts';
import { AuditOlder } from '../../ui/AuditOlder.tsx';
import { actionLabel, describeDetails } from './describe.ts';

export function AuditView({ api, clinic }: { api: OwnerApi; clinic: OwnedClinic }) {
  const { t } = useI18n();
  const path = `/api/owner/clinics/${encodeURIComponent(clinic.id)}/audit`;
  const { first, older, more, loadOlder, done } = useAuditLog((q) => api.get(`${path}?${q}`, AuditPage), [api, path]);

  return (
    <section class="card admin-card" aria-labelledby="audit-title">
      <h2 id="audit-title">{t.auditTitle}</h2>
      <LoadState load={first.load} onRetry={first.reload}>
        {(page) => {
          const all = [...page.events, ...older];
          const last = all.at(-1);
          return (
            <>
              <AuditTable events={all} />
              <AuditOlder
                more={more}
                last={last}
                done={done(page)}
                onOlder={(before) => void loadOlder(before)}
                texts={{ failed: (code) => errorText(t, code, t.loadFailed), loading: t.loading, older: t.older }}
              />
            </>
          );
        }}
      </LoadState>
    </section>
  );
}

function AuditTable({ events }: { events: AuditEvent[] }) {
  const i18n = useI18n();
  const { t, dateTime, locale } = i18n;
  return (
    <div class="table-scroll">
      <table data-testid="audit-table" class="audit">
        <thead>
          <tr>
            <th scope="col">{t.when}</th>
            <th scope="col">{t.who}</th>
            <th scope="col">{t.action}</th>
            <th scope="col">{t.target}</th>
            <th scope="col">{t.device}</th>
            <th scope="col">{t.details}</th>
          </tr>
        </thead>
        <tbody>
          {events.length === 0 && (
            <tr>
              <td colSpan={6} class="muted">
                {t.noEvents}
              </td>
            </tr>
          )}
          {events.map((e) => {
            const { words, fields } = describeDetails(e.action, e.details, i18n);
            return (
              <tr key={e.id} data-testid="audit-row" data-action={e.action} data-target={e.target ?? ''}>
                <td class="nowrap">{dateTime(e.at)}</td>
                <td>{e.actorName ?? (e.operatorName ? t.operator(e.operatorName) : t.system)}</td>
                <td>{actionLabel(e.action, i18n)}</td>
                {/* The raw id stays at hand (title) for support; people read the ticket or the name. */}
                <td class="nowrap" title={e.target ?? undefined} data-testid="audit-target">
                  <bdi>{e.targetLabel ?? t.none}</bdi>
                </td>
                <td>{e.deviceName ?? t.none}</td>
                <td>
                  {words.join(' · ')}
                  {fields.length > 0 && (
                    <>
                      {words.length > 0 && ' · '}
                      {t.fieldsLabel}{' '}
                      <span data-testid="audit-fields">
                        {new Intl.ListFormat(locale, { style: 'narrow', type: 'unit' }).format(fields)}
                      </span>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
