// Page object for the reception tablet: what a receptionist does, in the
// words of the screen, so tests read like the receptionist's day.
import type { Locator, Page } from 'playwright-core';

export class ReceptionPage {
  constructor(
    readonly page: Page,
    readonly base: string,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.base}/`);
  }

  async signIn(email: string, password: string, deviceName = 'Reception'): Promise<void> {
    await this.page.getByTestId('login-email').fill(email);
    await this.page.getByTestId('login-password').fill(password);
    await this.page.getByTestId('login-device-name').fill(deviceName);
    await this.page.getByTestId('login-submit').click();
    await this.waitForPhase('online');
  }

  /** "Forgot your password?" from the sign-in screen; resolves once the screen says a link is on its way. */
  async forgotPassword(email: string): Promise<string> {
    await this.page.getByTestId('login-forgot').click();
    await this.page.getByTestId('login-forgot-email').fill(email);
    await this.page.getByTestId('login-forgot-submit').click();
    const sent = this.page.getByTestId('login-forgot-sent');
    await sent.waitFor();
    return (await sent.textContent()) ?? '';
  }

  /** Back from the "forgot" screen to the sign-in form. */
  async backToSignIn(): Promise<void> {
    await this.page.getByTestId('login-forgot-back').click();
    await this.page.getByTestId('login-email').waitFor();
  }

  /**
   * Opens the page as the owner's QR code does (`/?enrol=<code>`), names the
   * tablet and enrols it; throws with the screen's error code if refused.
   */
  async enrolWithCode(code: string, deviceName = 'Reception'): Promise<void> {
    await this.page.goto(`${this.base}/?enrol=${encodeURIComponent(code)}`);
    await this.page.getByTestId('enrol-device-name').fill(deviceName);
    await this.page.getByTestId('enrol-submit').click();
    const status = this.page.getByTestId('sync-status');
    const error = this.page.getByTestId('enrol-error');
    await status.or(error).first().waitFor();
    if (await error.isVisible()) throw new Error(`enrolment refused: ${await error.getAttribute('data-error')}`);
    await this.waitForPhase('online');
  }

  /** The service worker controls the page: from now on it reloads with no network. */
  async waitUntilOfflineReady(): Promise<void> {
    await this.page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 30_000 });
  }

  async waitForPhase(phase: string, timeout = 30_000): Promise<void> {
    await this.page.locator(`[data-testid="sync-status"][data-phase="${phase}"]`).waitFor({ timeout });
  }

  async register(name: string, opts: { phone?: string; urgent?: boolean } = {}): Promise<string> {
    await this.page.getByTestId('register-name').fill(name);
    if (opts.phone) await this.page.getByTestId('register-phone').fill(opts.phone);
    if (opts.urgent) await this.page.getByTestId('register-urgent').check();
    await this.page.getByTestId('register-submit').click();
    const issued = this.page.getByTestId('ticket-issued');
    await issued.waitFor();
    const ticket = (await issued.getAttribute('data-ticket'))!;
    await this.page.getByTestId('ticket-close').click();
    await this.row(ticket).waitFor();
    return ticket;
  }

  row(ticket: string): Locator {
    return this.page.locator(`[data-testid="queue-row"][data-ticket="${ticket}"]`);
  }

  /** Waiting tickets in queue order. */
  async waiting(): Promise<string[]> {
    return this.page.locator('[data-testid="queue-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket')!));
  }

  async serving(): Promise<{ ticket: string; status: string }[]> {
    return this.page
      .locator('[data-testid="serving-row"]')
      .evaluateAll((rows) => rows.map((r) => ({ ticket: r.getAttribute('data-ticket')!, status: r.getAttribute('data-status')! })));
  }

  async noShows(): Promise<string[]> {
    return this.page.locator('[data-testid="noshow-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket')!));
  }

  /** Moves the row up one place and waits for the screen to show it (the write is local, but not synchronous). */
  async moveUp(ticket: string): Promise<void> {
    const before = (await this.waiting()).indexOf(ticket);
    await this.row(ticket).getByTestId('move-up').click();
    await this.page.waitForFunction(
      ({ t, i }) =>
        [...document.querySelectorAll('[data-testid="queue-row"]')].findIndex((r) => r.getAttribute('data-ticket') === t) === i - 1,
      { t: ticket, i: before },
    );
  }

  /** Taps the row's move-up button and returns at once: the screen shows the move from memory, the write follows. */
  async tapMoveUp(ticket: string): Promise<void> {
    await this.row(ticket).getByTestId('move-up').click();
  }

  /** The message a failed local write shows (in the page's language). */
  writeFailedBanner(): Locator {
    return this.page.getByTestId('banner-write-failed');
  }

  async noShow(ticket: string): Promise<void> {
    await this.row(ticket).getByTestId('no-show').click();
    await this.row(ticket).waitFor({ state: 'detached' });
  }

  /** Call next in the general queue (unassigned patients), or for one doctor. */
  async callNext(doctorId = ''): Promise<void> {
    await this.page.locator(`[data-testid="call-next"][data-doctor-id="${doctorId}"]`).first().click();
  }

  /** The write is local but not synchronous: wait for the screen to show the called patient. */
  async waitForServing(ticket: string): Promise<void> {
    await this.page.locator(`[data-testid="serving-row"][data-ticket="${ticket}"]`).waitFor();
  }

  async pending(): Promise<number> {
    return Number(await this.page.getByTestId('pending-count').textContent());
  }

  async suspendedBannerVisible(): Promise<boolean> {
    return this.page.getByTestId('banner-suspended').isVisible();
  }

  /** Shows on the first push the server refuses: the tablet must have a change to send. */
  async waitForSuspendedBanner(timeout = 30_000): Promise<void> {
    await this.page.getByTestId('banner-suspended').waitFor({ timeout });
  }

  /** Goes on the next accepted push; a suspended clinic's pushes are offered again every 10 s. */
  async waitForSuspendedBannerGone(timeout = 30_000): Promise<void> {
    await this.page.getByTestId('banner-suspended').waitFor({ state: 'detached', timeout });
  }

  async language(lang: 'ar' | 'fr' | 'en'): Promise<void> {
    await this.page.getByTestId('lang-switch').selectOption(lang);
    await this.page.waitForFunction((l) => document.documentElement.lang === l, lang);
  }

  /** "Close the day" with the receptionist's choice for patients still waiting; resolves once the summary shows. */
  async closeDay(choice: 'not_seen' | 'carry_over' = 'not_seen'): Promise<void> {
    await this.page.getByTestId('close-day').click();
    await this.page.getByTestId(`close-choice-${choice}`).check();
    await this.page.getByTestId('close-day-confirm').click();
    await this.page.getByTestId('day-summary').waitFor();
  }

  /** The summary's figures as shown (the page's language), and its per-doctor table as text. */
  async summary(): Promise<Record<string, string>> {
    return this.page.getByTestId('day-summary').evaluate((el) => {
      const out: Record<string, string> = {};
      for (const dd of el.querySelectorAll('[data-testid^="summary-"]')) out[dd.getAttribute('data-testid')!] = dd.textContent ?? '';
      return out;
    });
  }

  /** Every value this tablet stores in IndexedDB (RxDB's documents and its bookkeeping), as one text. */
  async storedText(): Promise<string> {
    return this.page.evaluate(async () => {
      const parts: string[] = [];
      for (const info of await indexedDB.databases()) {
        const db = await new Promise<IDBDatabase>((ok, fail) => {
          const r = indexedDB.open(info.name!);
          r.onsuccess = () => ok(r.result);
          r.onerror = () => fail(r.error);
        });
        for (const name of db.objectStoreNames) {
          const all = await new Promise<unknown[]>((ok, fail) => {
            const r = db.transaction(name).objectStore(name).getAll();
            r.onsuccess = () => ok(r.result);
            r.onerror = () => fail(r.error);
          });
          parts.push(JSON.stringify(all));
        }
        db.close();
      }
      return parts.join('\n');
    });
  }
}
