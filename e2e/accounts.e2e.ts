// Staff accounts in Debian's Chromium against the real server: the owner
// invites a receptionist, who chooses their own password from the emailed
// link and signs in at the desk; then the owner sends a password reset, the
// receptionist sets a new one, and only the new one works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { seriousA11yViolations } from './support/audit.ts';
import { startE2eServer, type E2eServer } from './support/server.ts';
import { DEMO } from './support/api.ts';
import { OwnerPage } from './pages/owner.ts';
import { ReceptionPage } from './pages/reception.ts';

let server: E2eServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
});

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  return context.newPage();
}

/** The link of the newest mail of this kind in the outbox for `email`, once it is there (a reset request is answered before its mail is queued). */
async function mailedLink(email: string, param: 'invite' | 'reset', after = new Date(0)): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const [mail] = await server.db.query<{ body: string }>(
      'SELECT body FROM mail_outbox WHERE to_email = $1 AND body LIKE $2 AND created_at > $3 ORDER BY created_at DESC LIMIT 1',
      [email, `%?${param}=%`, after],
    );
    if (mail) return new RegExp(`https?://\\S+\\?${param}=\\S+`).exec(mail.body)![0];
    if (attempt === 200) throw new Error(`no ${param} mail to ${email}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const apiSignIn = (email: string, password: string) =>
  fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });

describe('staff accounts', () => {
  it('when the owner invites a receptionist and later sends a reset, then the receptionist chooses each password and only the newest works', async () => {
    const email = `nour-${randomUUID().slice(0, 8)}@e2e.tn`;
    const owner = new OwnerPage(await newPage(), server.url);
    await owner.open();
    await owner.language('fr');
    await owner.signIn(DEMO.owner, DEMO.password);
    await owner.show('admin');
    await owner.invite({ email, name: 'Nour Trabelsi', role: 'receptionist' });

    // The invitee opens the mailed link in their own browser and chooses a password.
    const invitee = new OwnerPage(await newPage(), server.url);
    const link = await mailedLink(email, 'invite');
    await invitee.page.goto(link);
    await invitee.page.getByTestId('account-password').waitFor();
    expect(await seriousA11yViolations(invitee.page)).toEqual([]);
    expect(await invitee.completeAccountLink(link, 'mon-premier-mot-de-passe')).toContain('Cabinet');

    // They sign in at the desk with it.
    const desk = new ReceptionPage(await newPage(), server.url);
    await desk.open();
    await desk.signIn(email, 'mon-premier-mot-de-passe', 'Accueil Nour');

    // The owner sees them on the staff and sends a reset.
    await owner.page.reload();
    await owner.show('admin');
    await owner.staffRow(email).waitFor();
    await owner.sendReset(email);
    expect(await owner.completeAccountLink(await mailedLink(email, 'reset'), 'mon-nouveau-mot-de-passe')).not.toBe('');

    expect((await apiSignIn(email, 'mon-premier-mot-de-passe')).status).toBe(401);
    expect((await apiSignIn(email, 'mon-nouveau-mot-de-passe')).status).toBe(200);
    // A used link says so.
    await invitee.page.goto(link);
    await invitee.page.getByTestId('account-link-invalid').waitFor();
  });

  it('when the receptionist forgot their password, then they ask from the desk, choose a new one from the mailed link, and sign in at the desk with it', async () => {
    const asked = new Date();
    const desk = new ReceptionPage(await newPage(), server.url);
    await desk.open();
    await desk.language('ar');
    expect(await desk.page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await desk.language('fr');
    // The same answer for an address nobody uses: the page never tells which addresses have an account.
    const forNobody = await desk.forgotPassword(`nobody-${randomUUID().slice(0, 8)}@e2e.tn`);
    expect(forNobody).toContain('Si un compte');
    await desk.backToSignIn();
    expect(await desk.forgotPassword(DEMO.reception)).toBe(forNobody);
    expect(await seriousA11yViolations(desk.page)).toEqual([]);

    const link = await mailedLink(DEMO.reception, 'reset', asked);
    const landing = new OwnerPage(await newPage(), server.url);
    expect(await landing.completeAccountLink(link, 'mot-de-passe-retrouve')).not.toBe('');
    expect((await apiSignIn(DEMO.reception, DEMO.password)).status).toBe(401);

    const again = new ReceptionPage(await newPage(), server.url);
    await again.open();
    await again.signIn(DEMO.reception, 'mot-de-passe-retrouve', 'Accueil retrouvé');
  });

  it('when the owner forgot their password, then the owner page mails a link and the new password opens the owner area', async () => {
    const asked = new Date();
    const owner = new OwnerPage(await newPage(), server.url);
    await owner.open();
    await owner.language('en');
    expect(await owner.forgotPassword(`  ${DEMO.owner.toUpperCase()} `)).toContain('If an account');
    const link = await mailedLink(DEMO.owner, 'reset', asked);
    expect(await owner.completeAccountLink(link, 'owner-found-password')).not.toBe('');
    await owner.signIn(DEMO.owner, 'owner-found-password');
  });
});
