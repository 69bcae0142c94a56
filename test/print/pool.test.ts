import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { PrintJob } from '../../src/render/print/data.js';
import { PRINT_GRIDS } from '../../src/render/print/grids.js';
import { PrintFailed, PrintPool } from '../../src/render/print/pool.js';

/**
 * The print pool keeps Typst off the service's thread and its memory bounded: workers are
 * replaced after a set number of renders, and a dead worker costs only its own render.
 */

const RENDERS_PER_WORKER = 100;
/** The bound set for one worker's resident memory (it starts near 160 MB with the four fonts loaded). */
const WORKER_RSS_BOUND_MB = 350;

const pools: PrintPool[] = [];
afterAll(async () => Promise.all(pools.map((p) => p.close())));

function pool(options: Partial<ConstructorParameters<typeof PrintPool>[0]> = {}) {
  const p = new PrintPool({ size: 1, maxRenders: RENDERS_PER_WORKER, timeoutMs: 30_000, ...options });
  pools.push(p);
  return p;
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** A galley unlike any before it, so that no render is a repeat of another. */
function galley(n: number): PrintJob {
  const blocks = Array.from({ length: 20 }, (_, k) => ({ t: 'p' as const, runs: [{ s: `第${n}稿第${k}段，聊城市紧紧围绕国家市场监管总局的工作安排，大力维护公平竞争市场环境。`.repeat(3) }] }));
  return { kind: 'galley', title: `稿件 ${n}`, paper: '聊城日报', grid: PRINT_GRIDS['broadsheet-8'], item: { kind: 'article', id: n, columns: 1, kicker: null, headline: `标题${n}`, subtitle: null, byline: '记者 国晓宁', blocks } };
}

describe('the print pool', () => {
  it(`renders 300 distinct galleys with each worker under ${WORKER_RSS_BOUND_MB} MB, replacing it every ${RENDERS_PER_WORKER} renders`, async () => {
    const p = pool();
    let peak = 0;
    const lines = new Set<number>();
    for (let n = 0; n < 300; n++) {
      const out = await p.render(galley(n));
      expect(out.pdf.subarray(0, 5).toString()).toBe('%PDF-');
      lines.add((out.fit[0] as { lines: number }).lines);
      const pids = p.pids();
      expect(pids.length).toBeLessThanOrEqual(1);
      for (const pid of pids) peak = Math.max(peak, rssMb(pid));
    }
    console.log(`print pool: 300 renders, peak worker RSS ${peak.toFixed(0)} MB, ${p.started} workers started`);
    expect(peak).toBeGreaterThan(50);
    expect(peak).toBeLessThan(WORKER_RSS_BOUND_MB);
    // One worker for each hundred renders (a successor takes over once ready, so a worker may
    // serve a few past its hundred), and perhaps the next one's successor already starting.
    expect(p.started).toBeGreaterThanOrEqual(300 / RENDERS_PER_WORKER);
    expect(p.started).toBeLessThanOrEqual(300 / RENDERS_PER_WORKER + 1);
    expect(lines.size).toBeGreaterThan(0);
  });

  it('loses only the render in hand when its worker dies, and carries on with a new one', async () => {
    const p = pool();
    await p.render(galley(1));
    const [pid] = p.pids();
    const pending = p.render(galley(2));
    process.kill(pid!, 'SIGKILL');
    await expect(pending).rejects.toBeInstanceOf(PrintFailed);
    const out = await p.render(galley(3));
    expect(out.pages).toBe(1);
    expect(p.pids()).not.toContain(pid);
  });

  it('gives up on a render past its time and kills its worker', async () => {
    const p = pool({ timeoutMs: 1 });
    await expect(p.render(galley(4))).rejects.toThrow(/longer than 1 ms/);
    expect(p.pids()).toEqual([]);
  });

  it('refuses work once closed', async () => {
    const p = pool();
    await p.close();
    await expect(p.render(galley(5))).rejects.toThrow(/closed/);
  });
});
