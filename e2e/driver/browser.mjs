// Debian's chromium under playwright-core, for both drivers (the scenarios and the extension-host suite).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

/**
 * Starts headless chromium with its profile in `tmp` and connects to it. launchServer (not launch)
 * exposes chromium's pid, written to `tmp`/chromium.pid so run.sh can kill it if the driver dies first.
 */
export async function launchChromium(chromium, tmp) {
  // Playwright puts chromium's fresh profile in TMPDIR: keep it in run.sh's temp dir.
  process.env.TMPDIR = tmp;
  const server = await chromium.launchServer({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
  writeFileSync(path.join(tmp, 'chromium.pid'), String(server.process().pid));
  const browser = await chromium.connect(server.wsEndpoint());
  return { server, browser };
}
