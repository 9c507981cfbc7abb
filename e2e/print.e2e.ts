// The printed ticket, in Debian's Chromium against the real server: printed
// on the browser's print path by a tablet with no network, read back from the
// PDF Chromium prints, its QR and its typed codes opened on a patient's phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { startE2eServer, type E2eServer } from './support/server.ts';
import { DEMO } from './support/api.ts';
import { seriousA11yViolations } from './support/audit.ts';
import { drawnModules, expectedModules, pdfPagesMm } from './support/printed.ts';
import { ReceptionPage } from './pages/reception.ts';
import { PatientPage } from './pages/patient.ts';
import { OwnerPage } from './pages/owner.ts';

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

/** The owner's administration section, signed in. */
async function ownerAdmin(): Promise<OwnerPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const owner = new OwnerPage(await context.newPage(), server.url);
  await owner.open();
  await owner.signIn(DEMO.owner, DEMO.password);
  await owner.show('admin');
  return owner;
}

/** A reception tablet whose print dialog is counted, not opened (ReceptionPage.countPrints). */
async function tablet(name: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const r = new ReceptionPage(await context.newPage(), server.url);
  await r.countPrints();
  await r.open();
  await r.signIn(DEMO.reception, DEMO.password, name);
  await r.waitUntilOfflineReady();
  return { context, r };
}

/** The entry a ticket link's token names (read, not verified: the patient pages verify it). */
const linkEntryId = (link: string) => JSON.parse(Buffer.from(link.split('#t=')[1]!.split('.')[1]!, 'base64url').toString()).eid as string;

/** What the printer gets: Chromium's print of the page at the ticket's own @page size. */
async function printPdf(r: ReceptionPage) {
  return pdfPagesMm(await r.page.pdf({ preferCSSPageSize: true, printBackground: true }));
}

/** The printed ticket as the print media shows it: its number, codes, direction, QR and what else is visible. */
async function printedView(r: ReceptionPage) {
  await r.page.emulateMedia({ media: 'print' });
  try {
    const t = r.printedTicket();
    const svg = t.locator('svg.qr');
    return {
      visible: await t.isVisible(),
      appVisible: await r.page.locator('#app').isVisible(),
      number: (await t.locator('.pt-number').textContent())?.trim(),
      dir: await t.getAttribute('dir'),
      lang: await t.getAttribute('lang'),
      entryId: (await t.getAttribute('data-entry-id'))!,
      clinicCode: (await t.getByTestId('printed-clinic-code').textContent())!.trim(),
      code: (await t.getByTestId('printed-code').textContent())!.trim(),
      qrText: (await svg.getAttribute('data-qr-text'))!,
      qrPath: (await svg.locator('path').getAttribute('d'))!,
      qrSize: Number((await svg.getAttribute('viewBox'))!.split(' ')[2]),
    };
  } finally {
    // Not 'screen': page.pdf() prints in whatever media is emulated.
    await r.page.emulateMedia({ media: null });
  }
}

