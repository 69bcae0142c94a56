import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase, rowsOf } from '../../src/db/client.js';
import { verifyPassword } from '../../src/lib/passwords.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs `npm run user:create -- …` (the script itself) on a database of its own, the password on standard input. */
function userCreate(dataDir: string, args: string[], input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/user-create.ts', ...args],
      { cwd: root, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' }, timeout: 90_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(input);
  });
}

describe('npm run user:create -- --password', () => {
  it('creates a user who signs in with the password read from standard input, and prints no token', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'newsroom-user-create-'));
    try {
      const short = await userCreate(dataDir, ['--login', 'zhang', '--name', '张三', '--role', 'reporter', '--password'], 'short\n');
      expect(short.code).not.toBe(0);
      expect(short.stderr).toContain('密码至少 8 个字符');

      const made = await userCreate(dataDir, ['--login', 'zhang', '--name', '张三', '--role', 'reporter', '--password'], '一段足够长的密码 2026\n');
      expect(made.stderr).toContain('created reporter zhang');
      expect(made.code).toBe(0);
      expect(made.stdout).toBe('');

      const database = await openDatabase({ driver: 'pglite', dataDir: path.join(dataDir, 'pglite') });
      try {
        const rows = rowsOf<{ password_hash: string }>(await database.db.execute("select password_hash from users where login = 'zhang'"));
        expect(await verifyPassword('一段足够长的密码 2026', rows[0]!.password_hash)).toBe(true);
        expect(await verifyPassword('一段足够长的密码 2026\n', rows[0]!.password_hash)).toBe(false);
      } finally {
        await database.close();
      }
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
