// The sign-in answer, one definition for the server that sends it and the
// devices that keep it.
import { z } from 'zod';
import { DocId } from './schemas.ts';

export const STAFF_ROLES = ['owner', 'receptionist', 'doctor'] as const;
export const StaffRole = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof StaffRole>;

/** A reception tablet, a waiting-room display, or the doctor's own screen in the consultation room. */
export const DeviceKind = z.enum(['reception', 'display', 'doctor']);
export type DeviceKind = z.infer<typeof DeviceKind>;

/** A device's kind as chosen at enrolment: a doctor device names the one doctor whose queue it shows, other kinds none. */
export function boundRight(d: { kind: DeviceKind; doctorId?: string | undefined }): boolean {
  return (d.kind === 'doctor') === (d.doctorId !== undefined);
}
export const BOUND_RIGHT = { message: 'a doctor device names its doctor, and only a doctor device does', path: ['doctorId'] };

export const EnrolledDevice = z.object({
  id: z.string(),
  kind: DeviceKind,
  /** Ticket series: each device numbers its own tickets. */
  series: z.string().min(1),
  name: z.string(),
  /** A reception tablet signs patients' ticket links with it, offline; displays and doctor devices get none. */
  capabilityKey: z.string().min(1).nullable(),
  /** The doctor a doctor device is bound to; null for other kinds (absent in grants kept from before doctor devices). */
  doctorId: DocId.nullable().default(null),
});
export type EnrolledDevice = z.infer<typeof EnrolledDevice>;

export const Grant = z.object({
  accessToken: z.string().min(1),
  accessTokenExpiresAt: z.number(),
  refreshToken: z.string().min(1),
  user: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  clinic: z.object({ id: z.string(), name: z.string() }),
  /** The person's membership role; null on a device's session, whose authority is its kind (`device.kind`), never its enroller's role. */
  role: StaffRole.nullable(),
  device: EnrolledDevice.nullable(),
  /** The person's clinics and roles, to switch between them; none on a device's session (it serves one clinic). */
  clinics: z.array(z.object({ id: z.string(), name: z.string(), role: StaffRole })),
});
export type Grant = z.infer<typeof Grant>;

/** The owner area offers to revoke devices not seen for this many days (a browser signed in once as a tablet and forgotten). */
export const UNSEEN_DEVICE_DAYS = 30;
