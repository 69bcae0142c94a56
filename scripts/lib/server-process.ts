import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Compiles the service to `dist/` as `npm start` does, so a benchmark measures what is served. */
export function buildService(): void {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
}

/**
 * Waits until a service started as a child process says where it serves (its last start-up
 * line, after Fastify's own "Server listening"), and resolves to that base URL. Rejects if the
 * child exits first or `timeoutMs` passes, with everything it printed.
 */
export function untilServing(child: ChildProcess, output: () => string, timeoutMs: number): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output()}`)), timeoutMs);
    const look = () => {
      const match = /Newsroom serving on [^"]* site (http:\/\/127\.0\.0\.1:\d+)\//.exec(output());
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${output()}`));
    });
  });
}

/** A server running as a child process of a benchmark. */
export interface Server {
  child: ChildProcess;
  pid: number;
  baseUrl: string;
  /** Bytes the process wrote to stdout and stderr (the service's request log, mostly). */
  written: () => number;
}

/**
 * Starts a Node process in the project's root with only PATH and `env` in its environment, and
 * waits until it says `Newsroom serving on …: site http://127.0.0.1:<port>/`.
 */
export async function startServer(nodeArgs: string[], env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, nodeArgs, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Only the tail is kept: at LOG_LEVEL info the service logs one line a request.
  let output = '';
  let written = 0;
  const keep = (chunk: Buffer) => {
    written += chunk.length;
    output = (output + chunk.toString()).slice(-64 * 1024);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let baseUrl: string;
  try {
    baseUrl = await untilServing(child, () => output, 120_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return { child, pid: child.pid!, baseUrl, written: () => written };
}

/** Stops a server (resuming it first, should it be stopped), killing it if it takes over 20 s. */
export async function stopServer(server: Server | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  server.child.kill('SIGCONT');
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}
