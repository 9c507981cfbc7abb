// What the owner API answers (docs/api.md, "Owner area"), parsed at the edge
// so a changed server shows "could not load" instead of a broken chart.
import { z } from 'zod';
import { DeviceKind, StaffRole } from '../../shared/auth.ts';
import { Day, Doctor } from '../../shared/schemas.ts';

export const OwnedClinics = z.object({
  clinics: z.array(z.object({ id: z.string(), name: z.string(), timeZone: z.string() })),
});
export type OwnedClinic = z.infer<typeof OwnedClinics>['clinics'][number];

const Minutes = z.number().nullable();
const Spread = z.object({ count: z.number(), medianMin: Minutes, p90Min: Minutes });

export const Report = z.object({
  from: Day,
  to: Day,
  timeZone: z.string(),
  perDay: z.array(
    z.object({ day: Day, total: z.number(), seen: z.number(), noShow: z.number(), cancelled: z.number(), selfCheckIn: z.number() }),
  ),
  wait: Spread,
  consultation: z.array(Spread.extend({ doctorId: z.string().nullable() })),
  totals: z.object({ visits: z.number(), noShowRate: z.number(), cancellationRate: z.number(), selfCheckInShare: z.number() }),
  busyHours: z.array(z.object({ weekday: z.number().int().min(1).max(7), hour: z.number().int().min(0).max(23), visits: z.number() })),
  appointments: z.object({
    visitsBooked: z.number(),
    visitsWalkIn: z.number(),
    bookings: z.number(),
    online: z.number(),
    arrived: z.number(),
    noShow: z.number(),
    cancelled: z.number(),
    noShowRate: z.number(),
    punctuality: z.object({ count: z.number(), medianMin: Minutes, withinWindowShare: z.number() }),
  }),
});
export type Report = z.infer<typeof Report>;

export const StaffList = z.object({
  staff: z.array(z.object({ id: z.string(), name: z.string(), email: z.string(), role: StaffRole, created_at: z.string() })),
});
export type StaffMember = z.infer<typeof StaffList>['staff'][number];
export const NewMember = z.object({ id: z.string(), name: z.string(), email: z.string(), role: StaffRole });

export const DeviceList = z.object({
  devices: z.array(
    z.object({
      id: z.string(),
      kind: DeviceKind,
      name: z.string(),
      series: z.string(),
      created_at: z.string(),
      last_seen_at: z.string().nullable(),
      revoked_at: z.string().nullable(),
    }),
  ),
});
export const RevokedDevices = z.object({ revoked: z.array(z.string()) });
export type Device = z.infer<typeof DeviceList>['devices'][number];

export const DoctorList = z.object({ doctors: z.array(Doctor) });

/** POST /api/signup/verify. */
export const Verified = z.object({ verified: z.literal(true) });
