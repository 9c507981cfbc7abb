// Page object for the patient's ticket page (patient.html#t=…), in the words
// of the screen: the ticket, the place in the queue, the banners.
import type { Page } from 'playwright-core';

export class PatientPage {
  constructor(readonly page: Page) {}

  async open(link: string): Promise<void> {
    await this.page.goto(link);
    await this.page.getByTestId('ticket').waitFor();
  }

  /** The patient page's own service worker controls it: from now on it reloads with no network. */
  async waitUntilOfflineReady(): Promise<void> {
    await this.page.waitForFunction(() => navigator.serviceWorker?.controller?.scriptURL.endsWith('/patient-sw.js') === true, undefined, {
      timeout: 30_000,
    });
  }

  text(testId: string): Promise<string> {
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText(): the text as rendered, which the test means; not the DOM property.
    return this.page.getByTestId(testId).innerText();
  }

  ticket(): Promise<string> {
    return this.text('ticket');
  }

  /** The wait range in minutes, as the page computed it (null before it shows one). */
  async eta(): Promise<{ low: number; high: number } | null> {
    const el = this.page.getByTestId('eta');
    const low = await el.getAttribute('data-low');
    return low === null ? null : { low: Number(low), high: Number(await el.getAttribute('data-high')) };
  }

  /** Resolves once the wait's low end passes `minutes` (the page recomputes as the queue and the doctors change). */
  async waitForEtaAbove(minutes: number, timeout = 10_000): Promise<void> {
    await this.page.waitForFunction((m) => Number(document.querySelector('[data-testid="eta"]')?.getAttribute('data-low')) > m, minutes, {
      timeout,
    });
  }

  async status(): Promise<string> {
    return (await this.page.getByTestId('status').getAttribute('data-status'))!;
  }

  async waitForStatus(status: string, timeout = 10_000): Promise<void> {
    await this.page.locator(`[data-testid="status"][data-status="${status}"]`).waitFor({ timeout });
  }

  /** Resolves when the position shows `position`; rejects after `timeout` ms. */
  async waitForPosition(position: number, timeout = 10_000): Promise<void> {
    await this.page.waitForFunction((p) => document.querySelector('[data-testid="position"]')?.textContent === String(p), position, {
      timeout,
      polling: 'raf',
    });
  }

  async place(): Promise<{ position: string; ahead: string; eta: string }> {
    return { position: await this.text('position'), ahead: await this.text('ahead'), eta: await this.text('eta') };
  }

  async calledRoom(): Promise<string | null> {
    await this.page.getByTestId('called-banner').waitFor();
    return this.page.getByTestId('called-banner').getAttribute('data-room');
  }

  async isStale(): Promise<boolean> {
    return (await this.page.getByTestId('stale').count()) > 0;
  }

  /** Connected, and saying that the clinic's reception is not: the queue shown may be behind. */
  async waitForReceptionQuiet(quiet: boolean, timeout = 15_000): Promise<void> {
    await this.page.getByTestId('reception-quiet').waitFor({ state: quiet ? 'visible' : 'detached', timeout });
  }

  async language(lang: 'ar' | 'fr' | 'en'): Promise<void> {
    await this.page.getByTestId('lang-switch').selectOption(lang);
    await this.page.waitForFunction((l) => document.documentElement.lang === l, lang);
  }

  /** "I'm running late" with one of the offered delays (10, 20 or 30 minutes). */
  async runningLate(minutes: 10 | 20 | 30): Promise<void> {
    await this.page.getByTestId('running-late').click();
    await this.page.getByTestId(`late-${minutes}`).click();
  }

  /** The "late until" line, or null when the patient is not (or no longer) late. */
  async lateUntil(): Promise<string | null> {
    const el = this.page.getByTestId('late-until');
    return (await el.count()) > 0 ? this.text('late-until') : null;
  }

  /** "Cancel my visit", confirmed in the dialog. */
  async cancelVisit(): Promise<void> {
    await this.page.getByTestId('cancel-visit').click();
    await this.page.getByTestId('confirm-dialog').waitFor();
    await this.page.getByTestId('confirm-cancel-yes').click();
  }

  async imHere(): Promise<void> {
    await this.page.getByTestId('im-here').click();
  }

  /** On a page with no ticket (patient.html): types a printed ticket's codes and waits for its ticket to open. */
  async typeCodes(codes: { clinic: string; ticket: string; code: string }): Promise<void> {
    const form = this.page.getByTestId('type-code');
    await form.getByTestId('code-clinic').fill(codes.clinic);
    await form.getByTestId('code-ticket').fill(codes.ticket);
    await form.getByTestId('code-code').fill(codes.code);
    await form.getByTestId('code-open').click();
    await this.page.getByTestId('ticket').waitFor();
  }
}
