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
  it('shows a page’s split without storing it, imports it once, and says so when it is sent again', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-import-'));
    try {
      // A dry run shows the split and stores nothing: the import after it is still the first.
      const dry = run(['--dry-run', 'test/fixtures/imports/epaper/a1-front-page-jump.txt'], dir);
      expect(dry.status, dry.stderr).toBe(0);
      expect(dry.stdout).toMatch(/^dry run of .*a1-front-page-jump\.txt: nothing was stored$/mu);
      expect(dry.stdout).toMatch(/1 {2}story {3}line 5 {2}引 聚焦项目建设 争创发展新优势 \/ 主 我市32个重点项目集中开工/u);
      expect(dry.stdout).toMatch(/jump: runs on to page A05 \(line 27\)/u);
      expect(dry.stdout).toMatch(/line 1: 聊城日报 \(the page’s furniture\)/u);
      const refused = run(['--dry-run', 'test/fixtures/imports/bad-total.txt'], dir);
      expect(refused.status).toBe(1);
      expect(refused.stdout).toMatch(/PROBLEM \(line \d+\): .*does not match the rows/u);

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
