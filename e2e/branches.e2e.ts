// An owner with two practices, in Debian's Chromium against the real server:
// a second branch added from the owner area, a tablet enrolled there (the
// sign-in asks which clinic it is for), a visit registered on it, and both
// branches side by side in the combined report, in French and in Arabic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { seriousA11yViolations } from './support/audit.ts';
import { startE2eServer, type E2eServer } from './support/server.ts';
import { DEMO } from './support/api.ts';
import { OwnerPage } from './pages/owner.ts';
import { ReceptionPage } from './pages/reception.ts';
import { listDocs } from '../server/docs/reads.ts';

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

async function newPage(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  return context.newPage();
}

describe("an owner's branches", () => {
  it('when an owner adds a second branch and enrols a tablet there, then a visit on it shows beside the first branch in the combined report', async () => {
    const branchName = `Cabinet Sfax ${randomUUID().slice(0, 6)}`;
    const owner = new OwnerPage(await newPage(), server.url);
    await owner.open();
    await owner.signIn(DEMO.owner, DEMO.password);
    await owner.language('fr');
    await owner.show('branches');
    const [demo] = Object.keys((await owner.combinedVisits()).branches);
    expect(await seriousA11yViolations(owner.page)).toEqual([]);

    await owner.addBranch(branchName);
    const [branch] = await server.db.query<{ id: string }>('SELECT id FROM clinics WHERE name = $1', [branchName]);

    // The tablet: the owner's sign-in belongs to two clinics now, so it asks which one.
    const reception = new ReceptionPage(await newPage({ width: 1024, height: 768 }), server.url);
    await reception.open();
    await reception.signInToClinic(DEMO.owner, DEMO.password, branchName, 'Accueil Sfax');
    await reception.register('Hedi Sfaxi');
    await expect
      .poll(async () => (await listDocs<{ name: string }>(server.db, branch!.id, 'entries')).map((e) => e.name), { timeout: 15_000 })
      .toEqual(['Hedi Sfaxi']);

    await owner.show('branches');
    const combined = await owner.combinedVisits();
    expect(Object.keys(combined.branches).sort()).toEqual([demo, branchName].sort());
    expect(combined.branches[branchName]).toBe(1);
    expect(combined.total).toBe(Object.values(combined.branches).reduce((a, b) => a + b, 0));

    await owner.language('ar');
    expect(await owner.page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await seriousA11yViolations(owner.page)).toEqual([]);
  });
});
