/**
 * A small pool of print workers (child processes). Typst compiles synchronously and keeps what
 * it compiled, so the service never compiles on its own thread: jobs queue here, each worker
 * renders one at a time, and a worker is replaced after `maxRenders` renders (or when it dies
 * or overruns `timeoutMs`), which keeps the service responsive and its memory bounded. A
 * successor is started when a worker has spent four fifths of its renders and takes over once it
 * is ready, so no job waits for a worker's start-up (about a second, the fonts) at a
 * replacement; until then the old worker goes on (a second's renders past its bound). The
 * measures of items set before are kept here rather than in a worker, so that every worker
 * gets them and a replaced worker's successor starts with them: an edit to one paragraph is
 * measured again in that paragraph only, whichever worker sets it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PrintJob } from './data.js';
import { createMeasureMemo } from './measures.js';
import type { Rendered } from './typst.js';
import type { WorkerReply, WorkerRequest } from './worker.js';

export interface PrintPoolOptions {
  /** Workers rendering at once. */
  size: number;
  /** Renders after which a worker is replaced by a fresh one (a measure-only job counts as a tenth of one). */
  maxRenders: number;
  /** A render that takes longer is abandoned and its worker killed. */
  timeoutMs: number;
}

/**
 * A render failed. `unavailable`: the pool is closed, or the worker died or overran its time,
 * so the same render may succeed later; `failed`: Typst could not set the document.
 */
export class PrintFailed extends Error {
  constructor(
    message: string,
    readonly reason: 'unavailable' | 'failed' = 'unavailable',
  ) {
    super(message);
  }
}

interface Pending {
  job: PrintJob;
  resolve(out: Rendered): void;
  reject(error: Error): void;
}

/**
 * What a job spends of a worker's renders, in tenths. A measure-only job (a live copy-fit, one
 * per pause in typing) makes no PDF, and a worker's memory grows by far less with it: measured,
 * thousands of them leave a worker well inside the bound a hundred renders are set for. Counted
 * whole, they would replace the worker, and stall a keystroke's answer for its start-up (about
 * a second, the fonts), every hundred pauses.
 */
const COST = { render: 10, measure: 1 };

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  /** Set once it has said it is ready. */
  started: boolean;
  /** What its jobs have spent, in tenths of a render. */
  spent: number;
  busy: boolean;
  /** The worker starting to take its place, once it has spent most of its renders. */
  successor?: Worker;
}

/** The share of its renders after which a worker's successor is started. */
const SUCCESSOR_AT = 0.8;

const WORKER = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url));

export class PrintPool {
  private readonly queue: Pending[] = [];
  private readonly workers = new Set<Worker>();
  private readonly measures = createMeasureMemo();
  private nextId = 1;
  private closed = false;
  /** Workers started so far, recycled ones included. */
  started = 0;

  constructor(private readonly options: PrintPoolOptions) {}

  /** Renders a job in a worker; queued while every worker is busy. */
  render(job: PrintJob): Promise<Rendered> {
    if (this.closed) return Promise.reject(new PrintFailed('The print pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  /** The worker processes' ids, for tests and benchmarks that watch their memory. */
  pids(): number[] {
    return [...this.workers].flatMap((w) => (w.child.pid === undefined ? [] : [w.child.pid]));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new PrintFailed('The print pool is closed'));
    const all = [...this.workers].flatMap((w) => (w.successor ? [w, w.successor] : [w]));
    await Promise.all(all.map((w) => this.stop(w)));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let worker = [...this.workers].find((w) => !w.busy);
      if (!worker && this.workers.size < this.options.size) worker = this.spawn();
      if (!worker) return;
      void this.run(worker, this.queue.shift()!);
    }
  }

  /** Starts a worker; it serves at once, or (`serving: false`, a successor) once it takes over. */
  private spawn(serving = true): Worker {
    const execArgv = WORKER.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const child = fork(WORKER, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ready = new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new PrintFailed(`The print worker exited (${code}) before it was ready`)));
    });
    const worker: Worker = { child, ready, started: false, spent: 0, busy: false };
    ready.then(
      () => {
        worker.started = true;
        // A successor ready while the worker it follows is idle and spent takes over now.
        const outgoing = [...this.workers].find((w) => w.successor === worker);
        if (outgoing && !outgoing.busy) this.retireIfSpent(outgoing);
      },
      () => {},
    );
    child.on('exit', () => this.workers.delete(worker));
    if (serving) this.workers.add(worker);
    this.started += 1;
    return worker;
  }

  /**
   * After a job: a worker past its renders hands over to its successor once that is ready (one
   * is started at four fifths of them); a dead one is dropped, its successor, if any, taking over.
   */
  private retireIfSpent(worker: Worker): void {
    const limit = this.options.maxRenders * COST.render;
    const dead = worker.child.exitCode !== null || worker.child.signalCode !== null;
    if (!dead && !this.closed && !worker.successor && worker.spent >= limit * SUCCESSOR_AT) worker.successor = this.spawn(false);
    if (!dead && (worker.spent < limit || !worker.successor?.started)) return;
    this.workers.delete(worker);
    void this.stop(worker);
    const next = worker.successor;
    if (next && next.child.exitCode === null && next.child.signalCode === null && !this.closed) this.workers.add(next);
    else if (next) void this.stop(next);
    if (!this.closed) this.dispatch();
  }

  private async run(worker: Worker, pending: Pending): Promise<void> {
    worker.busy = true;
    try {
      await worker.ready;
      // Attached as the job starts, so that it has what the jobs before it measured.
      const { job, keys } = this.measures.attach(pending.job);
      const out = await this.exchange(worker, job);
      pending.resolve({ ...out, fit: this.measures.remember(keys, out.fit) });
    } catch (error) {
      pending.reject(error instanceof Error ? error : new PrintFailed(String(error), 'failed'));
    } finally {
      worker.spent += pending.job.measureOnly ? COST.measure : COST.render;
      worker.busy = false;
      this.retireIfSpent(worker);
      if (!this.closed) this.dispatch();
    }
  }

  private exchange(worker: Worker, job: PrintJob): Promise<Rendered> {
    const id = this.nextId++;
    const { child } = worker;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        finish();
        this.workers.delete(worker);
        child.kill('SIGKILL');
        reject(new PrintFailed(`The render took longer than ${this.options.timeoutMs} ms`));
      }, this.options.timeoutMs);
      const onMessage = (reply: WorkerReply) => {
        if (reply.id !== id) return;
        finish();
        if (reply.ok) resolve({ pdf: Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength), pages: reply.pages, fit: reply.fit });
        else reject(new PrintFailed(reply.error, 'failed'));
      };
      const onExit = (code: number | null, signal: string | null) => {
        finish();
        reject(new PrintFailed(`The print worker died (${signal ?? code})`));
      };
      const finish = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send({ id, job } satisfies WorkerRequest);
    });
  }

  private async stop(worker: Worker): Promise<void> {
    const { child } = worker;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (child.connected) child.disconnect();
    const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(timer);
  }
}