describe('printed ticket', () => {
  it('when a patient is registered with the tablet offline, then the ticket prints at the receipt width with the number, a QR that opens their page and codes that open it too', async () => {
    const { context, r } = await tablet('Front desk');
    await context.setOffline(true);
    await r.waitForPhase('offline');

    const ticket = await r.registerAndPrint('Amel Haddad');
    const printed = await printedView(r);
    const pages = await printPdf(r);
    // One page, the ticket's own: the app around it is not printed.
    expect(pages).toHaveLength(1);
    expect(pages[0]!.width).toBeCloseTo(80, 0);
    expect(printed).toMatchObject({ visible: true, appVisible: false, number: ticket });
    // What the print view held when window.print() was called is what it shows: it printed once it was complete.
    expect(await r.lastPrint()).toEqual({ entryId: printed.entryId, link: printed.qrText });
    // The QR drawn is, module for module, the link's encoding.
    expect(drawnModules(printed.qrPath, printed.qrSize)).toEqual(expectedModules(printed.qrText));
    expect(printed.qrText).toMatch(new RegExp(`^${server.url}/patient\\.html#t=`));

    // Back online, the entry reaches the server; the patient's phone opens the QR's link.
    await context.setOffline(false);
    await r.waitForPhase('online');
    await r.page.waitForFunction(() => document.querySelector('[data-testid="pending-count"]')?.textContent === '0');
    const phone = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const scanned = new PatientPage(await phone.newPage());
    await scanned.open(printed.qrText);
    // Until the server's first answer the page shows "—" (loading): read it once the entry is known there.
    await scanned.waitForStatus('waiting');
    expect(await scanned.ticket()).toBe(ticket);

    // A phone without a camera: the codes typed on the patient page open the same ticket.
    const typing = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const typed = new PatientPage(await typing.newPage());
    await typed.page.goto(`${server.url}/patient.html`);
    for (const lang of ['ar', 'fr', 'en'] as const) {
      await typed.language(lang);
      expect({ lang, violations: await seriousA11yViolations(typed.page) }).toEqual({ lang, violations: [] });
    }
    await typed.typeCodes({ clinic: printed.clinicCode, ticket: ticket.toLowerCase(), code: printed.code });
    await typed.waitForStatus('waiting');
    expect(await typed.ticket()).toBe(ticket);
    const entryOf = (p: PatientPage) =>
      p.page.evaluate(() => JSON.parse(atob(location.hash.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).eid as string);
    expect(await entryOf(typed)).toBe(printed.entryId);
    expect(await entryOf(scanned)).toBe(printed.entryId);

    await Promise.all([context.close(), phone.close(), typing.close()]);
  });

  it('when the owner chooses 58 mm paper and "always print", then a patient registered offline in Arabic gets a right-to-left ticket without a tap, a reprint from the queue row is the same paper, and A4 when the owner switches', async () => {
    const owner = await ownerAdmin();
    await owner.setTicketPrinting('58mm', true);

    // Signed in after the change: the settings are on the tablet before it goes offline.
    const { context, r } = await tablet('Desk 2');
    await context.setOffline(true);
    await r.waitForPhase('offline');
    const ticket = await r.registerAutoPrinted('Rania Saidi', 'ar');
    const printed = await printedView(r);
    expect(printed).toMatchObject({ visible: true, appVisible: false, number: ticket, dir: 'rtl', lang: 'ar' });
    expect(await r.printedTicket().textContent()).toContain('امسح الرمز لمتابعة دورك');
    expect(drawnModules(printed.qrPath, printed.qrSize)).toEqual(expectedModules(printed.qrText));
    const pages = await printPdf(r);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.width).toBeCloseTo(58, 0);

    // The receptionist closes the card; the patient lost the ticket: a reprint from their row.
    await r.page.getByTestId('ticket-close').click();
    await r.reprint(ticket);
    expect(await r.printedTicket().getAttribute('data-ticket')).toBe(ticket);
    const again = await printPdf(r);
    expect(again).toHaveLength(1);
    expect(again[0]!.width).toBeCloseTo(58, 0);

    // Another patient's ticket, then this one's again: each print carries its own patient's link, never the last one's.
    const next = await r.registerAutoPrinted('Hedi Mansour', 'fr');
    const other = await printedView(r);
    expect(other).toMatchObject({ number: next, dir: 'ltr', lang: 'fr' });
    expect(await r.lastPrint()).toEqual({ entryId: other.entryId, link: other.qrText });
    expect(linkEntryId(other.qrText)).toBe(other.entryId);
    await r.reprint(ticket);
    // At the moment of printing, not only afterwards: the QR was this patient's.
    const atPrint = await r.lastPrint();
    expect(atPrint.entryId).toBe(printed.entryId);
    expect(linkEntryId(atPrint.link!)).toBe(printed.entryId);
    const reprinted = await printedView(r);
    expect(reprinted).toMatchObject({ number: ticket, entryId: printed.entryId, dir: 'rtl', code: printed.code });
    expect(linkEntryId(reprinted.qrText)).toBe(printed.entryId);
    expect(drawnModules(reprinted.qrPath, reprinted.qrSize)).toEqual(expectedModules(reprinted.qrText));

    // An office printer: the owner switches to A4; once the settings reach the tablet, a reprint is an A4 sheet.
    await context.setOffline(false);
    await r.waitForPhase('online');
    await owner.setTicketPrinting('a4', true);
    await expect
      .poll(
        async () => {
          await r.reprint(ticket);
          return r.printedTicket().getAttribute('data-paper');
        },
        { timeout: 15_000 },
      )
      .toBe('a4');
    const sheet = await printPdf(r);
    expect(sheet).toHaveLength(1);
    expect(sheet[0]!.width).toBeCloseTo(210, 0);
    expect(sheet[0]!.height).toBeCloseTo(297, 0);
    await owner.page.context().close();
    await context.close();
  });
});
