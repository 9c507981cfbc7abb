import { describe, expect, it } from 'vitest';
import {
  CODE_ALPHABET,
  CODE_LENGTH,
  clinicCode,
  codeMessage,
  formatCode,
  type Mac,
  normalizeClinicCode,
  normalizeCode,
  normalizeTicket,
  sameCode,
  ticketCode,
} from './ticket-code.ts';

const CLINIC = '0b0f3a4e-7a58-4d0c-9a43-1c5d2b1c9e11';
/** WebCrypto, as the tablet computes it. */
const macWith =
  (key: string): Mac =>
  async (message) => {
    const k = await crypto.subtle.importKey('raw', new TextEncoder().encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return new Uint8Array(await crypto.subtle.sign('HMAC', k, new TextEncoder().encode(message)));
  };

describe('ticketCode', () => {
  it('when derived with a key, then it is 6 characters of the alphabet, the same every time', async () => {
    const a = await ticketCode(macWith('device-key'), CLINIC, 'entry-1');
    expect(a).toHaveLength(CODE_LENGTH);
    expect([...a].every((ch) => CODE_ALPHABET.includes(ch))).toBe(true);
    expect(await ticketCode(macWith('device-key'), CLINIC, 'entry-1')).toBe(a);
  });

  it('when the entry, the clinic or the key differs, then the code differs', async () => {
    const base = await ticketCode(macWith('k1'), CLINIC, 'entry-1');
    expect(await ticketCode(macWith('k1'), CLINIC, 'entry-2')).not.toBe(base);
    expect(await ticketCode(macWith('k2'), CLINIC, 'entry-1')).not.toBe(base);
    expect(await ticketCode(macWith('k1'), CLINIC.replace('0b', '0c'), 'entry-1')).not.toBe(base);
  });

  it('when the MAC is known, then the code is its first 30 bits in base 32, most significant first', async () => {
    // 0b00001 00010 00011 00100 00101 00110 (then anything): 1 2 3 4 5 6.
    const bits = '000010001000011001000010100110' + '00';
    const bytes = new Uint8Array(32);
    for (let i = 0; i < 4; i++) bytes[i] = Number.parseInt(bits.slice(i * 8, i * 8 + 8), 2);
    expect(await ticketCode(async () => bytes, CLINIC, 'e')).toBe('123456');
    expect(await ticketCode(async () => new Uint8Array(32).fill(255), CLINIC, 'e')).toBe('ZZZZZZ');
  });

  it('when the codes of many entries are derived, then they spread over the alphabet (no character stuck)', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 400; i++) for (const ch of await ticketCode(macWith('k'), CLINIC, `e${i}`)) seen.add(ch);
    expect(seen.size).toBe(CODE_ALPHABET.length);
  });

  it('signs a message of its own, not something a ticket link could be', () => {
    expect(codeMessage(CLINIC, 'e1')).toBe(`doctorq ticket code\n${CLINIC}\ne1`);
  });
});

describe('what a patient types', () => {
  it('when the code is typed in lower case, spaced, dashed, or with O, I or L for digits, then it reads as printed', () => {
    expect(formatCode('K7M0Q1')).toBe('K7M 0Q1');
    for (const typed of ['K7M0Q1', 'k7m 0q1', 'K7M-OQ1', ' k7mOqi ', 'K7M0QL']) expect(normalizeCode(typed)).toBe('K7M0Q1');
  });

  it('when it cannot be a code, then null', () => {
    for (const typed of ['', 'K7M0Q', 'K7M0Q12', 'K7M0QU', 'K7M0Q!', 'ابجدهو']) expect(normalizeCode(typed)).toBeNull();
  });

  it('when a ticket number is typed without its dash or in lower case, then it reads as printed', () => {
    expect(normalizeTicket('ma014')).toBe('MA-014');
    expect(normalizeTicket(' MA - 014 ')).toBe('MA-014');
    expect(normalizeTicket('W-1234')).toBe('W-1234');
    for (const typed of ['014', 'MA-01', 'M4-014', '']) expect(normalizeTicket(typed)).toBeNull();
  });

  it("when the clinic code is typed in any case, with a dash, then it is the clinic id's last 8 hex digits", () => {
    expect(clinicCode(CLINIC)).toBe('2B1C9E11');
    expect(normalizeClinicCode('2B1C-9E11')).toBe('2b1c9e11');
    expect(normalizeClinicCode(clinicCode(CLINIC))).toBe(CLINIC.slice(-8));
    for (const typed of ['2b1c9e1', '2b1c9e1g', '']) expect(normalizeClinicCode(typed)).toBeNull();
  });
});

describe('sameCode', () => {
  it('is equality of codes', () => {
    expect(sameCode('ABC123', 'ABC123')).toBe(true);
    expect(sameCode('ABC123', 'ABC124')).toBe(false);
    expect(sameCode('ABC123', 'ABC12')).toBe(false);
  });
});
