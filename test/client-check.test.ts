import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';

// Acceptance of the contract by a generated client: types made by openapi-typescript from the
// committed openapi/openapi.json, each named schema exported as a type of its own (`Article`,
// `Page`: the root types, without openapi-typescript's `Schema` prefix), a program written with
// openapi-fetch against them (openapi/client-check/program.ts) type-checked by tsc, then run
// against a live service. `npm run client:check` runs this file alone.

const CHECK_DIR = new URL('../openapi/client-check/', import.meta.url);

interface ClientProgram {
  fileScheduleAndRead(
    baseUrl: string,
    token: string,
    publishAt: string,
  ): Promise<{ status: string; version: number; headline: string; publishAt: string | null; placedOn: string; notices: number }>;
}
const GENERATED = new URL('generated/newsroom.d.ts', CHECK_DIR);

let t: TestApp;
let baseUrl: string;
beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => t?.close());

describe('a client generated from the committed OpenAPI document', () => {
  it('generates, type-checks with tsc, and files, schedules and reads an article on a live service', async () => {
    // openapi-typescript refuses an invalid document ("Expected SchemaObject, received string").
    const types = astToString(await openapiTS(new URL('../openapi/openapi.json', import.meta.url), { rootTypes: true, rootTypesNoSchemaPrefix: true }));
    expect(types).toMatch(/createArticle/);
    for (const name of ['Article', 'Notice', 'Edition', 'Page', 'Problem']) {
      expect(types).toContain(`export type ${name} = components['schemas']['${name}'];`);
    }
    await fs.mkdir(new URL('.', GENERATED), { recursive: true });
    await fs.writeFile(GENERATED, types);

    const tsc = new URL('../node_modules/typescript/bin/tsc', import.meta.url).pathname;
    const project = new URL('tsconfig.json', CHECK_DIR).pathname;
    const checked = await promisify(execFile)(process.execPath, [tsc, '-p', project], { timeout: 90_000 }).catch((error: { stdout?: string; message: string }) => ({
      failed: error.stdout || error.message,
    }));
    expect('failed' in checked ? checked.failed : '', 'tsc on openapi/client-check/program.ts').toBe('');

    const editor = await t.user('editor');
    const publishAt = new Date(Date.now() + 86_400_000).toISOString().replace('Z', '+00:00');
    // Imported by URL, so the project's own type check does not follow it to types generated only here.
    const program = new URL('program.ts', CHECK_DIR).href;
    const { fileScheduleAndRead } = (await import(program)) as ClientProgram;
    const outcome = await fileScheduleAndRead(baseUrl, editor.token, publishAt);
    expect(outcome).toMatchObject({ status: 'scheduled', version: 5, headline: '聊城市全面启动小麦“一喷三防”', placedOn: `${publishAt.slice(0, 10)} A01`, notices: 0 });
    expect(Date.parse(outcome.publishAt ?? '')).toBe(Date.parse(publishAt));
  });
});
