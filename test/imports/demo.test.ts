import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('npm run demo', () => {
  it('imports the sample page, releases it and serves every URL it prints', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-demo-'));
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--exit'], {
        env: { ...process.env, DEMO_DIR: path.join(dir, 'db'), PORT: '0', HOST: '127.0.0.1', DATABASE_URL: '', LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(run.status, run.stderr).toBe(0);
      const printed = run.stdout.match(/http:\/\/127\.0\.0\.1:\d+\/\S+/gu) ?? [];
      expect(printed.map((url) => new URL(url).pathname)).toEqual(
        expect.arrayContaining(['/editions/2024-04-11/A03', '/articles/1', '/articles/2', '/notices/1', '/editions/2024-04-11/A03.pdf']),
      );
      const fetched = run.stdout.match(/^ {2}(\d{3}) (\S+) \d+ bytes {2}(\S+)$/gmu) ?? [];
      expect(fetched).toHaveLength(6);
      for (const line of fetched) expect(line.trim().startsWith('200 '), line).toBe(true);
      expect(run.stdout).toMatch(/application\/pdf \d+ bytes {2}\/editions\/2024-04-11\/A03\.pdf/u);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
