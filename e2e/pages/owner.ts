// Page object for the owner area (/owner.html): what a clinic owner does, in
// the words of the screen, so tests read like the owner's visit.
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';

export type OwnerSection = 'reports' | 'admin' | 'audit' | 'setup' | 'subscription' | 'branches';
export type SetupStep = 'email' | 'doctors' | 'hours' | 'series' | 'qr' | 'tablet';
export type UsageBar = 'visits' | 'devices' | 'doctors' | 'sms';
/** Weekday 0 is Sunday, as in the API. */
export interface HoursSpan {
  weekday: number;
  open: string;
  close: string;
}
export type EnrolmentAnswer = { ok: true; code: string } | { ok: false; error: string };

/** What each section shows once its data is in. */
const SECTION_READY: Record<OwnerSection, string> = {
  reports: 'kpi-visits',
  admin: 'devices-table',
  audit: 'audit-table',
  setup: 'setup-progress',
  subscription: 'sub-status',
  branches: 'combined-branches',
};

const TAB: Record<OwnerSection, string> = {
  reports: 'tab-reports',
  admin: 'tab-admin',
  audit: 'tab-audit',
  setup: 'nav-setup',
  subscription: 'nav-subscription',
  branches: 'tab-branches',
};

export class OwnerPage {
  constructor(
    readonly page: Page,
    readonly base: string,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.base}/owner.html`);
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.page.getByTestId('owner-login-email').fill(email);
    await this.page.getByTestId('owner-login-password').fill(password);
    await this.page.getByTestId('owner-login-submit').click();
    await this.page.getByTestId('tab-reports').waitFor();
  }

  /** "Forgot your password?" from the sign-in screen; resolves once the screen says a link is on its way. */
  async forgotPassword(email: string): Promise<string> {
    await this.page.getByTestId('owner-login-forgot').click();
    await this.page.getByTestId('owner-login-forgot-email').fill(email);
    await this.page.getByTestId('owner-login-forgot-submit').click();
    const sent = this.page.getByTestId('owner-login-forgot-sent');
    await sent.waitFor();
    return (await sent.textContent()) ?? '';
  }

  async language(lang: 'ar' | 'fr' | 'en'): Promise<void> {
    await this.page.getByTestId('lang-switch').selectOption(lang);
    await this.page.waitForFunction((l) => document.documentElement.lang === l, lang);
  }

  async show(section: OwnerSection): Promise<void> {
    await this.page.getByTestId(TAB[section]).click();
    await this.page.getByTestId(SECTION_READY[section]).waitFor();
  }

  /** A headline figure as a number (the tile's raw value, not its localised text). */
  async kpi(
    id: 'kpi-visits' | 'kpi-wait-median' | 'kpi-wait-p90' | 'kpi-noshow-rate' | 'kpi-cancel-rate' | 'kpi-self-checkin',
  ): Promise<number> {
    return Number(await this.page.getByTestId(id).getAttribute('data-value'));
  }

  async setRange(from: string, to: string): Promise<void> {
    await this.page.getByTestId('range-from').fill(from);
    await this.page.getByTestId('range-to').fill(to);
  }

  /** Days with visits in the per-day chart, and how many of its canvas pixels the "seen" bars painted. */
  async perDayChart(): Promise<{ days: number; seenPixels: number }> {
    const figure = this.page.getByTestId('chart-per-day');
    const days = Number(await figure.getAttribute('data-days'));
    const seenPixels = await figure.locator('canvas').evaluate((c: HTMLCanvasElement) => {
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      let n = 0;
      // #0f766e, the "seen" series colour (client/owner/reports/chart.tsx).
      for (let i = 0; i < data.length; i += 4) if (data[i] === 0x0f && data[i + 1] === 0x76 && data[i + 2] === 0x6e) n++;
      return n;
    });
    return { days, seenPixels };
  }

  /** Clicks "Export CSV" and returns the file the browser saved. */
  async exportCsv(): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId('export-csv').click()]);
    const path = await download.path();
    return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
  }

  deviceRow(name: string): Locator {
    return this.page.getByTestId('device-row').filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }

  async revokeDevice(name: string): Promise<void> {
    const row = this.deviceRow(name);
    await row.getByTestId('revoke-device').click();
    await this.page.getByTestId('confirm-revoke').click();
    await this.page
      .locator(`[data-testid="device-row"][data-device-id="${await row.getAttribute('data-device-id')}"][data-revoked="true"]`)
      .waitFor();
  }

  /** Invites someone; the invitation shows among the pending ones. */
  async invite(member: { email: string; name: string; role: 'receptionist' | 'doctor' | 'owner' }): Promise<void> {
    await this.page.getByTestId('invite-email').fill(member.email);
    await this.page.getByTestId('invite-name').fill(member.name);
    await this.page.getByTestId('invite-role').selectOption(member.role);
    await this.page.getByTestId('invite-submit').click();
    await this.page.locator(`[data-testid="invitation-row"][data-email="${member.email}"]`).waitFor();
  }

  staffRow(email: string): Locator {
    return this.page.locator(`[data-testid="staff-row"][data-email="${email}"]`);
  }

  /** Sends a password reset to a member; the section confirms it was sent. */
  async sendReset(email: string): Promise<void> {
    await this.staffRow(email).getByTestId('send-reset').click();
    await this.page.locator('[data-testid="staff-message"].ok-text').waitFor();
  }

  async addDoctor(name: string, room: string): Promise<void> {
    await this.page.getByTestId('add-doctor-name').fill(name);
    await this.page.getByTestId('add-doctor-room').fill(room);
    await this.page.getByTestId('add-doctor-submit').click();
    await this.doctorRow(name).waitFor();
  }

  doctorRow(name: string): Locator {
    return this.page.locator(`[data-testid="doctor-row"][data-doctor-name="${name}"]`);
  }

  async setDefaultConsultationMinutes(minutes: number): Promise<void> {
    await this.page.getByTestId('settings-minutes').fill(String(minutes));
    await this.page.getByTestId('settings-save').click();
    await this.page.getByTestId('settings-saved').waitFor();
  }

  /** "Check-ins from afar wait for the patient's I'm here". */
  async setRequireHere(on: boolean): Promise<void> {
    await this.page.getByTestId('settings-require-here').setChecked(on);
    await this.page.getByTestId('settings-save').click();
    await this.page.getByTestId('settings-saved').waitFor();
  }

  /** The printed tickets' settings (Admin section): the paper, and printing after every registration. */
  async setTicketPrinting(paper: '58mm' | '80mm' | 'a6' | 'a4', always: boolean): Promise<void> {
    await this.page.getByTestId('settings-ticket-paper').selectOption(paper);
    await this.page.getByTestId('settings-always-print').setChecked(always);
    await this.page.getByTestId('settings-save').click();
    await this.page.getByTestId('settings-saved').waitFor();
  }

  async setTabletPastDays(days: number): Promise<void> {
    await this.page.getByTestId('window-past-days').fill(String(days));
    await this.page.getByTestId('window-save').click();
    await this.page.getByTestId('window-saved').waitFor();
  }

  /** The audit log as shown, newest first: the target's id, and what the owner reads for it and for the changed fields. */
  async auditRows(): Promise<{ action: string; target: string; who: string; shownTarget: string; fields: string }[]> {
    return this.page.getByTestId('audit-row').evaluateAll((rows) =>
      rows.map((r) => ({
        action: r.getAttribute('data-action')!,
        target: r.getAttribute('data-target')!,
        who: r.children[1]!.textContent!,
        shownTarget: r.querySelector('[data-testid="audit-target"]')!.textContent!,
        fields: r.querySelector('[data-testid="audit-fields"]')?.textContent ?? '',
      })),
    );
  }

  // ---- the emailed verification link ----

  /** Opens the emailed link (`/owner.html?verify=…`), signed in or not. */
  async openVerifyLink(link: string): Promise<void> {
    await this.page.goto(link);
  }

  /** From an emailed invitation or reset link: types the password and waits for the page to say it is done. */
  async completeAccountLink(link: string, password: string): Promise<string> {
    await this.page.goto(link);
    await this.page.getByTestId('account-password').fill(password);
    await this.page.getByTestId('account-submit').click();
    const done = this.page.getByTestId('account-link-done');
    await done.waitFor();
    return (await done.textContent()) ?? '';
  }

  /** How the link went: 'verified', 'invalid' (unknown, used or expired) or 'failed' (could not be checked). */
  async verifyLanded(): Promise<string> {
    const result = this.page.locator('[data-testid="verify-result"]:not([data-result="checking"])');
    await result.waitFor();
    return (await result.getAttribute('data-result'))!;
  }

  // ---- the setup checklist ----

  async openSetup(): Promise<void> {
    await this.show('setup');
  }

  async setupStepDone(step: SetupStep): Promise<boolean> {
    return (await this.page.getByTestId(`setup-step-${step}`).getAttribute('data-done')) === 'true';
  }

  /** Waits until the checklist shows the step done (or not): it follows the server's state after each change. */
  async waitForSetupStep(step: SetupStep, done = true): Promise<void> {
    await this.page.locator(`[data-testid="setup-step-${step}"][data-done="${done}"]`).waitFor();
  }

  async resendVerification(): Promise<void> {
    await this.page.getByTestId('email-resend').click();
    await this.page.getByTestId('email-resent').waitFor();
  }

  /** Replaces the hours of the days named (the other days are left as they are) and saves the week. */
  async setHours(spans: HoursSpan[]): Promise<void> {
    for (const weekday of new Set(spans.map((s) => s.weekday))) {
      const day = this.page.getByTestId(`hours-day-${weekday}`);
      while (Number(await day.getAttribute('data-spans')) > 0) await this.page.getByTestId(`hours-remove-${weekday}-0`).click();
      const ofDay = spans.filter((s) => s.weekday === weekday);
      for (const [i, s] of ofDay.entries()) {
        await this.page.getByTestId(`hours-add-${weekday}`).click();
        await this.page.getByTestId(`hours-open-${weekday}-${i}`).fill(s.open);
        await this.page.getByTestId(`hours-close-${weekday}-${i}`).fill(s.close);
      }
    }
    await this.page.getByTestId('hours-save').click();
    await this.page.getByTestId('hours-saved').waitFor();
  }

  /** Adds special days to the hours (closed all day, or one span) and saves the hours. */
  async addSpecialDays(from: string, to: string, span: { open: string; close: string } | null): Promise<void> {
    const i = await this.page.locator('[data-testid^="override-from-"]').count();
    await this.page.getByTestId('override-add').click();
    await this.page.getByTestId(`override-from-${i}`).fill(from);
    await this.page.getByTestId(`override-to-${i}`).fill(to);
    if (span) {
      await this.page.getByTestId(`override-closed-${i}`).uncheck();
      await this.page.getByTestId(`override-open-${i}-0`).fill(span.open);
      await this.page.getByTestId(`override-close-${i}-0`).fill(span.close);
    }
    await this.page.getByTestId('hours-save').click();
    await this.page.getByTestId('hours-saved').waitFor();
  }

  /** Minutes after the last closing time the day closes by itself; null: by hand only. */
  async setCloseAfter(minutes: number | null): Promise<void> {
    await this.page.getByTestId('settings-close-after').fill(minutes === null ? '' : String(minutes));
    await this.page.getByTestId('settings-save').click();
    await this.page.getByTestId('settings-saved').waitFor();
  }

  async setPrefix(prefix: string): Promise<void> {
    await this.page.getByTestId('prefix-input').fill(prefix);
    await this.page.getByTestId('prefix-save').click();
    await this.page.getByTestId('prefix-saved').waitFor();
  }

  /** Opens the check-in QR poster from the setup step and closes it again. */
  async openCheckinPoster(): Promise<string> {
    await this.page.getByTestId('checkin-qr-open').click();
    const qr = this.page.getByTestId('checkin-qr').locator('svg.qr');
    await qr.waitFor();
    const url = (await qr.getAttribute('data-qr-text'))!;
    await this.page.getByTestId('checkin-qr-close').click();
    return url;
  }

  /** Asks for a reception tablet's code: the code shown, or the refusal's code (email_unverified, plan_limit, clinic_suspended…). */
  async requestEnrolmentCode(): Promise<EnrolmentAnswer> {
    await this.page.getByTestId('enrol-create').click();
    const shown = this.page.locator('[data-testid="enrol-code"], [data-testid="enrol-error"]');
    await shown.first().waitFor();
    const code = await shown.first().getAttribute('data-code');
    if (code !== null) return { ok: true, code };
    return { ok: false, error: (await this.page.getByTestId('enrol-error').getAttribute('data-error'))! };
  }

  /** The 8-character code shown (without the space between its halves). */
  async createEnrolmentCode(): Promise<string> {
    const r = await this.requestEnrolmentCode();
    if (!r.ok) throw new Error(`enrolment code refused: ${r.error}`);
    return r.code;
  }

  /** The address the code's QR encodes (the reception page with the code). */
  async enrolmentQrUrl(): Promise<string> {
    return (await this.page.getByTestId('setup-step-tablet').locator('svg.qr').getAttribute('data-qr-text'))!;
  }

  /** The refusal shown by the last "create a code", as its error code. */
  async enrolError(): Promise<string> {
    return (await this.page.getByTestId('enrol-error').getAttribute('data-error'))!;
  }

  /** Waits until the page, polling the setup state, sees the code used by a tablet. */
  async waitForTabletEnrolled(timeout = 30_000): Promise<void> {
    await this.page.getByTestId('enrol-done').waitFor({ timeout });
  }

  async devicesEnrolled(): Promise<number> {
    return Number(await this.page.getByTestId('enrol-devices').getAttribute('data-devices'));
  }

  async finishSetup(): Promise<void> {
    await this.page.getByTestId('setup-finish').click();
    await this.page.getByTestId('setup-complete').waitFor();
  }

  // ---- the subscription ----

  async openSubscription(): Promise<void> {
    await this.show('subscription');
  }

  /** trial, active, past_due or suspended. */
  async subscriptionStatus(): Promise<string> {
    return (await this.page.getByTestId('sub-status').getAttribute('data-status'))!;
  }

  async subscriptionPlan(): Promise<string> {
    return (await this.page.getByTestId('sub-plan').getAttribute('data-plan'))!;
  }

  /** One usage bar's figures; null while usage was never measured. */
  async usage(bar: UsageBar): Promise<{ used: number; limit: number } | null> {
    await this.page.locator('[data-testid="usage-visits"], [data-testid="usage-none"]').first().waitFor();
    const el = this.page.getByTestId(`usage-${bar}`);
    if ((await el.count()) === 0) return null;
    return { used: Number(await el.getAttribute('data-used')), limit: Number(await el.getAttribute('data-limit')) };
  }

  async visitsUsage(): Promise<{ used: number; limit: number } | null> {
    return this.usage('visits');
  }

  /** The banner across the owner area for a clinic whose payment is due or that is suspended. */
  statusBanner(kind: 'past-due' | 'suspended'): Locator {
    return this.page.getByTestId(`banner-${kind}`);
  }

  // An owner's branches (client/owner/branches/)

  /** "Add a branch" from the "All branches" section; resolves on the new branch's setup checklist. */
  async addBranch(name: string): Promise<void> {
    await this.page.getByTestId('branch-name').fill(name);
    await this.page.getByTestId('branch-submit').click();
    await this.page.getByTestId('setup-progress').waitFor();
    await this.page.waitForFunction(
      (n) => (document.querySelector('[data-testid="clinic-picker"]') as HTMLSelectElement | null)?.selectedOptions[0]?.text === n,
      name,
    );
  }

  /** The branches of the combined report, by name, with their visits; the total row's visits. */
  async combinedVisits(): Promise<{ branches: Record<string, number>; total: number }> {
    const rows = this.page.getByTestId('combined-branch');
    const branches: Record<string, number> = {};
    for (const row of await rows.all())
      branches[(await row.locator('th').textContent()) ?? ''] = Number(await row.getByTestId('combined-visits').getAttribute('data-value'));
    const total = Number(await this.page.getByTestId('combined-total').getByTestId('combined-visits').getAttribute('data-value'));
    return { branches, total };
  }

  // ---- the exports (under the reports) ----

  /** Exports the period's visits, with names and phones or not; returns the file the browser saved. */
  async exportVisits(format: 'csv' | 'json', names: boolean): Promise<{ name: string; text: string }> {
    await this.page.getByTestId('export-names').setChecked(names);
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId(`export-visits-${format}`).click()]);
    return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
  }

  /** The audit log's rows of one action as shown, newest first: what the details column says. */
  async auditDetails(action: string): Promise<string[]> {
    return this.page
      .locator(`[data-testid="audit-row"][data-action="${action}"]`)
      .evaluateAll((rows) => rows.map((r) => r.children[5]?.textContent ?? ''));
  }
}
