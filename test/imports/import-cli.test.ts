import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const run = (args: string[], dataDir: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/import.ts', ...args], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 120_000,
  });

describe('npm run import', () => {
  it('imports a page from the command line once, and says so when it is sent again', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-import-'));
    try {
      const first = run(['samples/liaocheng-page.txt'], dir);
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/^imported samples\/liaocheng-page\.txt \(import 1\)$/mu);
      expect(first.stdout).toMatch(/article 1 {2}“1\+2\+4”创新模式破解难题 {2}\(记者 国晓宁 通讯员 楚克伟\)/u);
      expect(first.stdout).toMatch(/notice {2}1 {2}赔款认领公示 {2}\[payout_claim, 24 rows\]/u);
      expect(first.stdout).toMatch(/changes: \d+ punctuation, 4 joined/u);

      const again = run(['samples/liaocheng-page.txt', '--json'], dir);
      expect(again.status, again.stderr).toBe(0);
      const result = JSON.parse(again.stdout) as { id: number; articles: { id: number }[] };
      expect(result.id).toBe(1);
      expect(result.articles.map((a) => a.id)).toEqual([1, 2]);

      const missing = run(['no-such-page.txt'], dir);
      expect(missing.status).toBe(1);
      expect(missing.stderr).toMatch(/Cannot read no-such-page\.txt/u);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
