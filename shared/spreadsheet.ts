// What a spreadsheet must never run. One rule for every CSV the server writes
// (the report's figures, the visits' export).

/**
 * A cell a spreadsheet would run as a formula (OWASP's CSV injection rule): a
 * leading = + - @, tab or carriage return.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Such a cell gets a leading apostrophe, which spreadsheets show as text and do not run. */
export const neutralised = (v: string): string => (FORMULA_START.test(v) ? `'${v}` : v);
