/**
 * A print worker: a child process that owns one Typst compiler and renders the jobs its parent
 * sends, one at a time. The parent recycles it after a bounded number of renders, since the
 * compiler's memory only grows.
 */
import type { PrintJob } from './data.js';
import { createTypstRenderer } from './typst.js';

export type WorkerRequest = { id: number; job: PrintJob };
export type WorkerReply = { id: number; ok: true; pdf: Uint8Array; pages: number; fit: unknown[] } | { id: number; ok: false; error: string };

// The pool keeps the measures, for all its workers and across their replacement.
const renderer = createTypstRenderer({ keepMeasures: false });

process.on('message', (message: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    const out = renderer.render(message.job);
    // Results older than a few renders are of no more use: the next job is another page.
    renderer.evict(5);
    reply = { id: message.id, ok: true, pdf: out.pdf, pages: out.pages, fit: out.fit };
  } catch (error) {
    reply = { id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  // The pool may have closed while this job was being set: nobody is left to answer, and the
  // callback takes the error a closed channel gives instead of the process.
  if (process.connected) process.send!(reply, undefined, {}, () => {});
});

process.on('disconnect', () => {
  renderer.close();
  process.exit(0);
});

process.send!({ ready: true });
