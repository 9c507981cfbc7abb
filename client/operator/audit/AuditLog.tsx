// The clinic's audit log, newest first, a page at a time ("older" asks for
// the events before the last one shown). Reading it is itself logged
// (operator.audit_read), after the page it returns.
import { Fragment } from 'preact';
import type { Plan } from '../../../shared/saas.ts';
import { useAuditLog } from '../../ui/useAuditLog.ts';
import { AuditOlder } from '../../ui/AuditOlder.tsx';
import { AuditPage, type AuditEvent } from '../../../shared/audit.ts';
import type { OperatorApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { errorText } from '../ui/errors.ts';
import { LoadState } from '../ui/LoadState.tsx';
import { actionLabel, actorLabel, describeDetails } from './describe.ts';

interface Props {
  api: OperatorApi;
  /** The clinic's audit path. */
  path: string;
  plans: Plan[] | null;
}

export function AuditLog({ api, path, plans }: Props) {
  const { t } = useI18n();
  const { first, older, more, loadOlder, done } = useAuditLog((q) => api.get(`${path}?${q}`, AuditPage), [api, path]);

  return (
    <section class="card op-card wide" aria-labelledby="audit-title">
      <h2 id="audit-title">{t.auditTitle}</h2>
      <LoadState load={first.load} onRetry={first.reload}>
        {(page) => {
          const all = [...page.events, ...older];
          const last = all.at(-1);
          return (
            <>
              <AuditTable events={all} plans={plans} />
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

function AuditTable({ events, plans }: { events: AuditEvent[]; plans: Plan[] | null }) {
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  return (
    <div class="table-scroll">
      <table data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">{t.when}</th>
            <th scope="col">{t.who}</th>
            <th scope="col">{t.action}</th>
            <th scope="col">{t.device}</th>
            <th scope="col">{t.details}</th>
          </tr>
        </thead>
        <tbody>
          {events.length === 0 && (
            <tr>
              <td colSpan={5} class="muted">
                {t.noEvents}
              </td>
            </tr>
          )}
          {events.map((e) => {
            const { words, fields } = describeDetails(e, plans, i18n);
            return (
              <tr key={e.id} data-testid="audit-row" data-action={e.action} data-target={e.target ?? ''}>
                <td class="nowrap">{dateTime(e.at)}</td>
                <td>
                  <bdi>{actorLabel(e, i18n)}</bdi>
                </td>
                <td>{actionLabel(e.action, i18n)}</td>
                <td>{e.deviceName ?? t.none}</td>
                <td>
                  {words.map((w, n) => (
                    <Fragment key={n}>
                      {n > 0 && ' · '}
                      <bdi>{w}</bdi>
                    </Fragment>
                  ))}
                  {fields.length > 0 && (
                    <>
                      {words.length > 0 && ' · '}
                      {t.fieldsLabel} <bdi class="mono">{fields.join(', ')}</bdi>
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
