// The reception tablet's local operations in Chromium with 500 patients
// queued: time from the click to the changed row on screen (measured in the
// page: click, then the next animation frame after the DOM changed), beside
// an authenticated server round trip measured from the same page in the same
// run — what every operation of a server-first design waits for.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../e2e/support/browser.ts';
import { startE2eServer, CLIENT_DIR } from '../e2e/support/server.ts';
import { apiLogin, DEMO } from '../e2e/support/api.ts';
import { ReceptionPage } from '../e2e/pages/reception.ts';
import { registerEntry } from '../shared/register.ts';
import { uuidv7 } from '../shared/ids.ts';
import { clinicDay } from '../shared/tickets.ts';
import type { Entry } from '../shared/schemas.ts';
import { MAX_PUSH_ROWS, SCHEMA_VERSION } from '../shared/protocol.ts';
import { summarize, type Summary } from './support/stats.ts';
import { TRACE_CATEGORIES, tapBreakdown, type TapBreakdown } from './support/tablet-trace.ts';

export interface TabletUiResult {
  patients: number;
  moveUp: Summary;
  callNext: Summary;
  /** A tap on a button of the bench's own whose click sets one attribute: the browser's input and frame, no app. */
  floor: Summary;
  serverRoundTrip: Summary;
  /** Where a tap's time went, from a performance trace of further taps. */
  trace: TapBreakdown[];
}

