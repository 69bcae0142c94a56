// The soak test's HTTP side: every request it sends goes through `Traffic.send`, which times
// it, counts its status under a class of request, and keeps what it did not expect.

/** A running service instance the traffic is spread over. */
export interface Instance {
  name: string;
  baseUrl: string;
  pid: number;
}

export interface Answer {
  status: number;
  headers: Headers;
  bytes: Buffer;
  text(): string;
  json<T>(): T;
}

export interface SendOptions {
  token?: string;
  body?: unknown;
  /** A version sent as `If-Match: "<version>"`. */
  ifMatch?: number;
  headers?: Record<string, string>;
  /** The media type of a string body; a body that is not a string goes as JSON. */
  type?: string;
  /** The statuses this request may answer with; anything else is unexpected. */
  expect: readonly number[];
}

interface ClassFigures {
  latencies: number[];
  statuses: Map<number, number>;
  unexpected: Map<number, number>;
  socketFailures: number;
}

/** One request that answered in a way its sender did not expect, or not at all. */
export interface Surprise {
  what: string;
  status: number | 'socket';
  detail: string;
}

/** A request is abandoned, and counted as failed at the socket level, after this long. */
const REQUEST_TIMEOUT_MS = 60_000;
/** Surprises kept whole for the report; the rest are only counted. */
const KEEP = 30;

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);

export class Traffic {
  private readonly classes = new Map<string, ClassFigures>();
  readonly surprises: Surprise[] = [];
  surpriseCount = 0;
  serverErrors = 0;
  socketFailures = 0;

  private figures(cls: string): ClassFigures {
    let figures = this.classes.get(cls);
    if (!figures) this.classes.set(cls, (figures = { latencies: [], statuses: new Map(), unexpected: new Map(), socketFailures: 0 }));
    return figures;
  }

  private surprise(surprise: Surprise): void {
    this.surpriseCount++;
    if (this.surprises.length < KEEP) this.surprises.push(surprise);
  }

  /** Sends one request; null when it failed below HTTP (refused, reset, timed out). */
  async send(cls: string, instance: Instance, method: string, path: string, options: SendOptions): Promise<Answer | null> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] = options.type ?? 'application/json';
    }
    const figures = this.figures(cls);
    const what = `${method} ${instance.name}${path}`;
    const started = performance.now();
    let response: Response;
    let bytes: Buffer;
    try {
      response = await fetch(`${instance.baseUrl}${path}`, { method, headers, body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      bytes = Buffer.from(await response.arrayBuffer());
    } catch (err) {
      figures.socketFailures++;
      this.socketFailures++;
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      this.surprise({ what, status: 'socket', detail: `${(err as Error).message}${cause ? `: ${cause.code ?? cause.message}` : ''}` });
      return null;
    }
    figures.latencies.push(performance.now() - started);
    const status = response.status;
    figures.statuses.set(status, (figures.statuses.get(status) ?? 0) + 1);
    if (status >= 500) this.serverErrors++;
    if (!options.expect.includes(status)) {
      figures.unexpected.set(status, (figures.unexpected.get(status) ?? 0) + 1);
      this.surprise({ what, status, detail: bytes.toString('utf8').slice(0, 400) });
    }
    return {
      status,
      headers: response.headers,
      bytes,
      text: () => bytes.toString('utf8'),
      json: <T>() => JSON.parse(bytes.toString('utf8')) as T,
    };
  }

  /** Requests sent so far, answered or not. */
  total(): number {
    let n = 0;
    for (const f of this.classes.values()) n += f.latencies.length + f.socketFailures;
    return n;
  }

  /** One line a class of request, then one for all of them: count, throughput, latency, statuses. */
  report(seconds: number): string[] {
    const all: ClassFigures = { latencies: [], statuses: new Map(), unexpected: new Map(), socketFailures: 0 };
    const rows: [string, ClassFigures][] = [...this.classes.entries()].sort(([a], [b]) => a.localeCompare(b));
    for (const [, f] of rows) {
      all.latencies.push(...f.latencies);
      all.socketFailures += f.socketFailures;
      for (const [s, n] of f.statuses) all.statuses.set(s, (all.statuses.get(s) ?? 0) + n);
      for (const [s, n] of f.unexpected) all.unexpected.set(s, (all.unexpected.get(s) ?? 0) + n);
    }
    const width = Math.max(...rows.map(([c]) => c.length), 'all'.length);
    const line = (cls: string, f: ClassFigures) => {
      const sorted = [...f.latencies].sort((a, b) => a - b);
      const count = f.latencies.length + f.socketFailures;
      const errors = [...f.statuses.entries()]
        .filter(([s]) => s >= 400)
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}${f.unexpected.has(s) ? ` (${f.unexpected.get(s)} unexpected)` : ''}`);
      for (const [s, n] of f.unexpected) if (s < 400) errors.push(`${s}×${n} unexpected`);
      if (f.socketFailures) errors.push(`socket×${f.socketFailures}`);
      return (
        `  ${cls.padEnd(width)} ${String(count).padStart(7)} ${(count / seconds).toFixed(1).padStart(8)}/s  ` +
        `p50 ${percentile(sorted, 50).toFixed(1).padStart(7)} ms  p99 ${percentile(sorted, 99).toFixed(1).padStart(7)} ms  ` +
        `errors: ${errors.length ? errors.join(', ') : 'none'}`
      );
    };
    return [...rows.map(([cls, f]) => line(cls, f)), line('all', all)];
  }
}
