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
  /** "Waiting-room screen here": the screen opens in a window of this browser, fed by this tab. */
  async openLocalScreen(): Promise<Page> {
    const [screen] = await Promise.all([this.page.context().waitForEvent('page'), this.page.getByTestId('local-screen-open').click()]);
    await screen.waitForLoadState();
    return screen;
  }

  async waitUntilOfflineReady(): Promise<void> {
    await this.page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 30_000 });
  }

  async waitForPhase(phase: string, timeout = 30_000): Promise<void> {
    await this.page.locator(`[data-testid="sync-status"][data-phase="${phase}"]`).waitFor({ timeout });
  }

  async register(name: string, opts: { phone?: string; urgent?: boolean; doctorId?: string } = {}): Promise<string> {
    await this.page.getByTestId('register-name').fill(name);
    if (opts.phone) await this.page.getByTestId('register-phone').fill(opts.phone);
    if (opts.doctorId) await this.page.getByTestId('register-doctor').selectOption(opts.doctorId);
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

  /** The "late until" badge of a waiting row (the patient said they are running late). */
  lateBadge(ticket: string): Locator {
    return this.row(ticket).getByTestId('late-badge');
  }

  /** The receptionist's override: the late patient is here, called in their place again. */
  async clearLate(ticket: string): Promise<void> {
    await this.row(ticket).getByTestId('clear-late').click();
    await this.lateBadge(ticket).waitFor({ state: 'detached' });
  }

  /** Checked in from afar, not yet here (not in the queue). */
  async expected(): Promise<string[]> {
    return this.page.locator('[data-testid="expected-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket')!));
  }

  /** Today's visits cancelled by the patient from their ticket page (in the ended list, which can put them back). */
  async cancelledByPatients(): Promise<string[]> {
    return this.page
      .locator('[data-testid="ended-row"][data-status="cancelled"][data-reason="patient"]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket')!));
  }

  async noShows(): Promise<string[]> {
    return this.page
      .locator('[data-testid="ended-row"][data-status="no_show"]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket')!));
  }

  /** The "removed and no-shows" list: ticket and status, latest first. */
  async ended(): Promise<{ ticket: string; status: string }[]> {
    return this.page
      .locator('[data-testid="ended-row"]')
      .evaluateAll((rows) => rows.map((r) => ({ ticket: r.getAttribute('data-ticket')!, status: r.getAttribute('data-status')! })));
  }

  /** The doctor tab (null: all). */
  async tab(doctorId: string | null): Promise<void> {
    await this.page.locator(`[data-testid="doctor-tab"][data-doctor-id="${doctorId ?? ''}"]`).click();
    await this.page.locator(`[data-testid="doctor-tab"][data-doctor-id="${doctorId ?? ''}"][aria-pressed="true"]`).waitFor();
  }

  /** Opens the row's edit dialog; the dialog stays open for the test to look at, `save` writes it. */
  async openEdit(ticket: string): Promise<Locator> {
    await this.row(ticket).getByTestId('edit').click();
    const dialog = this.page.getByTestId('edit-dialog');
    await dialog.waitFor();
    return dialog;
  }

  /** "Send to Dr X" (or '' for any doctor) and other corrections, in one save. */
  async correct(ticket: string, c: { name?: string; phone?: string; doctorId?: string }): Promise<void> {
    const dialog = await this.openEdit(ticket);
    if (c.name !== undefined) await dialog.getByTestId('edit-name').fill(c.name);
    if (c.phone !== undefined) await dialog.getByTestId('edit-phone').fill(c.phone);
    if (c.doctorId !== undefined) await dialog.getByTestId('edit-doctor').selectOption(c.doctorId);
    await dialog.getByTestId('dialog-submit').click();
    await dialog.waitFor({ state: 'detached' });
  }

  async openRemove(ticket: string): Promise<Locator> {
    await this.row(ticket).getByTestId('cancel').click();
    const dialog = this.page.getByTestId('remove-dialog');
    await dialog.waitFor();
    return dialog;
  }

  /** Takes the patient out of the queue with a reason; resolves once the row is gone. */
  async remove(ticket: string, reason: 'left' | 'duplicate' | 'other'): Promise<void> {
    const dialog = await this.openRemove(ticket);
    await dialog.getByTestId(`reason-${reason}`).check();
    await dialog.getByTestId('dialog-submit').click();
    await this.row(ticket).waitFor({ state: 'detached' });
  }

  /** Back to their place from the "removed and no-shows" list. */
  async restore(ticket: string): Promise<void> {
    await this.page.locator(`[data-testid="ended-row"][data-ticket="${ticket}"]`).getByTestId('restore').click();
    await this.row(ticket).waitFor();
  }

  async openDoctorDialog(doctorId: string): Promise<Locator> {
    await this.page.locator(`[data-testid="doctor-card"][data-doctor-id="${doctorId}"]`).getByTestId('doctor-availability').click();
    const dialog = this.page.getByTestId('doctor-dialog');
    await dialog.waitFor();
    return dialog;
  }

  /** A break until `backAt` (HH:MM, the clinic's time); resolves once the doctor's card shows it. */
  async pauseDoctor(doctorId: string, backAt: string): Promise<void> {
    const dialog = await this.openDoctorDialog(doctorId);
    await dialog.getByTestId('back-at').fill(backAt);
    await dialog.getByTestId('start-pause').click();
    await this.page.locator(`[data-testid="doctor-card"][data-doctor-id="${doctorId}"] [data-testid="doctor-paused"]`).waitFor();
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

  /**
   * From now on window.print() is counted instead of opening the browser's dialog (which no test can
   * drive); what it would print is the page in print media, which page.pdf() renders. Each call also
   * notes what the print view held at that moment (lastPrint). Before open().
   */
  async countPrints(): Promise<void> {
    await this.page.addInitScript(() => {
      const w = window as unknown as { __prints: number; __lastPrint: { entryId: string | null; link: string | null } | null };
      w.__prints = 0;
      w.__lastPrint = null;
      window.print = () => {
        w.__prints++;
        const ticket = document.querySelector('[data-testid="printed-ticket"]');
        w.__lastPrint = {
          entryId: ticket?.getAttribute('data-entry-id') ?? null,
          link: ticket?.querySelector('svg.qr')?.getAttribute('data-qr-text') ?? null,
        };
      };
    });
  }

  /** What the print view held when window.print() was last called. */
  async lastPrint(): Promise<{ entryId: string | null; link: string | null }> {
    return this.page.evaluate(() => (window as unknown as { __lastPrint: { entryId: string | null; link: string | null } }).__lastPrint);
  }

  async prints(): Promise<number> {
    return this.page.evaluate(() => (window as unknown as { __prints: number }).__prints);
  }

  /**
   * Registers a patient whose ticket is in `language`, with "always print" on: resolves with the ticket once
   * the print was asked for, without a tap.
   */
  async registerAutoPrinted(name: string, language: 'ar' | 'fr' | 'en'): Promise<string> {
    const before = await this.prints();
    await this.page.getByTestId('register-name').fill(name);
    await this.page.getByTestId('register-language').selectOption(language);
    await this.page.getByTestId('register-submit').click();
    const issued = this.page.getByTestId('ticket-issued');
    await issued.waitFor();
    await this.waitForPrints(before + 1);
    return (await issued.getAttribute('data-ticket'))!;
  }

  /** Registers a patient and taps "Print" on the ticket card; resolves with the ticket once the print was asked for. */
  async registerAndPrint(name: string): Promise<string> {
    const before = await this.prints();
    await this.page.getByTestId('register-name').fill(name);
    await this.page.getByTestId('register-submit').click();
    const issued = this.page.getByTestId('ticket-issued');
    await issued.waitFor();
    const ticket = (await issued.getAttribute('data-ticket'))!;
    await issued.getByTestId('ticket-print').click();
    await this.waitForPrints(before + 1);
    return ticket;
  }

  /** Taps the row's print button (a reprint). */
  async reprint(ticket: string): Promise<void> {
    const before = await this.prints();
    await this.row(ticket).getByTestId('print-ticket').click();
    await this.waitForPrints(before + 1);
  }

  async waitForPrints(n: number): Promise<void> {
    await this.page.waitForFunction((k) => (window as unknown as { __prints: number }).__prints >= k, n);
  }

  /** The ticket the print view holds. */
  printedTicket(): Locator {
    return this.page.getByTestId('printed-ticket');
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

  /** Signs in as a member of several clinics: the tablet asks which one it is for, and is enrolled in `clinicName`. */
  async signInToClinic(email: string, password: string, clinicName: string, deviceName = 'Reception'): Promise<void> {
    await this.page.getByTestId('login-email').fill(email);
    await this.page.getByTestId('login-password').fill(password);
    await this.page.getByTestId('login-device-name').fill(deviceName);
    await this.page.getByTestId('login-submit').click();
    await this.page.getByTestId('choose-clinic-form').waitFor();
    await this.page.getByTestId('choose-clinic').filter({ hasText: clinicName }).click();
    await this.waitForPhase('online');
  }
}
