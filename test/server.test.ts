import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { untilServing } from '../scripts/lib/server-process.js';
import { createEmptyPostgresDatabase } from './helpers/database.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ADMIN_TOKEN = 'server-test-admin-token-0123456789';

interface Running {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
}

/** Starts `src/server.ts` as `npm start` does and waits until it listens. */
async function start(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const baseUrl = await untilServing(child, () => output, 90_000);
  return { child, baseUrl, output: () => output };
}

async function stop(running: Running): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => running.child.once('exit', (code) => resolve(code)));
  running.child.kill('SIGTERM');
  return exited;
}

async function run(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, stdout, stderr };
}

const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

let scratch: string;
beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'newsroom-server-'));
});
afterAll(async () => fs.rm(scratch, { recursive: true, force: true }));

describe('the server process', () => {
  it('refuses a bad PORT with one line naming it and a non-zero exit', async () => {
    const result = await run({ PORT: 'abc', DATA_DIR: path.join(scratch, 'unused') });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('PORT');
  });

  it('refuses a TIME_ZONE Intl does not know, with one line naming it, before touching the database', async () => {
    const result = await run({ TIME_ZONE: 'Asia/Atlantis', DATA_DIR: path.join(scratch, 'unused-zone') });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('TIME_ZONE');
    await expect(fs.access(path.join(scratch, 'unused-zone'))).rejects.toThrow();
  });

  const targets: [string, () => Promise<{ env: Record<string, string>; cleanup(): Promise<void> }>][] = [
    ['embedded PGlite', async () => ({ env: { DATA_DIR: path.join(scratch, 'data') }, cleanup: async () => {} })],
  ];
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    targets.push([
      'PostgreSQL',
      async () => {
        const database = await createEmptyPostgresDatabase(serverUrl);
        return { env: { DATABASE_URL: database.url, DATA_DIR: path.join(scratch, 'pg-unused') }, cleanup: database.drop };
      },
    ]);
  } else {
    console.log('server.test: TEST_DATABASE_URL is not set, so the PostgreSQL start/restart case is not run here');
  }

  for (const [name, prepare] of targets) {
    it(`on ${name}: serves, keeps users and sections across a restart, and stops cleanly on SIGTERM`, async () => {
      const { env, cleanup } = await prepare();
      try {
        const first = await start({ ...env, ADMIN_TOKEN });
        expect(first.output()).toContain('/docs');
        expect((await fetch(`${first.baseUrl}/readyz`)).status).toBe(200);
        const section = await fetch(`${first.baseUrl}/api/v1/sections`, {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({ name: '聊城新闻', slug: 'liaocheng' }),
        });
        expect(section.status).toBe(201);
        const user = await fetch(`${first.baseUrl}/api/v1/users`, {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({ login: 'guo', name: '国晓宁', role: 'reporter' }),
        });
        expect(user.status).toBe(201);

        if (name === 'embedded PGlite') {
          const second = await run({ ...env, PORT: '0' });
          expect(second.code).not.toBe(0);
          expect(second.stderr).toMatch(/in use by process/);
        }

        expect(await stop(first)).toBe(0);
        expect(first.output()).toMatch(/shutting down/);
        // Every request above was logged, and carried the admin token: none of the lines shows it.
        expect(first.output().match(/request completed/g)?.length).toBeGreaterThanOrEqual(2);
        expect(first.output()).not.toContain(ADMIN_TOKEN);

        const again = await start(env);
        const users = (await (await fetch(`${again.baseUrl}/api/v1/users`, { headers: admin })).json()) as { items: { login: string }[] };
        expect(users.items.map((u) => u.login).sort()).toEqual(['admin', 'guo']);
        const sections = (await (await fetch(`${again.baseUrl}/content/v1/sections`)).json()) as { items: unknown[] };
        expect(sections.items).toEqual([expect.objectContaining({ name: '聊城新闻', slug: 'liaocheng' })]);
        expect(await stop(again)).toBe(0);
      } finally {
        await cleanup();
      }
    });
  }
});
