import type { ChildProcess } from 'node:child_process';

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
