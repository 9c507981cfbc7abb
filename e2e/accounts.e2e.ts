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

/** The link of the newest mail of this kind waiting in the outbox for `email`. */
async function mailedLink(email: string, param: 'invite' | 'reset'): Promise<string> {
  const [mail] = await server.db.query<{ body: string }>(
    'SELECT body FROM mail_outbox WHERE to_email = $1 AND body LIKE $2 ORDER BY created_at DESC LIMIT 1',
    [email, `%?${param}=%`],
  );
  return new RegExp(`https?://\\S+\\?${param}=\\S+`).exec(mail!.body)![0];
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
});
