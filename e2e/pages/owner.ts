// Page object for the owner area (/owner.html): what a clinic owner does, in
// the words of the screen, so tests read like the owner's visit.
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';

export type OwnerSection = 'reports' | 'admin' | 'audit';

/** What each section shows once its data is in. */
const SECTION_READY: Record<OwnerSection, string> = {
  reports: 'kpi-visits',
  admin: 'devices-table',
  audit: 'audit-table',
};

export class OwnerPage {
  constructor(readonly page: Page, readonly base: string) {}

  async open(): Promise<void> {
    await this.page.goto(this.base + '/owner.html');
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.page.getByTestId('owner-login-email').fill(email);
    await this.page.getByTestId('owner-login-password').fill(password);
    await this.page.getByTestId('owner-login-submit').click();
    await this.page.getByTestId('tab-reports').waitFor();
  }

  async language(lang: 'ar' | 'fr' | 'en'): Promise<void> {
    await this.page.getByTestId('lang-switch').selectOption(lang);
    await this.page.waitForFunction((l) => document.documentElement.lang === l, lang);
  }

  async show(section: OwnerSection): Promise<void> {
    await this.page.getByTestId(`tab-${section}`).click();
    await this.page.getByTestId(SECTION_READY[section]).waitFor();
  }

  /** A headline figure as a number (the tile's raw value, not its localised text). */
  async kpi(id: 'kpi-visits' | 'kpi-wait-median' | 'kpi-wait-p90' | 'kpi-noshow-rate' | 'kpi-cancel-rate' | 'kpi-self-checkin'): Promise<number> {
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
    await this.page.locator(`[data-testid="device-row"][data-device-id="${await row.getAttribute('data-device-id')}"][data-revoked="true"]`).waitFor();
  }

  async addStaff(member: { email: string; name: string; role: 'receptionist' | 'doctor' | 'owner'; password: string }): Promise<void> {
    await this.page.getByTestId('add-staff-email').fill(member.email);
    await this.page.getByTestId('add-staff-name').fill(member.name);
    await this.page.getByTestId('add-staff-role').selectOption(member.role);
    await this.page.getByTestId('add-staff-password').fill(member.password);
    await this.page.getByTestId('add-staff-submit').click();
    await this.page.locator(`[data-testid="staff-row"][data-email="${member.email}"]`).waitFor();
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

  /** The audit log as shown, newest first. */
  async auditRows(): Promise<{ action: string; target: string; who: string }[]> {
    return this.page.getByTestId('audit-row').evaluateAll((rows) =>
      rows.map((r) => ({ action: r.getAttribute('data-action')!, target: r.getAttribute('data-target')!, who: r.children[1]!.textContent! })));
  }
}
