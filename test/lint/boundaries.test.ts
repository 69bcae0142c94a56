import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The layer rules of eslint.config.js, run on source text placed at a path in src/. The
// imported modules must exist: the rule resolves each import to a file before it judges it.
const root = path.resolve(import.meta.dirname, '../..');
const boundaryRules = new Set(['import-x/no-restricted-paths', '@typescript-eslint/no-restricted-imports', 'no-restricted-syntax']);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The boundary problems ESLint reports for `code` placed at `filePath`, as "rule: message". */
async function boundaryProblems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? []).filter((message) => message.ruleId != null && boundaryRules.has(message.ruleId)).map((message) => `${message.ruleId}: ${message.message}`);
}

describe('the layer rule', () => {
  it('rejects a lib module importing a feature', async () => {
    const problems = await boundaryProblems('src/lib/example.ts', "export { createArticlesService } from '../features/articles/service.js';\n");
    expect(problems).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*lib must not import from features/)]);
  });

  it('rejects an upward import that brings in only types', async () => {
    const problems = await boundaryProblems('src/db/example.ts', "export type { ArticlesService } from '../features/articles/service.js';\n");
    expect(problems).toEqual([expect.stringMatching(/db must not import from features/)]);
    const imported = await boundaryProblems('src/document/example.ts', "import type { Database } from '../db/client.js';\nexport type Handle = Database;\n");
    expect(imported).toEqual([expect.stringMatching(/document and tables must not import from db/)]);
  });

  it('rejects a layer importing the composition root', async () => {
    const problems = await boundaryProblems('src/features/articles/example.ts', "export { buildApp } from '../../app.js';\n");
    expect(problems).toEqual([expect.stringMatching(/features must not import from the composition root/)]);
  });

  it('accepts imports from the same layer and the layers below', async () => {
    const code = [
      "export { Id } from '../../lib/schemas.js';",
      "export type { Database } from '../../db/client.js';",
      "export { NotFound } from '../../errors.js';",
      "export type { SectionsService } from '../sections/service.js';",
      "export { Section } from '../sections/schemas.js';",
      '',
    ].join('\n');
    expect(await boundaryProblems('src/features/articles/example.ts', code)).toEqual([]);
    expect(await boundaryProblems('src/services.ts', "export { createArticlesService } from './features/articles/service.js';\n")).toEqual([]);
  });

  it('keeps test/ and scripts/ out of src/', async () => {
    const problems = await boundaryProblems('src/lib/example.ts', "export { createTestApp } from '../../test/helpers/app.js';\n");
    expect(problems).toEqual([expect.stringMatching(/src\/ never imports from test\/ or scripts\//)]);
  });

  it('rejects a file that lies in no layer', async () => {
    const problems = await boundaryProblems('src/elsewhere/example.ts', 'export const answer = 42;\n');
    expect(problems).toEqual([expect.stringMatching(/^no-restricted-syntax: This file is in no layer/)]);
  });
});

describe("a feature and another feature's service", () => {
  it('rejects importing the service itself', async () => {
    const code = "import { createArticlesService } from '../articles/service.js';\nexport const make = createArticlesService;\n";
    const problems = await boundaryProblems('src/features/imports/example.ts', code);
    expect(problems).toEqual([expect.stringMatching(/^@typescript-eslint\/no-restricted-imports: .*only as `import type`/)]);
  });

  it('accepts importing its type, and a feature its own service', async () => {
    const typeOnly = "import type { ArticlesService } from '../articles/service.js';\nexport type Articles = ArticlesService;\n";
    expect(await boundaryProblems('src/features/imports/example.ts', typeOnly)).toEqual([]);
    const own = "import { createArticlesService } from './service.js';\nexport const make = createArticlesService;\n";
    expect(await boundaryProblems('src/features/articles/example.ts', own)).toEqual([]);
  });
});
