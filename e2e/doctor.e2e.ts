// The doctor's own screen, in Debian's Chromium against the real server: it
// calls the next patient from the room while the desk tablet is offline, and
// desk, TV and patient page then agree; it receives no phone number; it is
// accessible in ar/fr/en and installable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, launchProfile } from './support/browser.ts';
import { startBlackHoleProxy, type BlackHoleProxy } from './support/black-hole.ts';
import { installabilityErrors, seriousA11yViolations } from './support/audit.ts';
import { startE2eServer, type E2eServer } from './support/server.ts';
import { apiLogin, DEMO, serverEntriesToday } from './support/api.ts';
import { ReceptionPage } from './pages/reception.ts';
import { PatientPage } from './pages/patient.ts';
import { DisplayPage } from './pages/display.ts';
import { DoctorPage } from './pages/doctor.ts';
import { SCHEMA_VERSION } from '../shared/protocol.ts';

/** The demo clinic's doctors (server/demo.ts). */
const KARIM = { id: 'doc-karim', name: 'Dr Karim Jaziri' };
const AMIRA = { id: 'doc-amira' };
const PATIENTS = [
  { name: 'Amel Trabelsi', phone: '+216 21 111 222' },
  { name: 'Youssef Gharbi', phone: '+216 52 333 444' },
  { name: 'Ines Hammami', phone: '+216 98 555 666' },
];

let server: E2eServer;
let browser: Browser;
beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

// ---- everything the doctor's screen receives ----

const received: string[] = [];
const pendingBodies: Promise<void>[] = [];

/** Runs in the page before its scripts: a copy of every sync-stream byte the page reads goes to the test. */
function teeSyncStream(): void {
  const w = window as unknown as { fetch: typeof fetch; __dqSyncChunk: (text: string) => void };
  const original = w.fetch.bind(window);
  w.fetch = async (input, init) => {
    const res = await original(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.includes('/api/sync/v1/stream') || !res.body) return res;
    const [copy, page] = res.body.tee();
    void (async () => {
      const reader = copy.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        w.__dqSyncChunk(decoder.decode(value, { stream: true }));
      }
    })().catch(() => {});
    return new Response(page, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

async function watched(context: BrowserContext): Promise<BrowserContext> {
  await context.exposeBinding('__dqSyncChunk', (_caller, text: string) => void received.push(text));
  await context.addInitScript(teeSyncStream);
  context.on('response', (res) => {
    if ((res.headers()['content-type'] ?? '').includes('text/event-stream')) return;
    pendingBodies.push(
      res.text().then(
        (body) => void received.push(body),
        () => {},
      ),
    );
  });
  return context;
}

// ---- helpers ----

/** Runs in the page before its scripts: the page's clock is 10 minutes ahead of the real time. */
function clockTenMinutesFast(): void {
  const RealDate = Date;
  const shift = 10 * 60_000;
  const fastNow = () => RealDate.now() + shift;
  (globalThis as { Date: DateConstructor }).Date = new Proxy(RealDate, {
    construct: (target, args, newTarget) => Reflect.construct(target, args.length === 0 ? [fastNow()] : args, newTarget),
    apply: () => new RealDate(fastNow()).toString(),
    get: (target, key, receiver) => (key === 'now' ? fastNow : Reflect.get(target, key, receiver)),
  });
}

async function clinicId(): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO.owner, password: DEMO.password }),
  });
  return ((await res.json()) as { clinic: { id: string } }).clinic.id;
}

