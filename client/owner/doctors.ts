// The clinic's doctors, for names in the reports and for editing.
import type { ApiResult, OwnerApi } from './api.ts';
import { DoctorList } from './schemas.ts';

export interface DoctorRow {
  id: string;
  name: string;
  room: string;
  active: boolean;
}

export async function loadDoctors(api: OwnerApi, clinicId: string): Promise<ApiResult<DoctorRow[]>> {
  const r = await api.get(`/api/owner/clinics/${encodeURIComponent(clinicId)}/doctors`, DoctorList);
  return r.ok ? { ok: true, data: r.data.doctors.map(({ id, name, room, active }) => ({ id, name, room, active })) } : r;
}

/** Doctor ids made in the browser, like the tablets' ids: short, URL-safe, unique enough per clinic. */
export function newDoctorId(): string {
  return `doc-${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
}
