// If-Match uses strong comparison (RFC 9110 §13.1.1): a weak entity-tag never matches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequest, PreconditionRequired } from '../../src/errors.js';
import { expectedVersion, NO_VERSION } from '../../src/lib/versions.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { expectProblem } from '../helpers/problem.js';

describe('expectedVersion', () => {
  it('reads one strong version tag', () => {
    expect(expectedVersion('"3"')).toBe(3);
    expect(expectedVersion(' "12" ')).toBe(12);
  });

  it('reads the tag a compressed response of the version carries', () => {
    expect(expectedVersion('"3-br"')).toBe(3);
    expect(expectedVersion('"3-gzip"')).toBe(3);
    expect(expectedVersion('"3-zstd"')).toBe(NO_VERSION);
    expect(expectedVersion('W/"3-br"')).toBe(NO_VERSION);
  });

  it('never matches a weak tag, alone or with other weak tags', () => {
    expect(expectedVersion('W/"3"')).toBe(NO_VERSION);
    expect(expectedVersion('W/"3", W/"4"')).toBe(NO_VERSION);
  });

  it('never matches a well-formed tag that is no version of ours', () => {
    for (const tag of ['"abc"', '""', '"-1"', '"1.5"', '"99999999999999999999"']) expect(expectedVersion(tag)).toBe(NO_VERSION);
  });

  it('evaluates a list by its strong tags', () => {
    expect(expectedVersion('W/"4", "3"')).toBe(3);
    expect(expectedVersion('"3", "3"')).toBe(3);
  });

  it('refuses two candidate versions (400) and * (428): each could overwrite an unread change', () => {
    expect(() => expectedVersion('"1", "2"')).toThrow(BadRequest);
    expect(() => expectedVersion('*')).toThrow(PreconditionRequired);
    expect(() => expectedVersion(undefined)).toThrow(PreconditionRequired);
  });

  it('refuses what is no entity-tag with 400', () => {
    for (const value of ['3', 'W/3', '"3', '"3" "4"', 'abc']) expect(() => expectedVersion(value), value).toThrow(BadRequest);
  });
});

describe('If-Match on a write', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('answers a weak tag of the current version with 412, the current version and its ETag, and writes nothing', async () => {
    const created = await t.request('reporter', { method: 'POST', url: '/api/v1/articles', payload: { headline: '弱标签' } });
    expect(created.statusCode, created.body).toBe(201);
    const { id, version } = created.json<{ id: number; version: number }>();

    const weak = await t.request('reporter', { method: 'PATCH', url: `/api/v1/articles/${id}`, headers: { 'if-match': `W/"${version}"` }, payload: { headline: '改了' } });
    const problem = expectProblem(weak, 412, 'stale-version');
    expect(problem.currentVersion).toBe(version);
    // It says why the version it names does not match, and what to send instead.
    expect(problem.detail).toMatch(/weak/);
    expect(problem.detail).toContain(`If-Match: "${version}"`);
    expect(weak.headers.etag).toBe(`"${version}"`);

    const star = await t.request('reporter', { method: 'PATCH', url: `/api/v1/articles/${id}`, headers: { 'if-match': '*' }, payload: { headline: '改了' } });
    expect(expectProblem(star, 428, 'version-required').detail).toContain('If-Match: *');

    const read = await t.request('reporter', { url: `/api/v1/articles/${id}` });
    expect(read.json()).toMatchObject({ headline: '弱标签', version });

    const listed = await t.request('reporter', { method: 'PATCH', url: `/api/v1/articles/${id}`, headers: { 'if-match': `W/"${version + 1}", "${version}"` }, payload: { headline: '改了' } });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json()).toMatchObject({ headline: '改了', version: version + 1 });
  });
});