/** A one-time code for a doctor's screen, as the owner makes it. */
async function doctorCode(doctorId: string): Promise<string> {
  const res = await fetch(`${server.url}/api/owner/clinics/${await clinicId()}/enrolment-codes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await apiLogin(server.url, DEMO.owner)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'doctor', doctorId }),
  });
  if (res.status !== 201) throw new Error(`enrolment code: ${res.status}`);
  return ((await res.json()) as { code: string }).code;
}

async function registerWithLink(r: ReceptionPage, p: { name: string; phone: string }, doctorId: string) {
  await r.page.getByTestId('register-name').fill(p.name);
  await r.page.getByTestId('register-phone').fill(p.phone);
  await r.page.getByTestId('register-doctor').selectOption(doctorId);
  await r.page.getByTestId('register-submit').click();
  const issued = r.page.getByTestId('ticket-issued');
  await issued.waitFor();
  const ticket = (await issued.getAttribute('data-ticket'))!;
  const link = (await issued.locator('svg[data-qr-text]').getAttribute('data-qr-text'))!;
  await r.page.getByTestId('ticket-close').click();
  await r.row(ticket).waitFor();
  return { ticket, link };
}

describe("the doctor's screen and the desk", () => {
  let desk: ReceptionPage;
  let doctor: DoctorPage;
  let proxy: BlackHoleProxy;
  const issued: { ticket: string; link: string }[] = [];
  afterAll(async () => {
    await proxy?.close();
  });

  it('when the doctor screen calls the next patient from the room while the desk tablet is offline, then after reconnection desk, TV and patient page agree', async () => {
    // The desk reaches the server through a proxy that can drop everything: Chromium's offline switch
    // leaves an open stream flowing, and an offline desk must hear nothing.
    proxy = await startBlackHoleProxy(server.url);
    desk = new ReceptionPage(await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage(), proxy.url);
    await desk.open();
    await desk.signIn(DEMO.reception, DEMO.password, 'Front desk');
    for (const p of PATIENTS.slice(0, 2)) issued.push(await registerWithLink(desk, p, KARIM.id));
    const [first, second] = issued as [(typeof issued)[0], (typeof issued)[0]];
    await desk.waitForPhase('online');

    doctor = new DoctorPage(
      await (await watched(await browser.newContext({ viewport: { width: 1024, height: 768 } }))).newPage(),
      server.url,
    );
    await doctor.enrolWithCode(await doctorCode(KARIM.id));
    // Online means the stream is open; the doctors' list may still be on its way.
    await expect.poll(() => doctor.doctorName()).toBe(KARIM.name);
    await doctor.waitForWaiting(second.ticket);
    expect(await doctor.waiting()).toEqual([first.ticket, second.ticket]);

    const display = new DisplayPage(await (await browser.newContext({ viewport: { width: 1600, height: 900 } })).newPage(), server.url);
    await display.open();
    await display.signIn(DEMO.reception, DEMO.password);
    const patient = new PatientPage(await (await browser.newContext({ viewport: { width: 390, height: 800 } })).newPage());
    await patient.open(first.link.replace(proxy.url, server.url));
    await patient.waitForStatus('waiting');

    proxy.swallow();
    await desk.page.context().setOffline(true);
    await desk.waitForPhase('offline');
    // Meanwhile the desk registers someone for the same doctor, offline.
    const third = await registerWithLink(desk, PATIENTS[2]!, KARIM.id);
    issued.push(third);
    await doctor.callNext();
    await doctor.waitForServing(first.ticket);
    // The room's call reaches the TV and the patient's phone at once, the desk being offline.
    await display.waitForServing(first.ticket);
    await patient.waitForStatus('called');
    expect(await desk.serving()).toEqual([]);

    proxy.restore();
    await desk.page.context().setOffline(false);
    await desk.waitForPhase('online');
    await desk.waitForServing(first.ticket);
    await doctor.waitForWaiting(third.ticket);
    expect(await desk.serving()).toEqual([{ ticket: first.ticket, status: 'called' }]);
    expect(await desk.waiting()).toEqual([second.ticket, third.ticket]);
    expect(await doctor.waiting()).toEqual([second.ticket, third.ticket]);
    expect((await display.serving()).filter((s) => s.ticket === first.ticket).map((s) => s.status)).toEqual(['called']);
    expect(await patient.status()).toBe('called');
    const stored = await serverEntriesToday(server, await apiLogin(server.url));
    expect(stored.find((e) => e.ticket === first.ticket)).toMatchObject({ status: 'called', phone: PATIENTS[0]!.phone });
    await expect.poll(() => doctor.pending()).toBe(0);
    await expect.poll(() => desk.pending()).toBe(0);
  });

  it('when the doctor starts the consultation, then the desk sees it; a pause reaches the server with its back-at time, and Resume clears it', async () => {
    const first = issued[0]!.ticket;
    await doctor.start(first);
    await desk.page.locator(`[data-testid="serving-row"][data-ticket="${first}"][data-status="in_consultation"]`).waitFor();
    const pausedUntil = async () => {
      const res = await fetch(`${server.url}/api/sync/v1/doctors/pull?seq=0`, {
        headers: { authorization: `Bearer ${await apiLogin(server.url)}`, 'x-doctorq-schema': String(SCHEMA_VERSION) },
      });
      const { documents } = (await res.json()) as { documents: { id: string; pausedUntil: number | null }[] };
      return documents.find((d) => d.id === KARIM.id)?.pausedUntil ?? null;
    };
    const before = Date.now();
    await doctor.pauseFor(15);
    await expect.poll(pausedUntil, { timeout: 15_000 }).toBeGreaterThan(before + 14 * 60_000);
    await doctor.resume();
    await expect.poll(pausedUntil, { timeout: 15_000 }).toBeNull();
  });

  it('when the room screen is offline, then its call waits on it marked not synced, and reaches the desk once it is back', async () => {
    const [, second] = issued as [(typeof issued)[0], (typeof issued)[0]];
    await doctor.page.context().setOffline(true);
    await doctor.waitForPhase('offline');
    await doctor.callNext();
    await doctor.waitForServing(second.ticket);
    await expect.poll(() => doctor.pending()).toBeGreaterThan(0);
    await doctor.page.context().setOffline(false);
    await doctor.waitForPhase('online');
    await expect.poll(() => doctor.pending(), { timeout: 30_000 }).toBe(0);
    await desk.waitForServing(second.ticket);
  });

  it('when a desk whose clock is 10 minutes fast cancels a visit offline and the room then calls it in offline, then the later real action wins everywhere', async () => {
    const third = issued[2]!.ticket;
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(clockTenMinutesFast);
    const fastDesk = new ReceptionPage(await context.newPage(), proxy.url);
    await fastDesk.open();
    await fastDesk.signIn(DEMO.reception, DEMO.password, 'Fast desk');
    await fastDesk.row(third).waitFor();
    expect(await fastDesk.page.evaluate(() => Date.now() - performance.timeOrigin - performance.now())).toBeGreaterThan(9 * 60_000);

    proxy.swallow();
    await context.setOffline(true);
    await fastDesk.waitForPhase('offline');
    await doctor.page.context().setOffline(true);
    await doctor.waitForPhase('offline');
    // Cancel asks for the reason (issue 16) and resolves once the row is gone.
    await fastDesk.remove(third, 'left');
    await new Promise((r) => setTimeout(r, 1000));
    await doctor.callNext();
    await doctor.waitForServing(third);

    // The desk's cancel reaches the server first; the room's call, a second later in real time, still wins.
    proxy.restore();
    await context.setOffline(false);
    await fastDesk.waitForPhase('online');
    await expect.poll(() => fastDesk.pending(), { timeout: 30_000 }).toBe(0);
    await doctor.page.context().setOffline(false);
    await doctor.waitForPhase('online');
    await expect.poll(() => doctor.pending(), { timeout: 30_000 }).toBe(0);
    await fastDesk.waitForServing(third);
    await desk.waitForServing(third);
    const stored = await serverEntriesToday(server, await apiLogin(server.url));
    expect(stored.find((e) => e.ticket === third)?.status).toBe('called');
    await context.close();
  });

  it("when everything the doctor's screen received is read back, then it holds the patients' names and no phone number", async () => {
    await Promise.all(pendingBodies);
    const text = received.join('\n');
    // The capture worked: the stream and the pulls carried the visits.
    expect(text).toContain('event: resync');
    for (const p of PATIENTS) expect(text).toContain(p.name);
    const phones = PATIENTS.flatMap((p) => [p.phone, p.phone.replace(/\D/g, '').slice(3)]);
    expect(phones.filter((s) => text.includes(s))).toEqual([]);
    const local = await doctor.page.evaluate(() => document.body.textContent ?? '');
    expect(phones.filter((s) => local.includes(s))).toEqual([]);
  });
});

describe('a doctor signing in on the screen', () => {
  it('when the doctor signs in with their password and chooses their name, then the screen is enrolled for that doctor and shows their name', async () => {
    const d = new DoctorPage(await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage(), server.url);
    await d.signIn(DEMO.doctor, DEMO.password, KARIM.id);
    await expect.poll(() => d.doctorName()).toBe(KARIM.name);
    const devices = await fetch(`${server.url}/api/owner/clinics/${await clinicId()}/devices`, {
      headers: { authorization: `Bearer ${await apiLogin(server.url, DEMO.owner)}` },
    });
    const { devices: list } = (await devices.json()) as {
      devices: { kind: string; doctor_id: string | null; revoked_at: string | null }[];
    };
    expect(list.filter((x) => x.kind === 'doctor' && x.doctor_id === KARIM.id && !x.revoked_at).length).toBeGreaterThanOrEqual(1);
  });
});

describe('installable and accessible', () => {
  it("when Chromium inspects the doctor's screen, then it is installable, and axe finds no serious or critical violation in Arabic (right to left), French and English", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'doctorq-profile-'));
    const context = await launchProfile(dir);
    try {
      const d = new DoctorPage(context.pages()[0] ?? (await context.newPage()), server.url);
      const code = await doctorCode(AMIRA.id);
      await d.page.goto(`${server.url}/doctor.html`);
      await d.page.getByTestId('login-form').waitFor();
      expect(await seriousA11yViolations(d.page)).toEqual([]);
      await d.enrolWithCode(code, 'Salle 1');
      await d.page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 30_000 });
      await expect.poll(() => installabilityErrors(d.page), { timeout: 15_000 }).toEqual([]);
      for (const lang of ['ar', 'fr', 'en'] as const) {
        await d.language(lang);
        expect(await d.page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        expect({ lang, violations: await seriousA11yViolations(d.page) }).toEqual({ lang, violations: [] });
      }
    } finally {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
