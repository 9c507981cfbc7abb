// The patient's phone, the waiting-room screen and self check-in, in Debian's
// Chromium against the real server, driven by the reception tablet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, launchProfile } from './support/browser.ts';
import { installabilityErrors, seriousA11yViolations } from './support/audit.ts';
import { startE2eServer, type E2eServer } from './support/server.ts';
import { apiLogin, DEMO, serverEntriesToday, setDemoHours } from './support/api.ts';
import { pageJsWeight, PATIENT_JS_BUDGET } from './support/bundle-size.ts';
import { ReceptionPage } from './pages/reception.ts';
import { PatientPage } from './pages/patient.ts';
import { DisplayPage } from './pages/display.ts';
import { CheckinPage } from './pages/checkin.ts';

/** The demo clinic's second doctor (server/demo.ts). */
const KARIM = { id: 'doc-karim', room: '2' };
const PATIENTS = [
  { name: 'Leila Bouzid', phone: '+216 22 345 678' },
  { name: 'Mohamed Amine Dridi', phone: '98 765 432' },
  { name: 'Khaoula Mejri', phone: '+216 50 600 700' },
];
const SELF = { name: 'Nizar Gharsallah', phone: '+216 55 010 203' };
/** Within one second of the call (the "done when"). */
const LIVE_UPDATE_MS = 1000;

let server: E2eServer;
let browser: Browser;
beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchBrowser();
  // Patients check in from the test at whatever hour it runs.
  await setDemoHours(server.url);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

// ---- what the patient phones and the display receive ----

interface Received {
  source: string;
  url: string;
  body: string;
}
const received: Received[] = [];
const pendingBodies: Promise<void>[] = [];

/**
 * Runs in the page before its scripts: a copy of every public-stream byte the
 * page reads goes to the test (the page's fetch gets the other half of a tee).
 */
function teeQueueStreams(): void {
  const w = window as unknown as { fetch: typeof fetch; __dqStreamChunk: (text: string) => void };
  const original = w.fetch.bind(window);
  w.fetch = async (input, init) => {
    const res = await original(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.includes('/api/queue/v1/stream') || !res.body) return res;
    const [copy, page] = res.body.tee();
    void (async () => {
      const reader = copy.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        w.__dqStreamChunk(decoder.decode(value, { stream: true }));
      }
    })().catch(() => {});
    return new Response(page, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

/**
 * Runs in the tablet's pages before their scripts: a copy of everything a
 * waiting-room screen opened on the tablet's machine hears from the tablet
 * (client/live/local-channel.ts) goes to the test.
 */
function teeLocalScreen(): void {
  const w = window as unknown as { __dqChannel: (text: string) => void };
  const Native = window.BroadcastChannel;
  window.BroadcastChannel = class extends Native {
    constructor(name: string) {
      super(name);
      this.addEventListener('message', (e) => w.__dqChannel(JSON.stringify((e as MessageEvent).data)));
    }
  };
}

/** Opens the waiting-room screen on the tablet's own machine, recording what it hears and shows. */
async function localScreen(r: ReceptionPage): Promise<DisplayPage> {
  const context = r.page.context();
  await context.exposeBinding('__dqChannel', (caller, text: string) => {
    // The tablet's own end hears the screens' requests; only what a screen hears counts.
    if (new URL(caller.page.url()).pathname === '/display.html') received.push({ source: 'local display', url: 'channel', body: text });
  });
  await context.addInitScript(teeLocalScreen);
  return DisplayPage.local(await r.openLocalScreen());
}

/** Records every response body and every stream byte the context's pages receive. */
async function watched(source: string, context: BrowserContext): Promise<BrowserContext> {
  await context.exposeBinding('__dqStreamChunk', (_caller, text: string) => {
    received.push({ source, url: 'stream', body: text });
  });
  await context.addInitScript(teeQueueStreams);
  context.on('response', (res) => {
    if ((res.headers()['content-type'] ?? '').includes('text/event-stream')) return;
    pendingBodies.push(
      res.text().then(
        (body) => void received.push({ source, url: res.url(), body }),
        () => {}, // redirects and aborted requests have no body
      ),
    );
  });
  return context;
}

// ---- helpers ----

async function signedInTablet(): Promise<ReceptionPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const r = new ReceptionPage(await context.newPage(), server.url);
  await r.open();
  await r.signIn(DEMO.reception, DEMO.password, 'Front desk');
  await r.waitUntilOfflineReady();
  return r;
}

/** Registers a patient at the tablet and takes the link its ticket QR code carries. */
async function registerWithLink(
  r: ReceptionPage,
  p: { name: string; phone?: string },
  doctorId?: string,
): Promise<{ ticket: string; link: string }> {
  await r.page.getByTestId('register-name').fill(p.name);
  if (p.phone) await r.page.getByTestId('register-phone').fill(p.phone);
  if (doctorId) await r.page.getByTestId('register-doctor').selectOption(doctorId);
  await r.page.getByTestId('register-submit').click();
  const issued = r.page.getByTestId('ticket-issued');
  await issued.waitFor();
  const ticket = (await issued.getAttribute('data-ticket'))!;
  const link = (await issued.locator('svg[data-qr-text]').getAttribute('data-qr-text'))!;
  await r.page.getByTestId('ticket-close').click();
  await r.row(ticket).waitFor();
  return { ticket, link };
}

async function phone(source: string, locale = 'fr-TN'): Promise<Page> {
  const context = await watched(
    source,
    await browser.newContext({ viewport: { width: 390, height: 800 }, locale, permissions: ['notifications'] }),
  );
  return context.newPage();
}

async function clinicId(): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO.owner, password: DEMO.password }),
  });
  return ((await res.json()) as { clinic: { id: string } }).clinic.id;
}

