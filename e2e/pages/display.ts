// Page object for the waiting-room screen (display.html).
import type { Page } from 'playwright-core';

export interface ServingRow {
  ticket: string;
  doctorId: string;
  status: string;
}

export class DisplayPage {
  constructor(
    readonly page: Page,
    readonly base: string,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.base}/display.html`);
  }

  async signIn(email: string, password: string, screenName = 'Salle d’attente'): Promise<void> {
    await this.page.getByTestId('display-login-email').fill(email);
    await this.page.getByTestId('display-login-password').fill(password);
    await this.page.getByTestId('display-login-device-name').fill(screenName);
    await this.page.getByTestId('display-login-submit').click();
    await this.page.getByTestId('sound-toggle').waitFor();
  }

  /** The reception's worker (scope /) controls the screen: it reloads with no network. */
  async waitUntilOfflineReady(): Promise<void> {
    await this.page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 30_000 });
  }

  async serving(): Promise<ServingRow[]> {
    return this.page.locator('[data-testid="serving"]').evaluateAll((rows) =>
      rows.map((r) => ({
        ticket: r.getAttribute('data-ticket')!,
        doctorId: r.getAttribute('data-doctor-id')!,
        status: r.getAttribute('data-status')!,
      })),
    );
  }

  async next(): Promise<string[]> {
    return this.page.locator('[data-testid="next"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket')!));
  }

  async waitForServing(ticket: string, timeout = 10_000): Promise<void> {
    await this.page.locator(`[data-testid="serving"][data-ticket="${ticket}"]`).waitFor({ timeout });
  }

  /** Doctors on a break or absent, as the screen words them. */
  async away(): Promise<{ doctorId: string; text: string }[]> {
    return this.page
      .locator('[data-testid="away-row"]')
      .evaluateAll((rows) => rows.map((r) => ({ doctorId: r.getAttribute('data-doctor-id')!, text: (r as HTMLElement).innerText })));
  }

  async waitForAway(doctorId: string, timeout = 10_000): Promise<void> {
    await this.page.locator(`[data-testid="away-row"][data-doctor-id="${doctorId}"]`).waitFor({ timeout });
  }

  /** A screen opened from the reception (ReceptionPage.openLocalScreen): no sign-in, the board as soon as the tab answers. */
  static local(page: Page): DisplayPage {
    return new DisplayPage(page, new URL(page.url()).origin);
  }

  async waitForReceptionQuiet(quiet: boolean, timeout = 15_000): Promise<void> {
    await this.page.getByTestId('reception-quiet').waitFor({ state: quiet ? 'visible' : 'detached', timeout });
  }

  async isStale(): Promise<boolean> {
    return (await this.page.getByTestId('stale').count()) > 0;
  }

  async language(lang: 'ar' | 'fr' | 'en'): Promise<void> {
    await this.page.getByTestId('lang-switch').selectOption(lang);
    await this.page.waitForFunction((l) => document.documentElement.lang === l, lang);
  }
}
