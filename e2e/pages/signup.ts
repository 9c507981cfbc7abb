// Page object for the sign-up page (/signup.html): a clinic owner creating
// the clinic's account, in the words of the screen.
import type { Page } from 'playwright-core';

export type Lang = 'ar' | 'fr' | 'en';

export interface NewClinic {
  clinic: string;
  owner: string;
  email: string;
  password: string;
  /** In the clinic's order: the first is the screens' default. */
  languages: Lang[];
  timeZone: string;
}

export class SignupPage {
  constructor(
    readonly page: Page,
    readonly base: string,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.base}/signup.html`);
    await this.page.getByTestId('signup-form').waitFor();
  }

  async language(lang: Lang): Promise<void> {
    await this.page.getByTestId('lang-switch').selectOption(lang);
    await this.page.waitForFunction((l) => document.documentElement.lang === l, lang);
  }

  /** Fills the form without sending it. */
  async fill(c: NewClinic): Promise<void> {
    await this.page.getByTestId('signup-clinic').fill(c.clinic);
    await this.page.getByTestId('signup-owner').fill(c.owner);
    await this.page.getByTestId('signup-email').fill(c.email);
    await this.page.getByTestId('signup-password').fill(c.password);
    // Languages keep the order they are ticked in: untick all, then tick in the wanted order.
    for (const l of ['ar', 'fr', 'en'] as const) await this.page.getByTestId(`signup-lang-${l}`).uncheck();
    for (const l of c.languages) await this.page.getByTestId(`signup-lang-${l}`).check();
    await this.page.getByTestId('signup-tz').selectOption(c.timeZone);
  }

  async submit(): Promise<void> {
    await this.page.getByTestId('signup-submit').click();
  }

  /** Signs up and lands on the owner area's setup checklist, signed in; throws with the refusal's code when refused. */
  async signUp(c: NewClinic): Promise<void> {
    await this.fill(c);
    await this.submit();
    // Whichever comes first; the other one's timeout is not an error.
    const landed = this.page
      .waitForURL((url) => url.pathname === '/owner.html' && url.hash === '#setup')
      .then(
        () => null,
        () => null,
      );
    const error = this.page.getByTestId('signup-error');
    const refused = error.waitFor().then(
      () => error.getAttribute('data-error'),
      () => null,
    );
    const code = await Promise.race([landed, refused]);
    if (code) throw new Error(`sign-up refused: ${code}`);
    await this.page.getByTestId('setup-progress').waitFor();
  }

  /** The refusal shown after submitting: email_taken, invalid_body, rate_limited, offline or server. */
  async error(): Promise<string> {
    const error = this.page.getByTestId('signup-error');
    await error.waitFor();
    return (await error.getAttribute('data-error'))!;
  }

  /** The fields marked as refused, by their test ids (signup-email, signup-password, …). */
  async refusedFields(): Promise<string[]> {
    return this.page
      .locator('[data-testid^="signup-"][data-testid$="-error"]:not([data-testid="signup-error"])')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.replace(/-error$/, '')));
  }

  /** The plans listed, by id, in the order shown. */
  async plans(): Promise<string[]> {
    await this.page.getByTestId('signup-plan').first().waitFor();
    return this.page.getByTestId('signup-plan').evaluateAll((els) => els.map((e) => e.getAttribute('data-plan')!));
  }
}
