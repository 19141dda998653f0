/**
 * A worker thread of the CLI's parallel scan (parallel.ts): lints the batches of templates and Terraform
 * folders it is sent and sends back plain results. The Terraform parser loads once per worker.
 */
import * as path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { initTerraform } from '../terraform/treeSitter';
import type { WorkerReply, WorkerRequest } from './parallel';
import { plainFindings, toPlainTerraformScan } from './parallel';
import { lintTemplateJob } from './scan';
import { scanTerraform } from './terraform';

const ready = initTerraform();

function handle(request: WorkerRequest): WorkerReply {
  if (request.kind === 'templates')
    return {
      id: request.id,
      kind: 'templates',
      outcomes: request.jobs.map((job) => {
        const o = lintTemplateJob(job);
        return o.scanned
          ? { ...o, scanned: { ...o.scanned, findings: plainFindings(o.scanned.findings) } }
          : o;
      }),
    };
  const configs = new Map(request.configs);
  const scan = scanTerraform(request.files, (dir) => configs.get(dir) ?? configs.get(path.dirname(dir))!);
  return { id: request.id, kind: 'terraform', scan: toPlainTerraformScan(scan) };
}

parentPort?.on('message', (request: WorkerRequest) => {
  ready.then(
    () => {
      try {
        parentPort!.postMessage(handle(request));
      } catch (e) {
        parentPort!.postMessage({ id: request.id, kind: 'error', message: (e as Error).stack ?? String(e) });
      }
    },
    (e: unknown) =>
      parentPort!.postMessage({
        id: request.id,
        kind: 'error',
        message: `cannot load the Terraform parser: ${String(e)}`,
      }),
  );
});
