import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('migrations', () => {
  it('migrations/ is up to date with src/db/schema (run `npm run db:generate` after changing the schema)', async () => {
    const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'newsroom-migrations-'));
    try {
      await fs.cp(path.join(root, 'migrations'), scratch, { recursive: true });
      const before = await fs.readdir(scratch);
      const { stdout, stderr } = await promisify(execFile)(
        path.join(root, 'node_modules/.bin/drizzle-kit'),
        // drizzle-kit wants the output folder relative to the working directory.
        ['generate', '--dialect', 'postgresql', '--schema', './src/db/schema/index.ts', '--out', path.relative(root, scratch)],
        { cwd: root },
      );
      expect(stderr).not.toMatch(/error/i);
      expect(stdout).toContain('No schema changes');
      expect(await fs.readdir(scratch)).toEqual(before);
    } finally {
      await fs.rm(scratch, { recursive: true, force: true });
    }
  });
});
