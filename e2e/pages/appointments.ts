// Page object for the desk's appointments (the reception tablet's second
// screen): what a receptionist does with bookings, in the words of the screen.
import type { Locator, Page } from 'playwright-core';

export class AppointmentsDesk {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId('screen-appointments').click();
    await this.page.getByTestId('appointments').waitFor();
  }

  async openQueue(): Promise<void> {
    await this.page.getByTestId('screen-queue').click();
  }

  column(doctorId: string): Locator {
    return this.page.locator(`[data-testid="day-column"][data-doctor-id="${doctorId}"]`);
  }

  slot(doctorId: string, start: number): Locator {
    return this.column(doctorId).locator(`[data-testid="slot"][data-start="${start}"]`);
  }

  /** The starts of a doctor's free slots, in order. */
  async freeStarts(doctorId: string): Promise<number[]> {
    return this.column(doctorId)
      .locator('[data-testid="slot"][data-free="true"]')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-start'))));
  }

  booking(id: string): Locator {
    return this.page.locator(`[data-testid="booking"][data-appointment-id="${id}"]`);
  }

  /** The bookings shown in a slot: id and status, in the order shown. */
  async bookingsIn(doctorId: string, start: number): Promise<{ name: string; status: string }[]> {
    return this.slot(doctorId, start)
      .locator('[data-testid="booking"]')
      .evaluateAll((chips) =>
        chips.map((c) => ({ name: c.querySelector('.name')?.textContent ?? '', status: c.getAttribute('data-status') ?? '' })),
      );
  }

  /** Taps a free slot and opens its booking form. */
  async openBook(doctorId: string, start: number): Promise<Locator> {
    await this.slot(doctorId, start).getByTestId('slot-free').click();
    const dialog = this.page.getByTestId('book-dialog');
    await dialog.waitFor();
    return dialog;
  }

  async fillBooking(dialog: Locator, b: { name: string; phone?: string; source?: 'desk' | 'phone' }): Promise<void> {
    await dialog.getByTestId('book-name').fill(b.name);
    if (b.phone) await dialog.getByTestId('book-phone').fill(b.phone);
    if (b.source) await dialog.getByTestId(`book-source-${b.source}`).check();
  }

  /** Books a free slot; resolves once the dialog has closed and the booking shows in the slot. */
  async book(doctorId: string, start: number, b: { name: string; phone?: string; source?: 'desk' | 'phone' }): Promise<void> {
    const dialog = await this.openBook(doctorId, start);
    await this.fillBooking(dialog, b);
    await dialog.getByTestId('dialog-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await this.slot(doctorId, start).locator('[data-testid="booking"][data-status="booked"]').waitFor();
  }

  /** Opens the booking shown with this patient's name in a slot. */
  async openBooking(doctorId: string, start: number, name: string): Promise<Locator> {
    await this.slot(doctorId, start).locator('[data-testid="booking"]', { hasText: name }).click();
    const dialog = this.page.getByTestId('booking-dialog');
    await dialog.waitFor();
    return dialog;
  }

  async move(from: { doctorId: string; start: number; name: string }, to: { doctorId: string; start: number }): Promise<void> {
    const dialog = await this.openBooking(from.doctorId, from.start, from.name);
    await dialog.getByTestId('booking-move').click();
    await this.page.getByTestId('moving').waitFor();
    await this.slot(to.doctorId, to.start).getByTestId('slot-free').click();
    await this.page.getByTestId('moving').waitFor({ state: 'detached' });
    await this.slot(to.doctorId, to.start).locator('[data-testid="booking"][data-status="booked"]', { hasText: from.name }).waitFor();
  }

  async cancel(at: { doctorId: string; start: number; name: string }): Promise<void> {
    const dialog = await this.openBooking(at.doctorId, at.start, at.name);
    await dialog.getByTestId('booking-cancel').click();
    await dialog.getByTestId('booking-cancel-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    await this.slot(at.doctorId, at.start).locator('[data-testid="booking"][data-status="cancelled"]', { hasText: at.name }).waitFor();
  }

  expected(appointmentId: string): Locator {
    return this.page.locator(`[data-testid="expected-booking"][data-appointment-id="${appointmentId}"]`);
  }

  /** "Arrived" from today's list beside the register form; resolves to the ticket the visit got. */
  async arrive(appointmentId: string): Promise<string> {
    await this.expected(appointmentId).getByTestId('expected-booking-arrived').click();
    const issued = this.page.getByTestId('ticket-issued');
    await issued.waitFor();
    return (await issued.getAttribute('data-ticket'))!;
  }
}
