// The name and phone rules of the register form and the edit dialog: the
// server's own (the entry schema), checked on the tablet so the message is in
// the receptionist's language.
import { Entry } from '../../shared/schemas.ts';

export type FieldError = 'name' | 'phone' | null;

export function validatePatient(name: string, phone: string): FieldError {
  if (!Entry.shape.name.safeParse(name).success) return 'name';
  if (phone.trim() !== '' && !Entry.shape.phone.safeParse(phone.trim()).success) return 'phone';
  return null;
}
