// Sessions: login, refresh-token rotation, device enrolment, revocation.
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import { seriesForDevice } from '../../shared/tickets.ts';
import { DUMMY_HASH, verifyPassword } from './passwords.ts';
import type { TokenKeys } from './tokens.ts';
import type { DeviceKind, Grant, StaffRole } from '../../shared/auth.ts';
import { assertDoctorOf, assertMayEnrol, mayEnrolKind } from './enrolment.ts';

/** A device to enrol: a doctor device names its doctor (shared/auth.ts, boundRight). */
export interface NewDevice {
  kind: DeviceKind;
  name: string;
  doctorId?: string | undefined;
}

export type { Grant };

/** A retried refresh whose response was lost arrives within this window. */
export const REFRESH_RETRY_GRACE_MS = 120_000;
export const REVOKED_CHANNEL = 'dq_revoked';

export interface SessionTimes {
  deviceDays: number;
  userHours: number;
}

export type LoginResult =
  | { ok: true; grant: Grant }
  | { ok: false; code: 'bad_credentials' | 'no_clinic' | 'device_not_allowed' | 'clinic_closed' }
  /** A device signed in by a member of several clinics (an owner's branches) that named none: the ones it could join. */
  | { ok: false; code: 'choose_clinic'; clinics: { id: string; name: string }[] };
export type EnrolResult = { ok: true; grant: Grant } | { ok: false; code: 'invalid_code' };
export type RefreshResult = { ok: true; grant: Grant } | { ok: false; code: 'invalid_refresh' | 'revoked' };

const hashToken = (t: string) => createHash('sha256').update(t).digest();
/** Enrolment codes are hashed like refresh tokens: a leaked table does not enrol anyone. */
export const hashEnrolmentCode = hashToken;
const newRefreshToken = () => randomBytes(32).toString('base64url');

interface MembershipRow {
  clinic_id: string;
  clinic_name: string;
  role: StaffRole;
  /** Its owner closed the clinic: no session opens or refreshes in it, and no grant lists it. */
  closed: boolean;
}

/** A device's "last seen" moves at most this often: one cheap UPDATE that usually matches nothing. */
export const LAST_SEEN_EVERY_MINUTES = 5;

/** Called on refresh and when a device opens its stream, so an owner can tell a tablet in use from a lost one. */
export async function markDeviceSeen(q: Queryable, clinicId: string, deviceId: string): Promise<void> {
  await q.query(
    `UPDATE devices SET last_seen_at = now() WHERE clinic_id = $1 AND id = $2
        AND (last_seen_at IS NULL OR last_seen_at < now() - make_interval(mins => $3))`,
    [clinicId, deviceId, LAST_SEEN_EVERY_MINUTES],
  );
}

export class Sessions {
  /** Keys the successor of a refresh token: only the server can compute it, so holding a token never reveals the next one. */
  private readonly successorKey: Uint8Array;

  constructor(
    private readonly db: Database,
    private readonly keys: TokenKeys,
    private readonly times: SessionTimes,
  ) {
    this.successorKey = keys.derive('refresh-successor');
  }

  /**
   * The token that replaces `token` at rotation. Derived rather than random so
   * a retry (or a replay) of `token` inside the grace window gets the same
   * successor again: a session never forks into two live branches.
   */
  private successor(token: string): string {
    return createHmac('sha256', this.successorKey).update(token).digest('base64url');
  }