/** An owner-area call on the demo clinic (`/api/owner/clinics/:id…`). */
async function owner(method: string, path: string, body?: object): Promise<Response> {
  const res = await fetch(`${server.url}/api/owner/clinics/${await clinicId()}${path}`, {
    method,
    headers: { authorization: `Bearer ${await apiLogin(server.url, DEMO.owner)}`, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
  return res;
}

describe('patient page and waiting-room display, live from the reception tablet', () => {
  let r: ReceptionPage;
  let patient: PatientPage;
  let display: DisplayPage;
  let local: DisplayPage;
  const issued: { ticket: string; link: string }[] = [];

  it('when the tablet calls next, then the patient page (another context) shows the new position within one second and the display shows the called ticket', async () => {
    r = await signedInTablet();
    issued.push(await registerWithLink(r, PATIENTS[0]!));
    issued.push(await registerWithLink(r, PATIENTS[1]!));
    issued.push(await registerWithLink(r, PATIENTS[2]!, KARIM.id));
    const [first, second, mine] = issued as [(typeof issued)[0], (typeof issued)[0], (typeof issued)[0]];

    display = new DisplayPage(
      await (await watched('display', await browser.newContext({ viewport: { width: 1600, height: 900 } }))).newPage(),
      server.url,
    );
    await display.open();
    await display.signIn(DEMO.reception, DEMO.password);
    // The chime needs one tap on the screen (browsers start audio only after a gesture).
    await display.page.getByTestId('sound-toggle').click();
    await display.page.locator('[data-testid="sound-toggle"][data-state="on"]').waitFor();

    patient = new PatientPage(await phone('patient'));
    await patient.open(mine.link);
    await patient.waitForStatus('waiting');
    expect(await patient.ticket()).toBe(mine.ticket);
    await patient.waitForPosition(3);
    expect(await patient.place()).toMatchObject({ position: '3', ahead: '2' });
    expect(await patient.text('eta')).toMatch(/\d/);
    expect(await patient.page.getByTestId('notify-me').isEnabled()).toBe(true);
    await expect.poll(() => display.next()).toEqual([first.ticket, second.ticket, mine.ticket]);
    local = await localScreen(r);
    await expect.poll(() => local.next()).toEqual([first.ticket, second.ticket, mine.ticket]);

    // Doctor Karim calls: the unassigned patients come first in his queue, as on the tablet.
    const calledAt = Date.now();
    await r.callNext(KARIM.id);
    await patient.waitForPosition(2, LIVE_UPDATE_MS);
    const latency = Date.now() - calledAt;
    console.log(`call next → patient page position: ${latency} ms`);
    expect(latency).toBeLessThan(LIVE_UPDATE_MS);
    await display.waitForServing(first.ticket);
    await local.waitForServing(first.ticket, LIVE_UPDATE_MS);
    expect(await display.serving()).toEqual([{ ticket: first.ticket, doctorId: KARIM.id, status: 'called' }]);
    expect(await display.next()).toEqual([second.ticket, mine.ticket]);

    await r.callNext(KARIM.id);
    await patient.waitForPosition(1, LIVE_UPDATE_MS);
    await patient.page.getByTestId('next-banner').waitFor({ timeout: LIVE_UPDATE_MS });
    expect(await patient.text('ahead')).toBe('0');

    await r.callNext(KARIM.id);
    await patient.waitForStatus('called', LIVE_UPDATE_MS);
    expect(await patient.calledRoom()).toBe(KARIM.room);
    await display.waitForServing(mine.ticket);
    expect((await display.serving())[0]).toEqual({ ticket: mine.ticket, doctorId: KARIM.id, status: 'called' });
    expect(await display.next()).toEqual([]);
  });

  it('when the patient phone and the display reload with no network, then both show the last known state marked stale, and catch up once back', async () => {
    const mine = issued[2]!;
    await patient.waitUntilOfflineReady();
    await display.waitUntilOfflineReady();
    const serving = await display.serving();

    await patient.page.context().setOffline(true);
    await display.page.context().setOffline(true);
    await patient.page.reload();
    await display.page.reload();

    await patient.page.getByTestId('stale').waitFor();
    expect(await patient.ticket()).toBe(mine.ticket);
    expect(await patient.status()).toBe('called');
    expect(await patient.calledRoom()).toBe(KARIM.room);
    await display.page.getByTestId('stale').waitFor();
    expect(await display.serving()).toEqual(serving);

    // Meanwhile the doctor finishes with the patient.
    await r.callNext(KARIM.id);
    await patient.page.context().setOffline(false);
    await display.page.context().setOffline(false);
    await patient.waitForStatus('done', 15_000);
    await patient.page.getByTestId('stale').waitFor({ state: 'detached' });
    await expect.poll(() => display.serving(), { timeout: 15_000 }).toEqual([]);
    expect(await display.isStale()).toBe(false);
  });

  it('when the server pushes a notification, then the patient page worker shows it, replacing a repeat of the same message', async () => {
    const cdp = await patient.page.context().newCDPSession(patient.page);
    const registrations: { registrationId: string; scopeURL: string }[] = [];
    cdp.on(
      'ServiceWorker.workerRegistrationUpdated',
      (e: { registrations: typeof registrations }) => void registrations.push(...e.registrations),
    );
    await cdp.send('ServiceWorker.enable');
    await expect.poll(() => registrations.some((x) => x.scopeURL === `${server.url}/patient.html`)).toBe(true);
    const reg = registrations.find((x) => x.scopeURL === `${server.url}/patient.html`)!;
    const message = {
      v: 1,
      id: 'outbox-1',
      kind: 'called',
      text: `Cabinet : ticket ${issued[2]!.ticket}, c'est votre tour. Présentez-vous salle 2.`,
    };
    for (let i = 0; i < 2; i++) {
      await cdp.send('ServiceWorker.deliverPushMessage', {
        origin: server.url,
        registrationId: reg.registrationId,
        data: JSON.stringify(message),
      });
    }
    const shown = () =>
      patient.page.evaluate(async () => {
        const worker = await navigator.serviceWorker.getRegistration('/patient.html');
        return (await worker!.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag }));
      });
    await expect.poll(shown).toEqual([{ title: 'DoctorQ', body: message.text, tag: 'outbox-1' }]);
  });

  it('when a patient checks in with the clinic QR code (tapping twice), then they land on their ticket page and the one entry appears on the tablet', async () => {
    await r.page.getByTestId('checkin-qr-open').click();
    // The tablet signs its on-site code once the dialog is up (shared/onsite.ts); the QR shows the plain link until then.
    const qr = r.page.locator('[data-testid="checkin-qr"] svg[data-qr-text*="&o="]');
    await qr.waitFor();
    const url = (await qr.getAttribute('data-qr-text'))!;
    // The tablet's QR carries its on-site code: a check-in from it is at the clinic, whatever the hours.
    expect(url.startsWith(`${server.url}/checkin.html#c=${await clinicId()}&o=`)).toBe(true);
    await r.page.getByTestId('checkin-qr-close').click();

    const checkin = new CheckinPage(await phone('check-in', 'ar-TN'), server.url);
    await checkin.open(url);
    expect(await checkin.page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await checkin.page.getByTestId('checkin-submit').click();
    expect(await checkin.error()).toBe('name_required');
    await checkin.fill(SELF.name, { phone: SELF.phone, doctorId: KARIM.id });
    await checkin.submitTwiceAtOnce();

    const ticketPage = new PatientPage(checkin.page);
    await ticketPage.waitForStatus('waiting');
    const ticket = await ticketPage.ticket();
    expect(ticket).toMatch(/^W-\d{3}$/);
    expect(await ticketPage.place()).toMatchObject({ position: '1', ahead: '0' });
    await r.row(ticket).waitFor({ timeout: 10_000 });

    const mine = (await serverEntriesToday(server, await apiLogin(server.url))).filter((e) => e.name === SELF.name);
    expect(mine.map((e) => [e.ticket, e.source, e.doctorId])).toEqual([[ticket, 'self', KARIM.id]]);
  });

  it("when the clinic switches the screen to tickets only, then the doctors' names leave the display at once", async () => {
    const row = display.page.locator('[data-testid="next"]').first();
    await expect.poll(() => row.locator('.doctor').count()).toBe(1);
    await owner('PATCH', `/settings`, { display: 'tickets' });
    await expect.poll(() => row.locator('.doctor').count(), { timeout: 5_000 }).toBe(0);
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText(): the text as rendered, which the test means; not the DOM property.
    expect(await row.innerText()).toContain(KARIM.room);
    await owner('PATCH', `/settings`, { display: 'tickets_and_doctor' });
  });

  it("when everything the patient phones, the display and the screen on the tablet's machine received is read back, then no patient name or phone number is in it", async () => {
    await Promise.all(pendingBodies);
    // The screen on the tablet's machine: what it heard from the tablet, and what it shows.
    received.push({ source: 'local display', url: 'rendered', body: (await local.page.textContent('body')) ?? '' });
    expect(received.some((x) => x.source === 'local display' && x.body.includes('"type":"snapshot"'))).toBe(true);
    const streams = received.filter((x) => x.url === 'stream');
    // The capture worked: each kind of device read its snapshot.
    for (const source of ['patient', 'display', 'check-in']) {
      expect({ source, snapshot: streams.some((x) => x.source === source && x.body.includes('event: snapshot')) }).toEqual({
        source,
        snapshot: true,
      });
    }
    // …and what they read is the queue: the tickets are there, only the people are not.
    const streamText = streams.map((x) => x.body).join('');
    for (const { ticket } of issued) expect(streamText).toContain(`"ticket":"${ticket}"`);
    const secrets = [...PATIENTS, SELF].flatMap((p) => [p.name, p.name.split(' ').at(-1)!, p.phone, p.phone.replace(/\D/g, '')]);
    const leaks = received.flatMap((x) =>
      secrets.filter((s) => x.body.includes(s)).map((s) => ({ source: x.source, url: x.url, secret: s })),
    );
    expect(leaks).toEqual([]);
  });

  it('when the owner removes the screen, then the display says it was disconnected and shows no queue', async () => {
    const { devices } = (await (await owner('GET', '/devices')).json()) as {
      devices: { id: string; kind: string; revoked_at: string | null }[];
    };
    const screens = devices.filter((d) => d.kind === 'display' && !d.revoked_at);
    expect(screens).toHaveLength(1);
    await owner('DELETE', `/devices/${screens[0]!.id}`);
    await display.page.getByTestId('display-revoked').waitFor({ timeout: 10_000 });
    expect(await display.page.getByTestId('serving').count()).toBe(0);
  });
});

describe('installable, accessible, small', () => {
  it('when Chromium inspects the patient page, then it is installable; axe finds no serious or critical violation on the patient, check-in and display pages in Arabic and French', async () => {
    const id = await clinicId();
    const res = await fetch(`${server.url}/api/checkin/v1/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requestId: crypto.randomUUID(), name: 'Sarra Ayadi' }),
    });
    expect(res.status).toBe(201);
    const { path } = (await res.json()) as { path: string };

    const dir = await mkdtemp(join(tmpdir(), 'doctorq-profile-'));
    const context = await launchProfile(dir);
    const audit = async (page: Page, what: string) => {
      for (const lang of ['ar', 'fr'] as const) {
        await page.getByTestId('lang-switch').selectOption(lang);
        await page.waitForFunction((l) => document.documentElement.lang === l, lang);
        expect(await page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        expect({ what, lang, violations: await seriousA11yViolations(page) }).toEqual({ what, lang, violations: [] });
      }
    };
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const patient = new PatientPage(page);
      await patient.open(server.url + path);
      await patient.waitForStatus('waiting');
      await patient.waitUntilOfflineReady();
      await expect.poll(() => installabilityErrors(page), { timeout: 15_000 }).toEqual([]);
      await audit(page, 'patient');

      const checkin = new CheckinPage(page, server.url);
      await checkin.open(`${server.url}/checkin.html#c=${id}`);
      await audit(page, 'check-in');

      const display = new DisplayPage(page, server.url);
      await display.open();
      await page.getByTestId('display-login-form').waitFor();
      await audit(page, 'display sign-in');
      await display.signIn(DEMO.owner, DEMO.password, 'Audit screen');
      await expect.poll(() => display.next()).toContain((await fetchTicket(path)) ?? '');
      await audit(page, 'display');
    } finally {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("when the build is weighed, then the patient page's JavaScript stays within 60 KB gzip", async () => {
    const w = await pageJsWeight('patient.html');
    console.log(`patient.html: ${w.files.length} scripts, ${(w.bytes / 1024).toFixed(1)} KB, ${(w.gzip / 1024).toFixed(1)} KB gzip`);
    expect(w.gzip).toBeLessThanOrEqual(PATIENT_JS_BUDGET);
  });
});

describe('self check-in refusals', () => {
  it('when the clinic closes self check-in, then the form says so; when too many check-ins come from one phone, then it asks to wait a minute', async () => {
    const id = await clinicId();
    const checkin = new CheckinPage(await phone('refusals'), server.url);
    await owner('PATCH', '/settings', { selfCheckIn: false });
    await checkin.open(`${server.url}/checkin.html#c=${id}`);
    await checkin.page.getByTestId('checkin-closed').waitFor();
    await owner('PATCH', '/settings', { selfCheckIn: true });

    await checkin.page.reload();
    await checkin.page.getByTestId('checkin-form').waitFor();
    // Use up this address's minute (CHECKIN_RATE_LIMIT_PER_IP, 5 by default).
    for (let i = 0; i < 6; i++) {
      await fetch(`${server.url}/api/checkin/v1/${id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ requestId: crypto.randomUUID(), name: `Flood ${i}` }),
      });
    }
    await checkin.fill('Hana Khemiri');
    await checkin.page.getByTestId('checkin-submit').click();
    expect(await checkin.error()).toBe('rate_limited');
    expect(await checkin.page.getByTestId('checkin-submit').isEnabled()).toBe(true);
  });
});

/** The ticket of a self check-in link, through the staff API. */
async function fetchTicket(path: string): Promise<string | null> {
  const token = path.split('#t=')[1]!;
  const eid = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { eid: string }).eid;
  const docs = await serverEntriesToday(server, await apiLogin(server.url));
  return docs.find((d) => d.id === eid)?.ticket ?? null;
}