async function seedQueue(base: string, zone: string, n: number): Promise<void> {
  const token = await apiLogin(base);
  const me = (await (
    await fetch(`${base}/api/sync/v1/settings/pull`, {
      headers: { authorization: `Bearer ${token}`, 'x-doctorq-schema': String(SCHEMA_VERSION) },
    })
  ).json()) as { documents: { clinicId: string }[] };
  const clinicId = me.documents[0]!.clinicId;
  const day = clinicDay(Date.now(), zone);
  const entries: Entry[] = [];
  for (let i = 0; i < n; i++) {
    entries.push(
      registerEntry(
        entries,
        {
          id: uuidv7(Date.now(), randomBytes(10)),
          clinicId,
          name: `Bench ${i}`,
          phone: null,
          doctorId: null,
          priority: 'normal',
          source: 'reception',
          series: 'Z',
          day,
        },
        Date.now(),
      ),
    );
  }
  for (let i = 0; i < entries.length; i += MAX_PUSH_ROWS) {
    const rows = entries.slice(i, i + MAX_PUSH_ROWS).map((e) => ({ newDocumentState: { ...e, _deleted: false } }));
    const res = await fetch(`${base}/api/sync/v1/entries/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-doctorq-schema': String(SCHEMA_VERSION), 'content-type': 'application/json' },
      body: JSON.stringify(rows),
    });
    if (!res.ok) throw new Error(`seeding: ${res.status}`);
  }
}

/** The change a tap waits for: `shown` is on screen (and, with `before`, comes before that ticket's row). */
interface Change {
  shown: string;
  before?: string;
}

/**
 * Taps `selector` as a finger does (real input events through Chromium's
 * pipeline, so the button takes focus) and returns the ms from the input
 * event's timestamp to the next animation frame after the change first
 * shows. The interval is also a `performance.measure` named `label`, which a
 * performance trace shows. The target is brought on screen first, untimed: a
 * receptionist taps the row they see.
 */
async function timeTap(page: Page, label: string, selector: string, changed: Change, attempt = 0): Promise<number> {
  const at = await page.evaluate(
    async ({ label, selector, changed }) => {
      const target = document.querySelector<HTMLElement>(selector);
      if (!target) throw new Error(`no ${selector}`);
      // Settled: the target under its own centre, at the same place in two rendered frames in a row (a
      // task after a frame's callbacks runs after its layout and paint): blocks of rows coming on screen
      // take their real height at first and can shift it.
      let lastY = Number.NaN;
      for (let tries = 0; ; tries++) {
        const r = target.getBoundingClientRect();
        const under = target.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
        if (under && r.y === lastY) break;
        if (!under) target.scrollIntoView({ block: 'center' });
        if (tries === 30) throw new Error(`${selector} does not settle on screen`);
        lastY = under ? r.y : Number.NaN;
        await new Promise((settled) => requestAnimationFrame(() => setTimeout(settled, 0)));
      }
      const w = window as unknown as { benchTap?: Promise<number> };
      w.benchTap = new Promise<number>((resolve, reject) => {
        let t0 = Number.NaN;
        // A tap that lands beside the target (the list shifted under it) is kept from the app and reported as NaN.
        addEventListener(
          'pointerdown',
          (e) => {
            if (target.contains(e.target as Node)) t0 = e.timeStamp;
            else {
              observer.disconnect();
              resolve(Number.NaN);
            }
          },
          { capture: true, once: true },
        );
        addEventListener(
          'click',
          (e) => {
            if (target.contains(e.target as Node)) return;
            e.stopPropagation();
            e.preventDefault();
          },
          { capture: true, once: true },
        );
        // No named helper here: the bench's TypeScript loader would wrap it in a function the page lacks.
        const observer = new MutationObserver(() => {
          const el = document.querySelector(changed.shown);
          const next =
            changed.before === undefined ? null : document.querySelector(`[data-testid="queue-row"][data-ticket="${changed.before}"]`);
          if (!el || (next !== null && !(el.compareDocumentPosition(next) & Node.DOCUMENT_POSITION_FOLLOWING))) return;
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.measure(label, { start: t0, end: performance.now() }).duration));
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
        setTimeout(() => {
          observer.disconnect();
          reject(new Error('no change within 30 s'));
        }, 30_000);
      });
      const r = target.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    },
    { label, selector, changed },
  );
  await page.mouse.click(at.x, at.y);
  const ms = await page.evaluate(() => (window as unknown as { benchTap: Promise<number> }).benchTap);
  if (!Number.isNaN(ms)) return ms;
  if (attempt === 5) throw new Error(`taps keep missing ${selector}`);
  return timeTap(page, label, selector, changed, attempt + 1);
}

const MOVE_UP = 'move up';
const CALL_NEXT = 'call next';
const FLOOR = 'floor';

/** Moves a row from deep in the queue up by one: done when the row it passed sits right after it. */
async function tapMoveUp(page: Page, k: number): Promise<number> {
  const [ticket, above] = await page.evaluate((k) => {
    const rows = [...document.querySelectorAll('[data-testid="queue-row"]')];
    const at = Math.min(rows.length - 1, 100 + ((k * 37) % 300));
    return [rows[at]!.getAttribute('data-ticket')!, rows[at - 1]!.getAttribute('data-ticket')!];
  }, k);
  const row = `[data-testid="queue-row"][data-ticket="${ticket}"]`;
  return timeTap(page, MOVE_UP, `${row} [data-testid="move-up"]`, { shown: row, before: above });
}

/** Calls the general queue's next patient: done when the first waiting row shows as called. */
async function tapCallNext(page: Page): Promise<number> {
  const first = await page.evaluate(() => document.querySelector('[data-testid="queue-row"]')!.getAttribute('data-ticket')!);
  return timeTap(page, CALL_NEXT, '[data-testid="call-next"][data-doctor-id=""]', {
    shown: `[data-testid="serving-row"][data-ticket="${first}"]`,
  });
}

/**
 * The floor a tap cannot go under on this browser and machine: a button laid
 * over the same page, whose click changes one attribute. Its time is the
 * input's way to the page and the wait for the next frame, with no app work.
 */
async function addFloorButton(page: Page): Promise<void> {
  await page.evaluate(() => {
    const b = document.createElement('button');
    b.id = 'bench-floor';
    b.textContent = 'floor';
    b.dataset.taps = '0';
    b.style.cssText = 'position: fixed; inset-block-end: 8px; inset-inline-end: 8px; z-index: 2147483647';
    b.addEventListener('click', () => {
      b.dataset.taps = String(Number(b.dataset.taps) + 1);
    });
    document.body.append(b);
  });
}

function tapFloor(page: Page, k: number): Promise<number> {
  return timeTap(page, FLOOR, '#bench-floor', { shown: `#bench-floor[data-taps="${k + 1}"]` });
}

function authenticatedRoundTrip(page: Page): Promise<number> {
  return page.evaluate(async (schema) => {
    const s = JSON.parse(localStorage.getItem('doctorq.reception.session')!) as { accessToken: string };
    const t0 = performance.now();
    const res = await fetch('/api/sync/v1/entries/pull?seq=999999999&limit=1', {
      headers: { authorization: `Bearer ${s.accessToken}`, 'x-doctorq-schema': schema },
    });
    await res.json();
    return performance.now() - t0;
  }, String(SCHEMA_VERSION));
}

export async function runTabletUi(opts: {
  patients: number;
  samples: number;
  tracedTaps: number;
}): Promise<TabletUiResult | { skipped: string }> {
  if (!existsSync(join(CLIENT_DIR, 'index.html'))) return { skipped: 'dist/ is missing (npm run build)' };
  const server = await startE2eServer();
  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const r = new ReceptionPage(page, server.url);
    await r.open();
    await r.signIn(DEMO.reception, DEMO.password, 'Bench desk');
    await seedQueue(server.url, server.zone, opts.patients);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="queue-row"]').length >= n, opts.patients, {
      timeout: 60_000,
    });
    const moveUp: number[] = [];
    const callNext: number[] = [];
    const floor: number[] = [];
    const roundTrip: number[] = [];
    await addFloorButton(page);
    for (let i = 0; i < opts.samples; i++) {
      moveUp.push(await tapMoveUp(page, i));
      callNext.push(await tapCallNext(page));
      floor.push(await tapFloor(page, i));
      roundTrip.push(await authenticatedRoundTrip(page));
    }
    // Traced apart: tracing slows the page, so these taps are not among the measured ones.
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    for (let i = 0; i < opts.tracedTaps; i++) {
      await tapMoveUp(page, opts.samples + i);
      await tapCallNext(page);
    }
    const raw = await browser.stopTracing();
    // Opens in Chromium's DevTools (Performance panel) or Perfetto.
    if (process.env.BENCH_TABLET_TRACE) await writeFile(process.env.BENCH_TABLET_TRACE, raw);
    const trace = tapBreakdown(raw, [MOVE_UP, CALL_NEXT], CLIENT_DIR);
    return {
      patients: opts.patients,
      moveUp: summarize(moveUp),
      callNext: summarize(callNext),
      floor: summarize(floor),
      serverRoundTrip: summarize(roundTrip),
      trace,
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}
