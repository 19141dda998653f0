// Usage: node wait-healthz.mjs <url> <timeoutMs> [pid]
// Polls code-server's /healthz until it answers 200; fails early when the process <pid> has exited.
/* global console, fetch, AbortSignal */
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';

const [url, timeoutArg, pidArg] = process.argv.slice(2);
const deadline = Date.now() + Number(timeoutArg ?? 60000);
const pid = pidArg ? Number(pidArg) : undefined;

function alive(p) {
  try {
    process.kill(p, 0);
    return true;
  } catch {
    return false;
  }
}

while (Date.now() < deadline) {
  if (pid !== undefined && !alive(pid)) {
    console.error(`wait-healthz: process ${pid} exited`);
    process.exit(1);
  }
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    if (res.ok) {
      console.log(`  ok  ${url}: ${(await res.text()).trim()}`);
      process.exit(0);
    }
  } catch {
    // not listening yet
  }
  await sleep(200);
}
console.error(`wait-healthz: no answer from ${url} in ${timeoutArg} ms`);
process.exit(1);
