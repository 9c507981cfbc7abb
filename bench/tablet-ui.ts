// The reception tablet's local operations in Chromium with 500 patients
// queued: time from the click to the changed row on screen (measured in the
// page: click, then the next animation frame after the DOM changed), beside
// an authenticated server round trip measured from the same page in the same
// run — what every operation of a server-first design waits for.
import { existsSync } from 'node:fs';
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
import { MAX_PUSH_ROWS } from '../shared/protocol.ts';
import { summarize, type Summary } from './support/stats.ts';

export interface TabletUiResult {
  patients: number;
  moveUp: Summary;
  callNext: Summary;
  serverRoundTrip: Summary;
}

async function seedQueue(base: string, n: number): Promise<void> {
  const token = await apiLogin(base);
  const me = (await (
    await fetch(`${base}/api/sync/v1/settings/pull`, { headers: { authorization: `Bearer ${token}`, 'x-doctorq-schema': '1' } })
  ).json()) as { documents: { clinicId: string }[] };
  const clinicId = me.documents[0]!.clinicId;
  const day = clinicDay(Date.now(), 'Africa/Tunis');
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
      headers: { authorization: `Bearer ${token}`, 'x-doctorq-schema': '1', 'content-type': 'application/json' },
      body: JSON.stringify(rows),
    });
    if (!res.ok) throw new Error(`seeding: ${res.status}`);
  }
}

/** In the page: click `selector`, resolve with ms until the frame after `changed()` first holds. */
function timeClick(page: Page, selector: string, changed: string): Promise<number> {
  return page.evaluate(
    ({ selector, changed }) =>
      new Promise<number>((resolve, reject) => {
        const check = new Function(`return (${changed})()`) as () => boolean;
        const target = document.querySelector<HTMLElement>(selector);
        if (!target) return reject(new Error(`no ${selector}`));
        const t0 = performance.now();
        const observer = new MutationObserver(() => {
          if (!check()) return;
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - t0));
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
        target.click();
        setTimeout(() => {
          observer.disconnect();
          reject(new Error('no change within 5 s'));
        }, 5000);
      }),
    { selector, changed },
  );
}

export async function runTabletUi(opts: { patients: number; samples: number }): Promise<TabletUiResult | { skipped: string }> {
  if (!existsSync(join(CLIENT_DIR, 'index.html'))) return { skipped: 'dist/ is missing (npm run build)' };
  const server = await startE2eServer();
  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const r = new ReceptionPage(page, server.url);
    await r.open();
    await r.signIn(DEMO.reception, DEMO.password, 'Bench desk');
    await seedQueue(server.url, opts.patients);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="queue-row"]').length >= n, opts.patients, {
      timeout: 60_000,
    });
    const moveUp: number[] = [];
    const callNext: number[] = [];
    const roundTrip: number[] = [];
    for (let i = 0; i < opts.samples; i++) {
      // Move a row from deep in the queue up by one: done when the row it passed sits right after it.
      const [ticket, above] = await page.evaluate((k) => {
        const rows = [...document.querySelectorAll('[data-testid="queue-row"]')];
        const at = Math.min(rows.length - 1, 100 + ((k * 37) % 300));
        return [rows[at]!.getAttribute('data-ticket')!, rows[at - 1]!.getAttribute('data-ticket')!];
      }, i);
      const row = `[data-testid="queue-row"][data-ticket="${ticket}"]`;
      moveUp.push(
        await timeClick(
          page,
          `${row} [data-testid="move-up"]`,
          `() => document.querySelector('${row}')?.nextElementSibling?.getAttribute('data-ticket') === '${above}'`,
        ),
      );
      const first = await page.evaluate(() => document.querySelector('[data-testid="queue-row"]')!.getAttribute('data-ticket')!);
      callNext.push(
        await timeClick(
          page,
          '[data-testid="call-next"][data-doctor-id=""]',
          `() => !!document.querySelector('[data-testid="serving-row"][data-ticket="${first}"]')`,
        ),
      );
      roundTrip.push(
        await page.evaluate(async () => {
          const s = JSON.parse(localStorage.getItem('doctorq.reception.session')!) as { accessToken: string };
          const t0 = performance.now();
          const res = await fetch('/api/sync/v1/entries/pull?seq=999999999&limit=1', {
            headers: { authorization: `Bearer ${s.accessToken}`, 'x-doctorq-schema': '1' },
          });
          await res.json();
          return performance.now() - t0;
        }),
      );
    }
    return { patients: opts.patients, moveUp: summarize(moveUp), callNext: summarize(callNext), serverRoundTrip: summarize(roundTrip) };
  } finally {
    await browser.close();
    await server.stop();
  }
}
