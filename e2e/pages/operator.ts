// Page object for the operator portal (/operator.html): what DoctorQ's own
// staff do, in the words of the screen, so tests read like an operator's visit.
import type { Locator, Page } from 'playwright-core';
import type { ClinicStatus } from '../../shared/saas.ts';

export class OperatorPage {
  constructor(
    readonly page: Page,
    readonly base: string,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.base}/operator.html`);
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.page.getByTestId('operator-email').fill(email);
    await this.page.getByTestId('operator-password').fill(password);
    await this.page.getByTestId('operator-submit').click();
    // The list, or the clinic the URL names when the previous session ended on it.
    await this.page.getByTestId('operator-sign-out').waitFor();
  }

  /** The sign-in refusal's code (bad_credentials, rate_limited…), once it shows. */
  async signInError(): Promise<string> {
    return (await this.page.getByTestId('operator-error').getAttribute('data-error'))!;
  }

  /** Whether the sign-in page says the previous session ended. */
  sessionEndedNotice(): Locator {
    return this.page.getByTestId('operator-session-ended');
  }

  async language(lang: 'ar' | 'fr' | 'en'): Promise<void> {
    await this.page.getByTestId('lang-switch').selectOption(lang);
    await this.page.waitForFunction((l) => document.documentElement.lang === l, lang);
  }

  /** Types a search and waits for the table to answer it (the box waits for a pause in typing). */
  async search(q: string): Promise<void> {
    await this.listAnswer(() => this.page.getByTestId('clinic-search').fill(q));
  }

  async filterStatus(status: ClinicStatus | 'all'): Promise<void> {
    await this.listAnswer(async () => {
      await this.page.getByTestId('status-filter').selectOption(status === 'all' ? '' : status);
    });
  }

  async nextPage(): Promise<void> {
    await this.listAnswer(() => this.page.getByTestId('page-next').click());
  }

  /** The clinics the table shows, in order. */
  async clinics(): Promise<{ id: string; name: string; status: string; visits: string }[]> {
    return this.page.getByTestId('clinic-row').evaluateAll((rows) =>
      rows.map((r) => ({
        id: r.getAttribute('data-clinic-id')!,
        name: r.querySelector('[data-testid="clinic-link"]')!.textContent!,
        status: r.querySelector('[data-testid="clinic-status"]')!.getAttribute('data-status')!,
        visits: r.querySelector('[data-testid="clinic-visits"]')!.getAttribute('data-value')!,
      })),
    );
  }

  /** How many clinics match the search, all pages together. */
  async total(): Promise<number> {
    if (await this.page.getByTestId('no-clinics').isVisible()) return 0;
    return Number(await this.page.getByTestId('page-range').getAttribute('data-total'));
  }

  clinicRow(name: string): Locator {
    return this.page.getByTestId('clinic-row').filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  /** Searches for the clinic by name unless it already shows (the list is newest first, a page at a time), then opens it. */
  async openClinic(name: string): Promise<void> {
    if ((await this.clinicRow(name).count()) === 0) await this.search(name);
    await this.clinicRow(name).getByRole('link', { name, exact: true }).click();
    await this.page.getByTestId('detail-status').waitFor();
  }

  async backToList(): Promise<void> {
    await this.page.getByTestId('back-to-list').click();
    await this.page.getByTestId('clinic-table').waitFor();
  }

  /** This month's visits and the plan's limit, from the open clinic's usage card; null until the metering job has counted this clinic. */
  async visitsThisMonth(): Promise<{ visits: number; limit: number } | null> {
    const u = await this.usage('usage-visits');
    return u && { visits: u.used, limit: u.limit };
  }

  /** Devices not revoked and the plan's limit; null until the metering job has counted this clinic. */
  async activeDevices(): Promise<{ devices: number; limit: number } | null> {
    const u = await this.usage('usage-devices');
    return u && { devices: u.used, limit: u.limit };
  }

  /** The open clinic's status, as the server last answered it. */
  async status(): Promise<ClinicStatus> {
    return (await this.page.getByTestId('detail-status').getAttribute('data-value')) as ClinicStatus;
  }

  /** The open clinic's plan id. */
  async plan(): Promise<string> {
    return (await this.page.getByTestId('detail-plan').getAttribute('data-value'))!;
  }

  /** ISO time, or '' when never paid. */
  async paidUntil(): Promise<string> {
    return (await this.page.getByTestId('detail-paid-until').getAttribute('data-value'))!;
  }

  /** Changes the status, confirming the suspension dialog when it asks; waits for the reloaded detail. Nothing to do when it already is. */
  async setStatus(status: ClinicStatus, note?: string): Promise<void> {
    if ((await this.status()) === status) return;
    await this.page.getByTestId('status-select').selectOption(status);
    if (note !== undefined) await this.page.getByTestId('status-note').fill(note);
    await this.page.getByTestId('status-apply').click();
    if (status === 'suspended') await this.page.getByTestId('confirm-ok').click();
    await this.detailShows('detail-status', status);
  }

  /** Asks to suspend, then cancels the dialog. */
  async suspendThenCancel(): Promise<void> {
    await this.page.getByTestId('status-select').selectOption('suspended');
    await this.page.getByTestId('status-apply').click();
    await this.page.getByTestId('confirm-cancel').click();
    await this.page.getByTestId('confirm-dialog').waitFor({ state: 'detached' });
  }

  /** Nothing to do when the clinic already is on that plan (the button stays disabled). */
  async changePlan(planId: string): Promise<void> {
    if ((await this.plan()) === planId) return;
    await this.page.getByTestId('plan-select').selectOption(planId);
    await this.page.getByTestId('plan-apply').click();
    await this.detailShows('detail-plan', planId);
  }

  /** Records a manual payment in dinars; resolves once the reloaded detail lists it, or the refusal shows (see actionError). */
  async recordPayment(tnd: number, months: number, reference: string): Promise<void> {
    await this.page.getByTestId('payment-amount').fill(String(tnd));
    await this.page.getByTestId('payment-months').fill(String(months));
    await this.page.getByTestId('payment-reference').fill(reference);
    await this.page.getByTestId('payment-record').click();
    await this.page.getByTestId('action-result').or(this.page.getByTestId('action-error')).waitFor();
    if ((await this.actionError()) === null)
      await this.page.locator(`[data-testid="payment-row"][data-reference="${reference.trim()}"]`).waitFor();
  }

  /** The last action's refusal code (duplicate_reference, unknown_plan…), or null when it succeeded. */
  async actionError(): Promise<string | null> {
    const error = this.page.getByTestId('action-error');
    return (await error.count()) > 0 ? error.getAttribute('data-error') : null;
  }

  async payments(): Promise<{ reference: string; amountMillimes: number; months: number }[]> {
    return this.page.getByTestId('payment-row').evaluateAll((rows) =>
      rows.map((r) => ({
        reference: r.getAttribute('data-reference')!,
        amountMillimes: Number(r.getAttribute('data-amount-millimes')),
        months: Number(r.getAttribute('data-months')),
      })),
    );
  }

  /** The audit log's actions as shown, newest first. */
  async auditActions(): Promise<string[]> {
    await this.page.getByTestId('audit-table').waitFor();
    return this.page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')!));
  }

  async loadOlderAudit(): Promise<void> {
    const before = await this.page.getByTestId('audit-row').count();
    await this.page.getByTestId('audit-older').click();
    await this.page.waitForFunction((n) => document.querySelectorAll('[data-testid="audit-row"]').length > n, before);
  }

  async signOut(): Promise<void> {
    await this.page.getByTestId('operator-sign-out').click();
    await this.page.getByTestId('operator-form').waitFor();
  }

  private async usage(testId: 'usage-visits' | 'usage-devices'): Promise<{ used: number; limit: number } | null> {
    await this.page.locator(`[data-testid="${testId}"], [data-testid="usage-not-computed"]`).first().waitFor();
    const cell = this.page.getByTestId(testId);
    if ((await cell.count()) === 0) return null;
    return { used: Number(await cell.getAttribute('data-value')), limit: Number(await cell.getAttribute('data-limit')) };
  }

  /** Runs an action on the list and waits for the table that answers it. */
  private async listAnswer(act: () => Promise<void>): Promise<void> {
    const answered = this.page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/operator/clinics' && r.request().method() === 'GET',
    );
    await act();
    await answered;
    await this.page.locator('[data-testid="clinic-table"], [data-testid="load-error"]').first().waitFor();
  }

  /** After an action: the reloaded detail shows the new value. */
  private async detailShows(testId: 'detail-status' | 'detail-plan', value: string): Promise<void> {
    await this.page.locator(`[data-testid="${testId}"][data-value="${value}"], [data-testid="action-error"]`).first().waitFor();
  }
}