  async login(input: {
    email: string;
    password: string;
    clinicId?: string | undefined;
    device?: NewDevice | undefined;
  }): Promise<LoginResult> {
    const [user] = await this.db.query<{ id: string; name: string; email: string; password_hash: string }>(
      'SELECT id, name, email, password_hash FROM users WHERE lower(email) = lower($1)',
      [input.email],
    );
    const valid = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
    if (!user || !valid) return { ok: false, code: 'bad_credentials' };
    const all = await this.memberships(user.id);
    const clinics = all.filter((c) => !c.closed);
    // A tablet belongs to one clinic: never enrolled in whichever membership comes first when several could take it.
    const enrolling = input.device && !input.clinicId ? clinics.filter((c) => mayEnrolKind(c.role, input.device!.kind)) : [];
    if (enrolling.length > 1)
      return { ok: false, code: 'choose_clinic', clinics: enrolling.map((c) => ({ id: c.clinic_id, name: c.clinic_name })) };
    const chosen = input.clinicId ? clinics.find((c) => c.clinic_id === input.clinicId) : (enrolling[0] ?? clinics[0]);
    if (!chosen) {
      const closed = input.clinicId ? all.some((c) => c.clinic_id === input.clinicId) : all.length > 0;
      return { ok: false, code: closed ? 'clinic_closed' : 'no_clinic' };
    }
    if (input.device && !mayEnrolKind(chosen.role, input.device.kind)) return { ok: false, code: 'device_not_allowed' };

    const grant = await this.db.transaction(async (tx) => {
      const device = input.device ? await this.enrol(tx, chosen.clinic_id, user.id, input.device) : null;
      return { ...(await this.openSession(tx, chosen.clinic_id, user.id, device)), device };
    });
    return {
      ok: true,
      grant: await this.grant(user, chosen, clinics, grant.sessionId, grant.refreshToken, grant.device),
    };
  }

  /**
   * A tablet enrols with a one-time code its owner made: the device session
   * is the code maker's, as if they had signed in on the tablet themselves.
   */
  async enrolWithCode(code: string, d: { kind: DeviceKind; name: string }): Promise<EnrolResult> {
    const opened = await this.db.transaction(async (tx) => {
      const [c] = await tx.query<{ clinic_id: string; created_by: string; doctor_id: string | null }>(
        `UPDATE enrolment_codes SET used_at = now() WHERE code_hash = $1 AND used_at IS NULL AND expires_at > now() AND kind = $2
         RETURNING clinic_id, created_by, doctor_id`,
        [hashEnrolmentCode(code), d.kind],
      );
      if (!c) return null;
      // The code's maker left the clinic (or may no longer enrol devices) since making it: the code dies with their access.
      const [maker] = await tx.query<{ role: StaffRole }>('SELECT role FROM memberships WHERE clinic_id = $1 AND user_id = $2', [
        c.clinic_id,
        c.created_by,
      ]);
      if (!maker || !mayEnrolKind(maker.role, d.kind)) return null;
      // A doctor device is bound to the doctor the code's maker chose.
      const device = await this.enrol(tx, c.clinic_id, c.created_by, { ...d, ...(c.doctor_id ? { doctorId: c.doctor_id } : {}) });
      await tx.query('UPDATE enrolment_codes SET device_id = $2 WHERE code_hash = $1', [hashEnrolmentCode(code), device.id]);
      return { ...(await this.openSession(tx, c.clinic_id, c.created_by, device)), device, clinicId: c.clinic_id, userId: c.created_by };
    });
    if (!opened) return { ok: false, code: 'invalid_code' };
    const [user] = await this.db.query<{ id: string; name: string; email: string }>('SELECT id, name, email FROM users WHERE id = $1', [
      opened.userId,
    ]);
    const clinics = (await this.memberships(opened.userId)).filter((c) => !c.closed);
    const chosen = clinics.find((c) => c.clinic_id === opened.clinicId);
    if (!user || !chosen) throw new Error('enrolment: the code maker vanished after the commit');
    return { ok: true, grant: await this.grant(user, chosen, clinics, opened.sessionId, opened.refreshToken, opened.device) };
  }

