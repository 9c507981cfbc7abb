// The clinic's enrolled tablets and screens. Revoking one signs it out
// everywhere at once: its stream closes and it shows "device revoked".
import { useState } from 'preact/hooks';
import type { OwnerApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { DeviceList, type Device } from '../schemas.ts';
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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const revoke = async (device: Device) => {
    setBusy(true);
    setError(null);
    const r = await api.empty('DELETE', `${base}/devices/${encodeURIComponent(device.id)}`);
    setBusy(false);
    setConfirming(null);
    // 404: revoked meanwhile (another tab, another owner): the fresh list shows it.
    if (r.ok || r.code === 'not_found') devices.reload();
    else setError(errorText(t, r.code, t.errServer));
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
      <LoadState load={devices.load} onRetry={devices.reload}>
        {({ devices: list }) => <DevicesTable devices={list} onRevoke={setConfirming} />}
      </LoadState>
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
        </ConfirmDialog>
      )}
    </section>
  );
}

function DevicesTable({ devices, onRevoke }: { devices: Device[]; onRevoke: (d: Device) => void }) {
  const { t, dateTime } = useI18n();
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
              <td>{d.last_seen_at ? dateTime(d.last_seen_at) : t.never}</td>
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
