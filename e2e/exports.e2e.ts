// The owner exports the demo clinic's visits in Chromium: without names, then
// with them; the files hold what was asked, and the audit log says which.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { seriousA11yViolations } from './support/audit.ts';
import { startE2eServer, type E2eServer } from './support/server.ts';
import { DEMO } from './support/api.ts';
import { listDocs } from '../server/docs/reads.ts';
import { OwnerPage } from './pages/owner.ts';
import { NAME_COLUMNS, VISIT_COLUMNS } from '../shared/visit-export.ts';

let server: E2eServer;
let browser: Browser;
beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function demoDocs<T>(collection: 'entries' | 'doctors'): Promise<T[]> {
  const [demo] = await server.db.query<{ clinic_id: string }>(
    `SELECT m.clinic_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE lower(u.email) = $1 AND m.role = 'owner'`,
    [DEMO.owner],
  );
  return listDocs<T>(server.db, demo!.clinic_id, collection);
}

describe('visit exports', () => {
  it('when the owner exports a period without names, then with names, then the files hold what was asked and the audit log shows both', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const o = new OwnerPage(await context.newPage(), server.url);
    await o.open();
    await o.language('en');
    await o.signIn(DEMO.owner, DEMO.password);
    await o.page.getByTestId('kpi-visits').waitFor();
    expect(await seriousA11yViolations(o.page)).toEqual([]);
    const from = await o.page.getByTestId('range-from').inputValue();
    const to = await o.page.getByTestId('range-to').inputValue();
    const visits = await o.kpi('kpi-visits');
    const entries = (await demoDocs<{ name: string; phone: string | null; day: string }>('entries')).filter(
      (e) => e.day >= from && e.day <= to,
    );
    const doctors = await demoDocs<{ name: string }>('doctors');
    expect(entries.length).toBe(visits);

    const plain = await o.exportVisits('csv', false);
    expect(plain.name).toBe(`doctorq-visits-${from}-${to}.csv`);
    const plainLines = plain.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(plainLines[0]).toBe(VISIT_COLUMNS.join(','));
    expect(plainLines).toHaveLength(1 + visits);
    // The CSV names doctors; a patient may share a doctor's name.
    const withoutDoctors = doctors.reduce((text, d) => text.replaceAll(d.name, ''), plain.text);
    expect(entries.filter((e) => withoutDoctors.includes(e.name)).map((e) => e.name)).toEqual([]);
    expect(plain.text).not.toContain('+216');

    await o.page.getByTestId('export-names').check();
    await o.page.locator('#export-names-warning.banner').waitFor();
    const named = await o.exportVisits('csv', true);
    const namedLines = named.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(namedLines[0]).toBe([...VISIT_COLUMNS, ...NAME_COLUMNS].join(','));
    expect(namedLines).toHaveLength(1 + visits);
    const shown = entries.filter((e) => named.text.includes(e.name));
    expect(shown.length).toBe(entries.length);

    await o.show('audit');
    const details = await o.auditDetails('export.visits');
    expect(details).toHaveLength(2);
    expect(details[0]).toContain('with names and phones');
    expect(details[1]).toContain('without names');
    for (const d of details) expect(d).toContain(`${from} – ${to}`);

    await o.language('ar');
    const arabic = await o.auditDetails('export.visits');
    expect(arabic[0]).toContain('مع الأسماء والهواتف');
    expect(arabic[1]).toContain('بدون أسماء');
    await context.close();
  });
});
