// Admin actions go to the same audit log as document writes (dq_push).
import type { Queryable } from '../db/database.ts';
import type { Actor } from '../docs/writes.ts';
import type { AuditEvent } from '../../shared/audit.ts';
import type { AuditLine } from '../../shared/clinic-export.ts';

export async function audit(
  db: Queryable,
  clinicId: string,
  actor: Actor,
  action: string,
  target: string | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  await db.query('INSERT INTO audit_log (clinic_id, actor_user, actor_device, action, target, details) VALUES ($1, $2, $3, $4, $5, $6)', [
    clinicId,
    actor.userId,
    actor.deviceId,
    action,
    target,
    JSON.stringify(details),
  ]);
}

/**
 * Newest first; `before` pages by id. The target is named as the clinic knows
 * it: a visit by its ticket (never the patient's name), a doctor, device or
 * member of the staff by name; null when it is gone (a purged visit) or has no name.
 */
export function readAudit(db: Queryable, clinicId: string, before: number | undefined, limit: number): Promise<AuditEvent[]> {
  return db.query<AuditEvent>(
    `SELECT a.id, a.at, a.actor_user AS actor, u.name AS "actorName", a.actor_device AS device, d.name AS "deviceName", o.name AS "operatorName",
            a.action, a.target, a.details,
            CASE split_part(a.action, '.', 1)
              WHEN 'entries' THEN (SELECT x.data ->> 'ticket' FROM docs x WHERE x.clinic_id = a.clinic_id AND x.collection = 'entries' AND x.id = a.target)
              -- A patient's own action from their ticket page (server/public/ticket-actions.ts).
              WHEN 'ticket' THEN (SELECT x.data ->> 'ticket' FROM docs x WHERE x.clinic_id = a.clinic_id AND x.collection = 'entries' AND x.id = a.target)
              WHEN 'doctors' THEN (SELECT x.data ->> 'name' FROM docs x WHERE x.clinic_id = a.clinic_id AND x.collection = 'doctors' AND x.id = a.target)
              WHEN 'device' THEN (SELECT td.name FROM devices td WHERE td.clinic_id = a.clinic_id AND td.id::text = a.target)
              -- A member of the staff, as named beside their own actions; an invitation (not yet a member) stays unnamed.
              WHEN 'staff' THEN (SELECT tu.name FROM users tu WHERE tu.id::text = a.target)
            END AS "targetLabel"
       FROM audit_log a
       LEFT JOIN users u ON u.id = a.actor_user
       LEFT JOIN devices d ON d.clinic_id = a.clinic_id AND d.id = a.actor_device
       LEFT JOIN operators o ON o.id = a.actor_operator
      WHERE a.clinic_id = $1 AND ($2::bigint IS NULL OR a.id < $2)
      ORDER BY a.id DESC LIMIT $3`,
    [clinicId, before ?? null, limit],
  );
}

export async function countAudit(db: Queryable, clinicId: string): Promise<number> {
  const [r] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE clinic_id = $1', [clinicId]);
  return r!.n;
}

/** The whole-clinic export's audit rows after id `after`, oldest first, each actor with the name the clinic knows. */
export function auditAfter(db: Queryable, clinicId: string, after: number | null, limit: number): Promise<Omit<AuditLine, 'type'>[]> {
  return db.query(
    `SELECT a.id, a.at, a.action, a.target, a.details,
            CASE WHEN a.actor_user IS NULL THEN NULL ELSE json_build_object('id', a.actor_user, 'name', u.name) END AS "user",
            CASE WHEN a.actor_device IS NULL THEN NULL ELSE json_build_object('id', a.actor_device, 'name', d.name) END AS device,
            o.name AS operator
       FROM audit_log a
       LEFT JOIN users u ON u.id = a.actor_user
       LEFT JOIN devices d ON d.clinic_id = a.clinic_id AND d.id = a.actor_device
       LEFT JOIN operators o ON o.id = a.actor_operator
      WHERE a.clinic_id = $1 AND ($2::bigint IS NULL OR a.id > $2)
      ORDER BY a.id LIMIT $3`,
    [clinicId, after, limit],
  );
}