  private async openSession(tx: Queryable, clinicId: string, userId: string, device: { id: string } | null) {
    const refreshToken = newRefreshToken();
    const sessionId = randomUUID();
    const ttlMs = device ? this.times.deviceDays * 86_400_000 : this.times.userHours * 3_600_000;
    await tx.query(
      `INSERT INTO sessions (clinic_id, id, user_id, device_id, token_hash, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))`,
      [clinicId, sessionId, userId, device?.id ?? null, hashToken(refreshToken), ttlMs / 1000],
    );
    return { sessionId, refreshToken };
  }

  async refresh(refreshToken: string): Promise<RefreshResult> {
    const h = hashToken(refreshToken);
    const next = this.successor(refreshToken);
    const rows = await this.db.transaction(async (tx) => {
      const [s] = await tx.query<{
        clinic_id: string;
        id: string;
        user_id: string;
        device_id: string | null;
        revoked: boolean;
        expired: boolean;
        is_previous: boolean;
        in_grace: boolean;
        successor_is_current: boolean;
      }>(
        `SELECT clinic_id, id, user_id, device_id, revoked_at IS NOT NULL AS revoked, expires_at < now() AS expired,
                token_hash <> $1 AS is_previous, coalesce(rotated_at > now() - make_interval(secs => $2), false) AS in_grace,
                token_hash = $3 AS successor_is_current
           FROM sessions WHERE token_hash = $1 OR previous_hash = $1 FOR UPDATE`,
        [h, REFRESH_RETRY_GRACE_MS / 1000, hashToken(next)],
      );
      if (!s || s.expired) return { code: 'invalid_refresh' as const };
      if (s.revoked) return { code: 'revoked' as const };
      if (s.is_previous && !s.in_grace) {
        await this.revokeWhere(tx, 'clinic_id = $1 AND id = $2', [s.clinic_id, s.id]);
        return { code: 'revoked' as const };
      }
      // A previous token within the grace window (a retry whose answer was
      // lost, or a replay) gets the current token again, which is its
      // successor; rotating again would leave the other holder with a dead
      // token. A current token not derived from it (rotated by an older
      // version, or under another key) cannot be given again: sign in again.
      if (s.is_previous && !s.successor_is_current) return { code: 'invalid_refresh' as const };
      const [device] = s.device_id
        ? await tx.query<{ revoked: boolean }>('SELECT revoked_at IS NOT NULL AS revoked FROM devices WHERE clinic_id = $1 AND id = $2', [
            s.clinic_id,
            s.device_id,
          ])
        : [];
      if (device?.revoked) return { code: 'revoked' as const };
      if (!s.is_previous)
        await tx.query(`UPDATE sessions SET previous_hash = $3, token_hash = $4, rotated_at = now() WHERE clinic_id = $1 AND id = $2`, [
          s.clinic_id,
          s.id,
          h,
          hashToken(next),
        ]);
      return { code: 'ok' as const, session: s };
    });
    if (rows.code !== 'ok') return { ok: false, code: rows.code };
    const s = rows.session;
    const [user] = await this.db.query<{ id: string; name: string; email: string }>('SELECT id, name, email FROM users WHERE id = $1', [
      s.user_id,
    ]);
    const clinics = (await this.memberships(s.user_id)).filter((c) => !c.closed);
    const chosen = clinics.find((c) => c.clinic_id === s.clinic_id);
    if (!user || !chosen) return { ok: false, code: 'revoked' };
    const [device] = s.device_id
      ? await this.db.query<{ id: string; kind: DeviceKind; series: string; name: string; capabilityKey: string; doctorId: string | null }>(
          'SELECT id, kind, series, name, capability_key AS "capabilityKey", doctor_id AS "doctorId" FROM devices WHERE clinic_id = $1 AND id = $2',
          [s.clinic_id, s.device_id],
        )
      : [];
    if (device) await markDeviceSeen(this.db, s.clinic_id, device.id);
    return { ok: true, grant: await this.grant(user, chosen, clinics, s.id, next, device ?? null) };
  }

  /** Revokes the session holding this refresh token. Returns false if none. */
  async logout(refreshToken: string): Promise<boolean> {
    return (await this.db.transaction((tx) => this.revokeWhere(tx, 'token_hash = $1', [hashToken(refreshToken)]))) > 0;
  }

