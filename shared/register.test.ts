import { describe, expect, it } from 'vitest';
import { registerEntry, type Registration } from './register.ts';
import { Entry } from './schemas.ts';

const CLINIC = '0b0f3a4e-7a58-4d0c-9a43-1c5d2b1c9e11';
const walkIn = (overrides: Partial<Registration> = {}): Registration => ({
  id: 'e1',
  clinicId: CLINIC,
  name: ' Amel Haddad ',
  phone: null,
  doctorId: null,
  priority: 'normal',
  source: 'reception',
  series: 'A',
  day: '2026-11-28',
  ...overrides,
});

describe('registerEntry', () => {
  it("when the patient's language is chosen, then the entry carries it (their ticket and messages are in it)", () => {
    const e = registerEntry([], walkIn({ language: 'ar' }), 1_000);
    expect(Entry.parse(e).language).toBe('ar');
  });

  it("when no language is chosen, then null: the clinic's language, whichever it is when the ticket prints", () => {
    expect(registerEntry([], walkIn(), 1_000).language).toBeNull();
    expect(registerEntry([], walkIn({ language: null }), 1_000).language).toBeNull();
  });

  it('when the patient agrees to WhatsApp, then the entry records it only with a phone to send to', () => {
    expect(registerEntry([], walkIn({ phone: '+216 20 000 001', whatsapp: true }), 1_000).whatsapp).toBe(true);
    expect(registerEntry([], walkIn({ phone: null, whatsapp: true }), 1_000).whatsapp).toBe(false);
    expect(registerEntry([], walkIn({ phone: '+216 20 000 001' }), 1_000).whatsapp).toBe(false);
  });
});
