// Page object for the doctor's own screen (doctor.html), in the words of the
// screen: the patient with the doctor, who waits, the pause.
import type { Page } from 'playwright-core';

export class DoctorPage {
  constructor(
    readonly page: Page,
    readonly base: string,
  ) {}

  /** Opens the page as the owner's QR code does (`/doctor.html?enrol=<code>`) and enrols the screen. */
  async enrolWithCode(code: string, deviceName = 'Salle 2'): Promise<void> {
    await this.page.goto(`${this.base}/doctor.html?enrol=${encodeURIComponent(code)}`);
    await this.page.getByTestId('enrol-device-name').fill(deviceName);
    await this.page.getByTestId('enrol-submit').click();
    const status = this.page.getByTestId('sync-status');
    const error = this.page.getByTestId('enrol-error');
    await status.or(error).first().waitFor();
    if (await error.isVisible()) throw new Error(`enrolment refused: ${await error.getAttribute('data-error')}`);
    await this.waitForPhase('online');
  }

  /** A person's own sign-in, then the choice of the doctor whose screen this is. */
  async signIn(email: string, password: string, doctorId: string): Promise<void> {
    await this.page.goto(`${this.base}/doctor.html`);
    await this.page.getByTestId('login-email').fill(email);
    await this.page.getByTestId('login-password').fill(password);
    await this.page.getByTestId('login-submit').click();
    await this.page.getByTestId('choose-doctor-select').selectOption(doctorId);
    await this.page.getByTestId('choose-doctor-submit').click();
    await this.waitForPhase('online');
  }

  async waitForPhase(phase: string, timeout = 30_000): Promise<void> {
    await this.page.locator(`[data-testid="sync-status"][data-phase="${phase}"]`).waitFor({ timeout });
  }

  async doctorName(): Promise<string> {
    return (await this.page.getByTestId('doctor-name').textContent()) ?? '';
  }

  /** Waiting tickets for this doctor, in queue order. */
  async waiting(): Promise<string[]> {
    return this.page.locator('[data-testid="room-waiting-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket')!));
  }

  async waitForWaiting(ticket: string): Promise<void> {
    await this.page.locator(`[data-testid="room-waiting-row"][data-ticket="${ticket}"]`).waitFor();
  }

  async callNext(): Promise<void> {
    await this.page.getByTestId('call-next').click();
  }

  async waitForServing(ticket: string, status = 'called'): Promise<void> {
    await this.page.locator(`[data-testid="serving-row"][data-ticket="${ticket}"][data-status="${status}"]`).waitFor();
  }

  async start(ticket: string): Promise<void> {
    await this.page.locator(`[data-testid="serving-row"][data-ticket="${ticket}"]`).getByTestId('start').click();
    await this.waitForServing(ticket, 'in_consultation');
  }

  async pauseFor(minutes: 15 | 30 | 60): Promise<void> {
    await this.page.getByTestId(`pause-${minutes}`).click();
    await this.page.getByTestId('paused').waitFor();
  }

  async resume(): Promise<void> {
    await this.page.getByTestId('resume').click();
    await this.page.getByTestId('pause-15').waitFor();
  }

  async pending(): Promise<number> {
    return Number(await this.page.getByTestId('pending-count').textContent());
  }

  async language(lang: 'ar' | 'fr' | 'en'): Promise<void> {
    await this.page.getByTestId('lang-switch').selectOption(lang);
    await this.page.waitForFunction((l) => document.documentElement.lang === l, lang);
  }
}
