import { describe, expect, it } from 'vitest';
import { erasePerson } from './erasure.ts';
import { ERASED_NAME } from './schemas.ts';

const visit = { id: 'v1', name: 'Amira Ben Ali', phone: '+216 20 000 000', whatsapp: true, status: 'done', day: '2026-12-01' };

describe('erasePerson', () => {
  it('takes the name, the phone and the WhatsApp opt-in, and keeps what reports count', () => {
    expect(erasePerson(visit)).toEqual({ id: 'v1', name: ERASED_NAME, phone: null, whatsapp: false, status: 'done', day: '2026-12-01' });
  });
});
