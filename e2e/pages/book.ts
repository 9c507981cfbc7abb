// Page object for the public booking page (book.html#c=<clinicId>) and the
// confirmation link it leads to (book.html#a=<token>).
import type { Page } from 'playwright-core';

export class BookPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('[data-testid="book-form"], [data-testid="book-unavailable"], [data-testid="booking"]').first().waitFor();
  }

  /** The free slot buttons' starts (epoch ms), in page order. */
  async slotStarts(): Promise<number[]> {
    return (await this.page.getByTestId('book-slot').evaluateAll((els) => els.map((e) => e.getAttribute('data-start')))).map(Number);
  }

  async book(start: number, name: string, phone: string): Promise<void> {
    await this.page.locator(`[data-testid="book-slot"][data-start="${start}"]`).click();
    await this.page.getByTestId('book-name').fill(name);
    await this.page.getByTestId('book-phone').fill(phone);
    await this.page.getByTestId('book-submit').click();
    await this.page.waitForURL(/\/book\.html#a=/);
    await this.page.getByTestId('booking').waitFor();
  }

  status(): Promise<string | null> {
    return this.page.getByTestId('booking').getAttribute('data-status');
  }

  async cancel(): Promise<void> {
    await this.page.getByTestId('booking-cancel').click();
    await this.page.getByTestId('booking-cancel-confirm').click();
    await this.page.locator('[data-testid="booking"][data-status="cancelled"]').waitFor();
  }
}
