import { useState } from 'preact/hooks';
import { LanguageSwitch, useI18n } from './i18n/index.ts';
import type { OwnedClinic } from './schemas.ts';
import type { Section } from './Workspace.tsx';

interface Props {
  clinics: OwnedClinic[];
  clinic: OwnedClinic | undefined;
  section: Section;
  /** The setup checklist is not finished: its tab comes first. */
  setupOpen: boolean;
  onPick: (clinicId: string) => void;
  onSignOut: () => Promise<void>;
}

/** Each tab's test id: the e2e page objects click them. */
const TAB_TEST_IDS: Record<Section, string> = {
  setup: 'nav-setup',
  reports: 'tab-reports',
  admin: 'tab-admin',
  audit: 'tab-audit',
  subscription: 'nav-subscription',
  branches: 'tab-branches',
};

export function Header({ clinics, clinic, section, setupOpen, onPick, onSignOut }: Props) {
  const { t } = useI18n();
  const [leaving, setLeaving] = useState(false);
  const tabs: [Section, string][] = [
    // Also while it is the page shown: the checklist just finished keeps its tab until the owner moves on.
    ...(setupOpen || section === 'setup' ? [['setup', t.tabSetup] as [Section, string]] : []),
    ['reports', t.tabReports],
    ['admin', t.tabAdmin],
    ['audit', t.tabAudit],
    ['subscription', t.tabSubscription],
    ['branches', t.tabBranches],
  ];
  return (
    <header class="owner-top">
      <div class="owner-brand">
        <img src="/icon.svg" alt="" width={32} height={32} />
        {clinics.length > 1 ? (
          <label class="clinic-pick">
            <h1 class="visually-hidden">{t.appTitle}</h1>
            <span class="visually-hidden">{t.clinic}</span>
            <select data-testid="clinic-picker" value={clinic?.id} onChange={(e) => onPick(e.currentTarget.value)}>
              {clinics.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <h1 data-testid="clinic-name">{clinic?.name ?? 'DoctorQ'}</h1>
        )}
      </div>
      <nav class="owner-tabs" aria-label={t.sections}>
        {tabs.map(([id, label]) => (
          <a key={id} href={`#${id}`} data-testid={TAB_TEST_IDS[id]} aria-current={section === id ? 'page' : undefined}>
            {label}
          </a>
        ))}
      </nav>
      <div class="owner-tools">
        <LanguageSwitch />
        <button
          type="button"
          class="btn"
          data-testid="owner-sign-out"
          disabled={leaving}
          onClick={() => {
            setLeaving(true);
            void onSignOut();
          }}
        >
          {t.signOut}
        </button>
      </div>
    </header>
  );
}
