import type { OwnerApi } from '../api.ts';
import type { DoctorRow } from '../doctors.ts';
import type { OwnedClinic } from '../schemas.ts';
import type { Loaded } from '../../ui/useLoad.ts';
import { BookingSection } from '../booking/BookingSection.tsx';
import { DevicesSection } from './DevicesSection.tsx';
import { DoctorScreenSection } from './DoctorScreenSection.tsx';
import { DoctorsSection } from './DoctorsSection.tsx';
import { HoursSection } from './HoursSection.tsx';
import { PasswordForm } from './PasswordForm.tsx';
import { SettingsSection } from './SettingsSection.tsx';
import { StaffSection } from './StaffSection.tsx';

interface Props {
  api: OwnerApi;
  clinic: OwnedClinic;
  doctors: Loaded<DoctorRow[]>;
}

export function AdminView({ api, clinic, doctors }: Props) {
  const base = `/api/owner/clinics/${encodeURIComponent(clinic.id)}`;
  return (
    <div class="admin">
      <DevicesSection api={api} base={base} />
      <DoctorScreenSection api={api} base={base} doctors={doctors} />
      <StaffSection api={api} base={base} />
      <DoctorsSection api={api} base={base} doctors={doctors} />
      <SettingsSection api={api} base={base} />
      <BookingSection api={api} base={base} doctors={doctors} />
      <HoursSection api={api} base={base} />
      <PasswordForm api={api} />
    </div>
  );
}
