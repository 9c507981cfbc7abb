// Debian's Chromium (apt-get install -y chromium), never a downloaded browser.
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      // This machine's network is closed: background connections only produce errors.
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}
