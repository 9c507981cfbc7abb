// Page object for self check-in (checkin.html#c=<clinicId>), what the
// clinic's printed QR code opens on a patient's phone.
import type { Page } from 'playwright-core';

export class CheckinPage {
  constructor(
    readonly page: Page,
    readonly base: string,
  ) {}

  /** `url` is what the reception's check-in QR encodes. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page
      .locator('[data-testid="checkin-form"], [data-testid="checkin-closed"], [data-testid="checkin-unavailable"]')
      .first()
      .waitFor();
  }

  async fill(name: string, opts: { phone?: string; doctorId?: string } = {}): Promise<void> {
    await this.page.getByTestId('checkin-name').fill(name);
    if (opts.phone) await this.page.getByTestId('checkin-phone').fill(opts.phone);
    if (opts.doctorId !== undefined) await this.page.getByTestId('checkin-doctor').selectOption(opts.doctorId);
  }

  /** Submits and waits for the ticket page the form sends the patient to. */
  async submit(): Promise<void> {
    await this.page.getByTestId('checkin-submit').click();
    await this.page.waitForURL(/\/patient\.html#t=/);
    await this.page.getByTestId('ticket').waitFor();
  }

  /** A double tap: the form submitted twice before it could disable its button. */
  async submitTwiceAtOnce(): Promise<void> {
    await this.page.getByTestId('checkin-form').evaluate((f) => {
      (f as HTMLFormElement).requestSubmit();
      (f as HTMLFormElement).requestSubmit();
    });
    await this.page.waitForURL(/\/patient\.html#t=/);
    await this.page.getByTestId('ticket').waitFor();
  }

  async error(): Promise<string | null> {
    await this.page.getByTestId('checkin-error').waitFor();
    return this.page.getByTestId('checkin-error').getAttribute('data-error');
  }
}
