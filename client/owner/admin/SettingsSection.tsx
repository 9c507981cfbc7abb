// The clinic's settings document (saving sends only the fields that changed),
// and the tablets' window of past days, a clinic setting saved on its own.
import { Settings } from '../../../shared/schemas.ts';
import type { OwnerApi } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { LoadState } from '../ui/LoadState.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { SettingsForm, type EditableSettings } from './SettingsForm.tsx';
import { WindowSection } from './WindowForm.tsx';

interface Props {
  api: OwnerApi;
  base: string;
}

export function SettingsSection({ api, base }: Props) {
  const { t } = useI18n();
  const settings = useLoad(() => api.get(`${base}/settings`, Settings), [api, base]);
  const save = async (patch: Partial<EditableSettings>) => {
    const r = await api.send('PATCH', `${base}/settings`, patch, Settings);
    if (r.ok || r.code === 'conflict') settings.reload();
    return r.ok ? null : r.code;
  };
  return (
    <section class="card admin-card" aria-labelledby="settings-title">
      <h2 id="settings-title">{t.settingsTitle}</h2>
      <LoadState load={settings.load} onRetry={settings.reload}>
        {(s) => <SettingsForm settings={s} onSave={save} />}
      </LoadState>
      <WindowSection api={api} base={base} />
    </section>
  );
}
