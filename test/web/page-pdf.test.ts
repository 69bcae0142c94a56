import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { editionsClient, publishSeedPaper, SEED_DATE, SEED_STORIES, type SeedPaper } from '../helpers/editions.js';
import { ifMatch } from '../helpers/notices.js';
import { pdfLines } from '../helpers/pdf-text.js';

/** The e-paper's page PDFs: public once the edition is, with only what is published on them. */

let t: TestApp;
let seed: SeedPaper;

const squash = (s: string) => s.replace(/\s/g, '');
async function pdfText(body: Buffer): Promise<string> {
  return squash((await pdfLines(body)).flatMap((p) => p.lines.map((l) => l.text)).join(''));
}

beforeAll(async () => {
  t = await createTestApp();
  const api = editionsClient(t);
  // Before the release: the page exists for editors, but its PDF is no reader's.
  const early = await api.articleIn('edited', { headline: '尚未发布的版面' });
  await api.createEdition('2024-06-01', 30001);
  await api.putPageOk('2024-06-01', 'A01', { name: '要闻', grid: 'broadsheet-8', items: [{ kind: 'article', id: early.id }] });
  seed = await publishSeedPaper(t);
}, 60_000);
afterAll(async () => t?.close());

describe('a page PDF of a public edition', () => {
  it('is linked from the e-paper page and serves the page as printed, cacheable, with 304 on its ETag', async () => {
    const html = await t.request(null, { url: `/editions/${SEED_DATE}/A03` });
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain(`href="/editions/${SEED_DATE}/A03.pdf"`);
    const res = await t.request(null, { url: `/editions/${SEED_DATE}/A03.pdf` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toMatch(/^public/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    const text = await pdfText(res.rawPayload);
    for (const story of SEED_STORIES) expect(text).toContain(squash(story.headline));
    expect(text).toContain('赔款认领公示');
    const again = await t.request(null, { url: `/editions/${SEED_DATE}/A03.pdf`, headers: { 'if-none-match': String(res.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });

  it('is the 404 page for an edition not public yet, a page that does not exist and a malformed path', async () => {
    for (const url of ['/editions/2024-06-01/A01.pdf', `/editions/${SEED_DATE}/A09.pdf`, '/editions/2024-13-01/A03.pdf', `/editions/${SEED_DATE}/a3.pdf`]) {
      const res = await t.request(null, { url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
    }
  });

  it('leaves out a story withdrawn after the release, under a new ETag', async () => {
    const before = await t.request(null, { url: `/editions/${SEED_DATE}/A03.pdf` });
    const current = await t.request('editor', { url: `/api/v1/articles/${seed.second.id}` });
    const withdrawn = await t.request('editor', {
      method: 'POST',
      url: `/api/v1/articles/${seed.second.id}/status`,
      headers: ifMatch(current.json<{ version: number }>().version),
      payload: { status: 'withdrawn' },
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const after = await t.request(null, { url: `/editions/${SEED_DATE}/A03.pdf` });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    const text = await pdfText(after.rawPayload);
    expect(text).not.toContain(squash(SEED_STORIES[1].headline));
    expect(text).toContain(squash(SEED_STORIES[0].headline));
  });
});
