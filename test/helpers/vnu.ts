import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The Nu Html Checker (npm `vnu-jar`) run with the machine's Java.
 *
 * One JVM start costs seconds, so `checkHtml` checks every document it is given in a
 * single run: call it once per test file with all the pages, not once per page.
 */

/** The path of `vnu.jar`; the `vnu-jar` package's main export is that path. */
export const VNU_JAR = String(createRequire(import.meta.url)('vnu-jar'));

/**
 * `-Xss4m` is required: the checker's parser overflows a small thread stack, and then
 * prints a StackOverflowError and no JSON at all. `TieredStopAtLevel=1` (C1 only) nearly
 * halves the start-up time, and is only safe together with the larger stack.
 */
const JAVA_OPTIONS = ['-Xss4m', '-XX:TieredStopAtLevel=1'];
const TIMEOUT_MS = 60_000;
const MAX_BUFFER = 64 * 1024 * 1024;

export interface VnuMessage {
  /** `error` (or `non-document-error` for a file the checker could not read). */
  type: string;
  subType?: string;
  message: string;
  lastLine?: number;
  firstColumn?: number;
  lastColumn?: number;
  extract?: string;
}

export interface VnuResult {
  name: string;
  messages: VnuMessage[];
}

export interface HtmlDocument {
  /** Shown in results and failure messages, e.g. `article page`. */
  name: string;
  html: string;
}

let javaChecked: boolean | undefined;

/** Whether `java` is on the PATH and starts. */
export function javaAvailable(): boolean {
  if (javaChecked === undefined) {
    const run = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 30_000 });
    javaChecked = run.error === undefined && run.status === 0;
  }
  return javaChecked;
}

/** Why HTML checks are skipped here, or `undefined` if they run. In CI (`CI` set) they always run, and fail if Java is missing. */
export function vnuSkipReason(): string | undefined {
  if (javaAvailable() || process.env.CI) return undefined;
  return 'Java is not installed (`java -version` failed), so the Nu Html Checker cannot run';
}

interface RunOutput {
  code: number | string | null;
  stdout: string;
  stderr: string;
  error?: Error;
}

function run(command: string, args: string[]): Promise<RunOutput> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: TIMEOUT_MS, maxBuffer: MAX_BUFFER, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? ((error as NodeJS.ErrnoException & { code?: number | string }).code ?? null) : 0;
      resolve({ code, stdout, stderr, ...(error && { error }) });
    });
  });
}

function isMessage(value: unknown): value is VnuMessage & { url?: string } {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * Checks HTML documents with the Nu Html Checker and returns its errors per document,
 * in the order given (an empty `messages` means the document is valid).
 *
 * Throws if Java is missing, the checker times out, or its output is not the JSON report
 * (a crashed checker prints no messages, which must not read as a pass).
 * `options.javaOptions` replaces the JVM options (`-Xss4m -XX:TieredStopAtLevel=1`); for tests of this helper.
 */
export async function checkHtml(documents: HtmlDocument[], options: { javaOptions?: string[] } = {}): Promise<VnuResult[]> {
  if (documents.length === 0) return [];
  const dir = await mkdtemp(join(tmpdir(), 'vnu-'));
  try {
    const files = documents.map((_, index) => join(dir, `document-${index}.html`));
    await Promise.all(documents.map((document, index) => writeFile(files[index]!, document.html, 'utf8')));

    const args = [...(options.javaOptions ?? JAVA_OPTIONS), '-jar', VNU_JAR, '--errors-only', '--format', 'json', '--stdout', ...files];
    const started = Date.now();
    const output = await run('java', args);
    if (output.code === 'ENOENT') {
      throw new Error('Nu Html Checker: `java` was not found on the PATH (Java 17 or newer is needed to run vnu.jar)');
    }
    if (output.error && (output.error as { killed?: boolean }).killed) {
      throw new Error(`Nu Html Checker: timed out after ${Date.now() - started} ms\n${output.stderr}`);
    }

    let report: unknown;
    try {
      report = JSON.parse(output.stdout);
    } catch {
      throw new Error(
        `Nu Html Checker: output is not its JSON report (exit code ${output.code}), so nothing was checked\n` +
          `stdout: ${output.stdout.slice(0, 2000)}\nstderr: ${output.stderr.slice(0, 2000)}`,
      );
    }
    const messages = (report as { messages?: unknown }).messages;
    if (!Array.isArray(messages) || !messages.every(isMessage)) {
      throw new Error(`Nu Html Checker: JSON report has no list of messages: ${output.stdout.slice(0, 2000)}`);
    }
    // Exit code 1 means "errors found"; anything else with a report is unexpected.
    if (output.code !== 0 && output.code !== 1) {
      throw new Error(`Nu Html Checker: exit code ${output.code}\nstderr: ${output.stderr.slice(0, 2000)}`);
    }

    const results: VnuResult[] = documents.map((document) => ({ name: document.name, messages: [] }));
    const byPath = new Map(files.map((file, index) => [file, results[index]!]));
    for (const { url, ...message } of messages) {
      const path = typeof url === 'string' && url.startsWith('file:') ? fileURLToPath(url) : undefined;
      const result = path === undefined ? undefined : byPath.get(path);
      if (!result) throw new Error(`Nu Html Checker: message for no checked document (${url}): ${JSON.stringify(message)}`);
      result.messages.push(message);
    }
    if (output.code === 1 && results.every((result) => result.messages.length === 0)) {
      throw new Error(`Nu Html Checker: exit code 1 but no messages\nstderr: ${output.stderr.slice(0, 2000)}`);
    }
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One line per error, for an assertion failure message: `name:line: message [extract]`. */
export function formatVnuResults(results: VnuResult[]): string {
  return results
    .flatMap((result) =>
      result.messages.map((m) => `${result.name}:${m.lastLine ?? '?'}: ${m.message}${m.extract ? ` [${m.extract.replace(/\s+/g, ' ')}]` : ''}`),
    )
    .join('\n');
}
