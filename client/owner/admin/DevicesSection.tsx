// The clinic's enrolled tablets and screens, each with when it was last seen,
// so a lost tablet stands out from one in use. Revoking one signs it out
// everywhere at once: its stream closes and it shows "device revoked". The
// ticket links it printed keep working through their day (patients are
// waiting with them) unless the owner says it was stolen. Every browser
// signed in as a tablet takes a place in the plan: the forgotten ones are
// revoked in one go.
import { useState } from 'preact/hooks';
import type { OwnerApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { DeviceList, RevokedDevices, type Device } from '../schemas.ts';
import { UNSEEN_DEVICE_DAYS } from '../../../shared/auth.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { errorText } from '../ui/errors.ts';
import { LoadState } from '../ui/LoadState.tsx';
import { useLoad } from '../../ui/useLoad.ts';

interface Props {
  api: OwnerApi;
  /** The clinic's owner-API path. */
  base: string;
}

export function DevicesSection({ api, base }: Props) {
  const { t } = useI18n();
  const devices = useLoad(() => api.get(`${base}/devices`, DeviceList), [api, base]);
  const [confirming, setConfirming] = useState<Device | null>(null);
  const [stolen, setStolen] = useState(false);
  const [confirmingUnseen, setConfirmingUnseen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const revoke = async (device: Device) => {
    setBusy(true);
    setError(null);
    setDone(null);
    const r = await api.empty('DELETE', `${base}/devices/${encodeURIComponent(device.id)}?stolen=${stolen}`);
    setBusy(false);
    setConfirming(null);
    // 404: revoked meanwhile (another tab, another owner): the fresh list shows it.
    if (r.ok || r.code === 'not_found') devices.reload();
    else setError(errorText(t, r.code, t.errServer));
  };

  const revokeUnseen = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    const r = await api.send('POST', `${base}/devices/revoke-unseen`, { days: UNSEEN_DEVICE_DAYS }, RevokedDevices);
    setBusy(false);
    setConfirmingUnseen(false);
    if (r.ok) {
      setDone(t.revokeUnseenDone(r.data.revoked.length));
      devices.reload();
    } else setError(errorText(t, r.code, t.errServer));
  };

  return (
    <section class="card admin-card" aria-labelledby="devices-title">
      <h2 id="devices-title">{t.devicesTitle}</h2>
      <p class="muted">{t.devicesIntro}</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p class="muted" role="status" data-testid="revoke-unseen-done">
          {done}
        </p>
      )}
      <LoadState load={devices.load} onRetry={devices.reload}>
        {({ devices: list }) => (
          <DevicesTable
            devices={list}
            onRevoke={(d) => {
              setStolen(false);
              setConfirming(d);
            }}
          />
        )}
      </LoadState>
      <button type="button" class="btn" data-testid="revoke-unseen" onClick={() => setConfirmingUnseen(true)}>
        {t.revokeUnseen(UNSEEN_DEVICE_DAYS)}
      </button>
      {confirming && (
        <ConfirmDialog
          title={t.revokeTitle(confirming.name)}
          confirmLabel={t.confirmRevoke}
          cancelLabel={t.cancel}
          confirmTestId="confirm-revoke"
          busy={busy}
          onConfirm={() => void revoke(confirming)}
          onCancel={() => setConfirming(null)}
        >
          <p>{t.revokeText}</p>
          {confirming.kind === 'reception' && (
            <label>
              <input type="checkbox" data-testid="revoke-stolen" checked={stolen} onChange={(e) => setStolen(e.currentTarget.checked)} />{' '}
              {t.revokeStolen}
              <small class="muted"> {t.revokeStolenHint}</small>
            </label>
          )}
        </ConfirmDialog>
      )}
      {confirmingUnseen && (
        <ConfirmDialog
          title={t.revokeUnseenTitle(UNSEEN_DEVICE_DAYS)}
          confirmLabel={t.confirmRevoke}
          cancelLabel={t.cancel}
          confirmTestId="confirm-revoke-unseen"
          busy={busy}
          onConfirm={() => void revokeUnseen()}
          onCancel={() => setConfirmingUnseen(false)}
        >
          <p>{t.revokeUnseenText}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function DevicesTable({ devices, onRevoke }: { devices: Device[]; onRevoke: (d: Device) => void }) {
  const { t, dateTime, ago } = useI18n();
  return (
    <div class="table-scroll">
      <table data-testid="devices-table">
        <thead>
          <tr>
            <th scope="col">{t.name}</th>
            <th scope="col">{t.kind}</th>
            <th scope="col">{t.series}</th>
            <th scope="col">{t.enrolledOn}</th>
            <th scope="col">{t.lastSeen}</th>
            <th scope="col">{t.status}</th>
            <td />
          </tr>
        </thead>
        <tbody>
          {devices.length === 0 && (
            <tr>
              <td colSpan={7} class="muted">
                {t.noDevices}
              </td>
            </tr>
          )}
          {devices.map((d) => (
            <tr key={d.id} data-testid="device-row" data-device-id={d.id} data-revoked={String(d.revoked_at !== null)}>
              <th scope="row">{d.name}</th>
              <td>{t.kinds[d.kind]}</td>
              <td>{d.series}</td>
              <td>{dateTime(d.created_at)}</td>
              <td title={d.last_seen_at ? dateTime(d.last_seen_at) : undefined}>{d.last_seen_at ? ago(d.last_seen_at) : t.never}</td>
              <td>
                {d.revoked_at ? (
                  <span class="tag danger">{t.revokedOn(dateTime(d.revoked_at))}</span>
                ) : (
                  <span class="tag ok">{t.active}</span>
                )}
              </td>
              <td>
                {!d.revoked_at && (
                  <button type="button" class="btn danger-text" data-testid="revoke-device" onClick={() => onRevoke(d)}>
                    {t.revoke}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
