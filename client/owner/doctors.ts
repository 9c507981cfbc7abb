// The clinic's doctors, for names in the reports and for editing. The owner
// API has no doctors list: the owner's own token may pull the replicated
// `doctors` collection (every doctor, inactive ones too), but only for the
// clinic it was issued for. Another owned clinic falls back to its public
// check-in page, which lists the active doctors only.
import { MAX_PULL_LIMIT, pullPath, SCHEMA_VERSION, SCHEMA_VERSION_HEADER } from '../../shared/protocol.ts';
import type { ApiResult, OwnerApi } from './api.ts';
import { DoctorPull, PublicClinic } from './schemas.ts';

export interface DoctorRow { id: string; name: string; room: string; active: boolean }
export interface ClinicDoctors { doctors: DoctorRow[]; /** false when inactive doctors could not be listed */ complete: boolean }

export async function loadDoctors(api: OwnerApi, clinicId: string, tokenClinicId: string): Promise<ApiResult<ClinicDoctors>> {
  if (clinicId !== tokenClinicId) {
    const r = await api.get(`/api/checkin/v1/${encodeURIComponent(clinicId)}`, PublicClinic);
    if (!r.ok) return r;
    return { ok: true, data: { doctors: sortByName(r.data.doctors.map((d) => ({ ...d, active: true }))), complete: false } };
  }
  const byId = new Map<string, DoctorRow>();
  for (let seq = 0; ;) {
    const r = await api.get(`${pullPath('doctors')}?seq=${seq}&limit=${MAX_PULL_LIMIT}`, DoctorPull, { [SCHEMA_VERSION_HEADER]: String(SCHEMA_VERSION) });
    if (!r.ok) return r;
    for (const d of r.data.documents) {
      if (d._deleted) byId.delete(d.id);
      else byId.set(d.id, { id: d.id, name: d.name, room: d.room, active: d.active });
    }
    if (r.data.documents.length < MAX_PULL_LIMIT) break;
    seq = r.data.checkpoint.seq;
  }
  return { ok: true, data: { doctors: sortByName([...byId.values()]), complete: true } };
}

function sortByName(ds: DoctorRow[]): DoctorRow[] {
  return ds.sort((a, b) => a.name.localeCompare(b.name));
}

/** Doctor ids made in the browser, like the tablets' ids: short, URL-safe, unique enough per clinic. */
export function newDoctorId(): string {
  return `doc-${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
}
