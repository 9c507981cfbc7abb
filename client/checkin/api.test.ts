import { describe, expect, it } from 'vitest';
import { clinicFromHash, newRequestId, onSiteFromHash } from './api.ts';

describe('check-in link and request ids', () => {
  it('when the QR fragment carries a clinic id, then it is read; anything else is refused', () => {
    expect(clinicFromHash('#c=0b0f3a4e-7a58-4d0c-9a43-1c5d2b1c9e11')).toBe('0b0f3a4e-7a58-4d0c-9a43-1c5d2b1c9e11');
    expect(clinicFromHash('#c=../../api')).toBeNull();
    expect(clinicFromHash('')).toBeNull();
  });

  it("when the QR on the clinic's screen carries an on-site code, then it is read beside the clinic; a plain link has none", () => {
    const id = '0b0f3a4e-7a58-4d0c-9a43-1c5d2b1c9e11';
    expect(onSiteFromHash(`#c=${id}&o=eyJh.eyJj.c2ln`)).toBe('eyJh.eyJj.c2ln');
    expect(clinicFromHash(`#c=${id}&o=eyJh.eyJj.c2ln`)).toBe(id);
    expect(onSiteFromHash(`#c=${id}`)).toBeNull();
    expect(onSiteFromHash(`#c=${id}&o=<script>`)).toBeNull();
  });

  it('when a form loads, then its request id is a UUID the server accepts, different each time', () => {
    const a = newRequestId();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newRequestId()).not.toBe(a);
  });
});
