import { describe, expect, it } from 'vitest';
import { splitEnrolLink } from './enrol-link.ts';

describe('splitEnrolLink', () => {
  it('when the QR code opens the page, then the code is taken and the address is the bare page', () => {
    expect(splitEnrolLink('https://clinic.example/?enrol=ABCD2345')).toEqual({ code: 'ABCD2345', href: 'https://clinic.example/' });
  });

  it('when other parameters or a hash are there, then only the code goes', () => {
    expect(splitEnrolLink('https://clinic.example/?lang=ar&enrol=abcd-2345#x')).toEqual({
      code: 'abcd-2345',
      href: 'https://clinic.example/?lang=ar#x',
    });
  });

  it('when the parameter is empty, then the code form opens empty and the parameter still goes', () => {
    expect(splitEnrolLink('https://clinic.example/?enrol=')).toEqual({ code: '', href: 'https://clinic.example/' });
  });

  it('when there is no code, then the address is left exactly as it was', () => {
    const href = 'https://clinic.example/?a=b%20c';
    expect(splitEnrolLink(href)).toEqual({ code: null, href });
  });
});
