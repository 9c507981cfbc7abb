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
}