  /**
   * Signs the device out everywhere. `stolen`: its ticket links stop too, even
   * those it signed before; otherwise (a lost or retired tablet) those keep
   * working until their day ends, so waiting patients keep their page.
   */
  async revokeDevice(clinicId: string, deviceId: string, { stolen = false }: { stolen?: boolean } = {}): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const r = await tx.query(
        // Stolen: its key is replaced, so no link it ever signed verifies again (server/public/tickets.ts).
        `UPDATE devices SET revoked_at = now(), capability_key = CASE WHEN $3 THEN $4 ELSE capability_key END
          WHERE clinic_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING id`,
        [clinicId, deviceId, stolen, randomBytes(32).toString('base64url')],
      );
      await this.revokeWhere(tx, 'clinic_id = $1 AND device_id = $2', [clinicId, deviceId]);
      return r.length > 0;
    });
  }

  /** Revokes (as lost, not stolen) the clinic's devices not seen for `days` days; returns their ids. */
  async revokeUnseen(clinicId: string, days: number): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string }>(
        `UPDATE devices SET revoked_at = now() WHERE clinic_id = $1 AND revoked_at IS NULL
            AND coalesce(last_seen_at, created_at) < now() - make_interval(days => $2) RETURNING id`,
        [clinicId, days],
      );
      const ids = rows.map((r) => r.id);
      if (ids.length > 0) await this.revokeWhere(tx, 'clinic_id = $1 AND device_id = ANY($2::uuid[])', [clinicId, ids]);
      return ids;
    });
  }

  async listDevices(clinicId: string) {
    return this.db.query<{
      id: string;
      kind: DeviceKind;
      name: string;
      series: string;
      created_at: Date;
      last_seen_at: Date | null;
      revoked_at: Date | null;
      doctor_id: string | null;
    }>(
      'SELECT id, kind, name, series, created_at, last_seen_at, revoked_at, doctor_id FROM devices WHERE clinic_id = $1 ORDER BY created_at',
      [clinicId],
    );
  }

  /**
   * Ends a person's own sign-ins (not the tablets they enrolled), in every
   * clinic, but for `exceptSession`: after a password change or reset.
   */
  revokePersonSessions(tx: Queryable, userId: string, exceptSession: string | null): Promise<number> {
    return this.revokeWhere(tx, 'user_id = $1 AND device_id IS NULL AND id IS DISTINCT FROM $2', [userId, exceptSession]);
  }

  /**
   * A person leaves a clinic: their sessions there end, and so do the devices
   * they enrolled, whose sessions are theirs (a tablet keeps working only on
   * a present member's authority). Returns the revoked device ids.
   */
  async revokeMemberInClinic(tx: Queryable, clinicId: string, userId: string): Promise<string[]> {
    const devices = await tx.query<{ id: string }>(
      'UPDATE devices SET revoked_at = now() WHERE clinic_id = $1 AND enrolled_by = $2 AND revoked_at IS NULL RETURNING id',
      [clinicId, userId],
    );
    await this.revokeWhere(tx, 'clinic_id = $1 AND user_id = $2', [clinicId, userId]);
    return devices.map((d) => d.id);
  }

  /**
   * A member's own sign-ins in one clinic, whose access tokens carry the role
   * that just changed. Their tablets keep running: a device's refresh reads
   * the membership again.
   */
  revokeMemberSessionsInClinic(tx: Queryable, clinicId: string, userId: string): Promise<number> {
    return this.revokeWhere(tx, 'clinic_id = $1 AND user_id = $2 AND device_id IS NULL', [clinicId, userId]);
  }

  /**
   * The clinic closes: every device of it revoked and every session in it
   * ended, its owner's own sign-in there included (their sessions in their
   * other clinics go on). Inside the close's transaction, under the clinic's
   * row lock, so no sign-in opens a session between this and the commit.
   */
  async revokeClinic(tx: Queryable, clinicId: string): Promise<{ devices: number; sessions: number }> {
    const devices = await tx.query('UPDATE devices SET revoked_at = now() WHERE clinic_id = $1 AND revoked_at IS NULL RETURNING id', [
      clinicId,
    ]);
    return { devices: devices.length, sessions: await this.revokeWhere(tx, 'clinic_id = $1', [clinicId]) };
  }

  /** Session ids revoked recently enough that their access tokens may still be unexpired. */
  async recentlyRevoked(withinSeconds: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>('SELECT id FROM sessions WHERE revoked_at > now() - make_interval(secs => $1)', [
      withinSeconds,
    ]);
    return rows.map((r) => r.id);
  }

  private async revokeWhere(tx: Queryable, where: string, params: unknown[]): Promise<number> {
    const rows = await tx.query<{ id: string }>(
      `UPDATE sessions SET revoked_at = now() WHERE ${where} AND revoked_at IS NULL RETURNING id`,
      params,
    );
    // Delivered at commit to every instance: they close the streams of these sessions.
    if (rows.length > 0) await tx.query('SELECT pg_notify($1, $2)', [REVOKED_CHANNEL, rows.map((r) => r.id).join(',')]);
    return rows.length;
  }

  private async enrol(tx: Queryable, clinicId: string, userId: string, d: NewDevice) {
    // The one enrolment rule (every path comes here); it takes the clinic row lock, so two tablets
    // enrolling at once neither take the same series nor both pass the plan's limit.
    await assertMayEnrol(tx, clinicId, userId, d.kind);
    if (d.doctorId !== undefined) await assertDoctorOf(tx, clinicId, d.doctorId);
    const [{ n }] = (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM devices WHERE clinic_id = $1', [clinicId])) as [
      { n: number },
    ];
    const device = {
      id: randomUUID(),
      kind: d.kind,
      name: d.name,
      series: seriesForDevice(n),
      capabilityKey: randomBytes(32).toString('base64url'),
      doctorId: d.doctorId ?? null,
    };
    await tx.query(
      `INSERT INTO devices (clinic_id, id, kind, name, series, capability_key, enrolled_by, last_seen_at, doctor_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now(), $8)`,
      [clinicId, device.id, device.kind, device.name, device.series, device.capabilityKey, userId, device.doctorId],
    );
    return device;
  }

  private memberships(userId: string): Promise<MembershipRow[]> {
    return this.db.query<MembershipRow>(
      `SELECT m.clinic_id, c.name AS clinic_name, m.role, c.closed_at IS NOT NULL AS closed FROM memberships m JOIN clinics c ON c.id = m.clinic_id
        WHERE m.user_id = $1 ORDER BY m.created_at, c.name`,
      [userId],
    );
  }

  private async grant(
    user: { id: string; name: string; email: string },
    chosen: MembershipRow,
    clinics: MembershipRow[],
    sessionId: string,
    refreshToken: string,
    device: Grant['device'],
  ): Promise<Grant> {
    // Only reception tablets sign ticket links: a display or a doctor's screen never holds the key.
    if (device && device.kind !== 'reception') device = { ...device, capabilityKey: null };
    // A device's token names its kind, not its enroller's role: authority comes from the session's kind (auth/policy.ts).
    const access = await this.keys.sign({
      sub: user.id,
      cid: chosen.clinic_id,
      sid: sessionId,
      ...(device ? { dev: device.id, dk: device.kind } : { role: chosen.role }),
    });
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken,
      user: { id: user.id, name: user.name, email: user.email },
      clinic: { id: chosen.clinic_id, name: chosen.clinic_name },
      role: device ? null : chosen.role,
      device,
      clinics: device ? [] : clinics.map((c) => ({ id: c.clinic_id, name: c.clinic_name, role: c.role })),
    };
  }
}
