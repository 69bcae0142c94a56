import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { NOTIFIED } from '../helpers/notified.js';
import { jpegWithMetadata } from '../helpers/photo-files.js';
import { checkHtml, formatVnuResults, vnuSkipReason, type HtmlDocument } from '../helpers/vnu.js';

/**
 * Issue 20, the web and the public API: a photographed story, published, shows its lead photo
 * and its body figure in the content API (renditions that answer), on its page (`<picture>` with
 * sources, size, alt, caption and credit; og:image and JSON-LD at 1200 wide) and as a thumbnail on
 * the fronts; before publication no rendition answers.
 */

const BASE = 'http://newsroom.test';
const LEAD_CAPTION = '图为4月10日，聊城市民在东昌湖畔观赏盛开的樱花。';
const FIGURE_CAPTION = '图为游客在古楼前拍照留念。';

interface Rendition {
  href: string;
  width: number;
  height: number;
  mimetype: string;
}
interface Photo {
  id: number;
  caption: string | null;
  alt: string;
  byline: string | null;
  credit: string | null;
  width: number;
  height: number;
  renditions: Rendition[];
}

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });
const path = (href: string) => {
  expect(href.startsWith(`${BASE}/media/photos/`), href).toBe(true);
  return href.slice(BASE.length);
};
/** Every rendition URL of a photo a page or a client could ask for. */
const everyRendition = (id: number) =>
  ['full', '3x2'].flatMap((variant) => [320, 640, 1024, 1200, 1600].flatMap((w) => ['avif', 'webp', 'jpg'].map((ext) => `/media/photos/${id}/${variant}/${w}.${ext}`)));

describe('a photographed story on the web and in the content API', () => {
  let t: TestApp;
  let lead: { id: number };
  let figure: { id: number };
  let article: { id: number; version: number };

  async function upload(bytes: Buffer, alt: string, byline: Record<string, unknown>): Promise<{ id: number }> {
    const uploaded = await t.request('reporter', { method: 'POST', url: '/api/v1/photos', headers: { 'content-type': 'image/jpeg' }, payload: bytes });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const photo = uploaded.json<{ id: number; version: number }>();
    const patched = await t.request('reporter', { method: 'PATCH', url: `/api/v1/photos/${photo.id}`, headers: ifMatch(photo.version), payload: { alt, byline } });
    expect(patched.statusCode, patched.body).toBe(200);
    return photo;
  }

  /** The body once the public cache has dropped what it held before the change. */
  async function page(url: string, done: (body: string) => boolean = () => true): Promise<string> {
    return vi.waitFor(async () => {
      const res = await t.request(null, { url });
      expect(res.statusCode, url).toBe(200);
      expect(done(res.body), url).toBe(true);
      return res.body;
    }, NOTIFIED);
  }

  beforeAll(async () => {
    t = await createTestApp();
    const section = await t.request('editor', { method: 'POST', url: '/api/v1/sections', payload: { name: '聊城新闻', slug: 'liaocheng' } });
    expect(section.statusCode, section.body).toBe(201);
    const person = await t.request('editor', { method: 'POST', url: '/api/v1/people', payload: { name: '孙悦', defaultRole: 'reporter' } });
    expect(person.statusCode, person.body).toBe(201);
    const bytes = await jpegWithMetadata({ width: 1800, height: 1200, caption: LEAD_CAPTION, credit: '聊城日报', gps: true, serial: true, background: '#6a8caf' });
    lead = await upload(bytes, '东昌湖畔樱花盛开，市民在花下散步', { personId: person.json<{ id: number }>().id });
    figure = await upload(await jpegWithMetadata({ width: 900, height: 1200, background: '#a07050' }), '古楼前，游客举着手机拍照', { name: '王强' });
    const filed = await t.request('reporter', {
      method: 'POST',
      url: '/api/v1/articles',
      payload: {
        headline: '东昌湖畔樱花开 市民踏春赏美景',
        summary: '连日来，东昌湖畔樱花竞相绽放。',
        sectionId: section.json<{ id: number }>().id,
        credits: [{ role: 'reporter', name: '孙悦' }],
        leadPhoto: { photoId: lead.id },
        body: [
          '本报讯 连日来，东昌湖畔的樱花竞相绽放，吸引众多市民前来踏春赏花。',
          `![${FIGURE_CAPTION}](photo:${figure.id})`,
          '“每年这个时候都要来看看。”市民李女士说。',
        ].join('\n\n'),
      },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    article = filed.json();
  });
  afterAll(async () => t?.close());

  it('serves no rendition of either photo before the story is published', async () => {
    for (const url of [...everyRendition(lead.id), ...everyRendition(figure.id)]) {
      const res = await t.request(null, { url });
      expect(res.statusCode, url).toBe(404);
    }
    expect((await t.request(null, { url: `/articles/${article.id}` })).statusCode).toBe(404);
  });

  describe('once published', () => {
    let json: { leadPhoto: Photo | null; photos: Photo[]; bodyHtml: string };

    beforeAll(async () => {
      for (const [token, status] of [['reporter', 'submitted'], ['editor', 'edited'], ['editor', 'published']] as const) {
        const moved = await t.request(token, { method: 'POST', url: `/api/v1/articles/${article.id}/status`, headers: ifMatch(article.version), payload: { status } });
        expect(moved.statusCode, moved.body).toBe(200);
        article = moved.json();
      }
      const res = await t.request(null, { url: `/content/v1/articles/${article.id}` });
      expect(res.statusCode, res.body).toBe(200);
      json = res.json();
    });

    it('the content API gives the lead photo with the story’s caption and the figure with its own, each in every format and width', () => {
      const leadPhoto = json.leadPhoto!;
      expect(leadPhoto).toMatchObject({ id: lead.id, caption: LEAD_CAPTION, alt: '东昌湖畔樱花盛开，市民在花下散步', byline: '记者 孙悦 摄', credit: '聊城日报', width: 1800, height: 1200 });
      expect(json.photos).toHaveLength(1);
      expect(json.photos[0]).toMatchObject({ id: figure.id, caption: FIGURE_CAPTION, byline: '王强 摄', width: 900, height: 1200 });
      expect(leadPhoto.renditions.map((r) => `${r.mimetype} ${r.width}x${r.height}`)).toEqual(
        ['image/avif', 'image/webp', 'image/jpeg'].flatMap((type) => ['320x213', '640x427', '1024x683', '1600x1067'].map((size) => `${type} ${size}`)),
      );
      // Never wider than the original: the figure is 900 wide, so its widest is 900.
      expect(json.photos[0]!.renditions.filter((r) => r.mimetype === 'image/jpeg').map((r) => r.width)).toEqual([320, 640, 900]);
    });

    it('every rendition the API names answers with its type and size', async () => {
      const sharp = (await import('sharp')).default;
      for (const r of [...json.leadPhoto!.renditions, ...json.photos[0]!.renditions].filter((r) => r.width <= 640 || r.mimetype === 'image/jpeg')) {
        const res = await t.request(null, { url: path(r.href) });
        expect(res.statusCode, r.href).toBe(200);
        expect(res.headers['content-type'], r.href).toBe(r.mimetype);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        const meta = await sharp(res.rawPayload).metadata();
        expect([meta.width, meta.height], r.href).toEqual([r.width, r.height]);
      }
    });

    it('the article page shows the lead photo first and eager, the figure lazily, each a <picture> with sources, size, alt, caption and credit', async () => {
      const html = await page(`/articles/${article.id}`, (body) => body.includes('<picture'));
      const figures = [...html.matchAll(/<figure class="([^"]+)">([\s\S]*?)<\/figure>/g)];
      expect(figures.map((f) => f[1])).toEqual(['photo lead-photo', 'photo upright']);
      const leadFigure = figures[0]![2]!;
      const bodyFigure = figures[1]![2]!;

      const sizes = '(max-width: 44rem) calc(100vw - 2rem), 42rem';
      const srcset = (id: number, ext: string, widths: [number, number][]) => widths.map(([w, actual]) => `${BASE}/media/photos/${id}/full/${w}.${ext} ${actual}w`).join(', ');
      const leadWidths: [number, number][] = [[320, 320], [640, 640], [1024, 1024], [1600, 1600]];
      expect(leadFigure).toContain(`<source type="image/avif" srcset="${srcset(lead.id, 'avif', leadWidths)}" sizes="${sizes}"/>`);
      expect(leadFigure).toContain(`<source type="image/webp" srcset="${srcset(lead.id, 'webp', leadWidths)}" sizes="${sizes}"/>`);
      const img = /<img [^>]*>/.exec(leadFigure)![0];
      expect(img).toContain(`src="${BASE}/media/photos/${lead.id}/full/640.jpg"`);
      expect(img).toContain(`srcset="${srcset(lead.id, 'jpg', leadWidths)}"`);
      expect(img).toContain(`sizes="${sizes}"`);
      expect(img).toContain('width="640" height="427"');
      expect(img).toContain('alt="东昌湖畔樱花盛开，市民在花下散步"');
      expect(img).toContain('decoding="async"');
      expect(img).toContain('fetchpriority="high"');
      expect(img).not.toContain('loading=');
      expect(leadFigure).toContain(`<figcaption>${LEAD_CAPTION}<span class="photo-credit">（记者 孙悦 摄 / 聊城日报）</span></figcaption>`);

      const bodyImg = /<img [^>]*>/.exec(bodyFigure)![0];
      expect(bodyImg).toContain('loading="lazy"');
      // Upright, so set narrower: a phone still takes it whole-width, a desktop at 28rem.
      expect(bodyImg).toContain('sizes="(max-width: 30rem) calc(100vw - 2rem), 28rem"');
      expect(bodyImg).not.toContain('fetchpriority');
      expect(bodyImg).toContain('width="640" height="853"');
      expect(bodyImg).toContain('alt="古楼前，游客举着手机拍照"');
      expect(bodyFigure).toContain(`${srcset(figure.id, 'webp', [[320, 320], [640, 640], [1024, 900]])}`);
      expect(bodyFigure).toContain(`<figcaption>${FIGURE_CAPTION}<span class="photo-credit">（王强 摄）</span></figcaption>`);
      // The figure sits between the paragraphs it was written between.
      expect(html.indexOf('吸引众多市民')).toBeLessThan(html.indexOf(FIGURE_CAPTION));
      expect(html.indexOf(FIGURE_CAPTION)).toBeLessThan(html.indexOf('市民李女士说'));
    });

    it('shares the page with the lead photo at 1200 wide: og:image with its size and alt, JSON-LD image', async () => {
      const html = await page(`/articles/${article.id}`, (body) => body.includes('<picture'));
      const og = `${BASE}/media/photos/${lead.id}/full/1200.jpg`;
      expect(html).toContain(`<meta property="og:image" content="${og}"/>`);
      expect(html).toContain('<meta property="og:image:width" content="1200"/>');
      expect(html).toContain('<meta property="og:image:height" content="800"/>');
      expect(html).toContain('<meta property="og:image:alt" content="东昌湖畔樱花盛开，市民在花下散步"/>');
      const ld = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!);
      expect(ld.image).toEqual([expect.objectContaining({ '@type': 'ImageObject', url: og, width: 1200, height: 800, caption: LEAD_CAPTION })]);
      const file = await t.request(null, { url: path(og) });
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('image/jpeg');
      const sharp = (await import('sharp')).default;
      const meta = await sharp(file.rawPayload).metadata();
      expect([meta.width, meta.height]).toEqual([1200, 800]);
    });

    it('the fronts show the story with a 3:2 thumbnail; the list API gives the lead photo with its thumbnails', async () => {
      const list = await t.request(null, { url: '/content/v1/articles' });
      expect(list.statusCode, list.body).toBe(200);
      const item = list.json<{ items: { id: number; leadPhoto: (Photo & { thumbnails: Rendition[] }) | null }[] }>().items.find((i) => i.id === article.id)!;
      expect(item.leadPhoto).toMatchObject({ id: lead.id, caption: LEAD_CAPTION, byline: '记者 孙悦 摄' });
      expect(item.leadPhoto!.thumbnails.map((r) => `${path(r.href)} ${r.width}x${r.height}`)).toEqual(
        ['avif', 'webp', 'jpg'].flatMap((ext) => [`/media/photos/${lead.id}/3x2/320.${ext} 320x213`, `/media/photos/${lead.id}/3x2/640.${ext} 640x427`]),
      );
      for (const r of item.leadPhoto!.thumbnails) {
        const res = await t.request(null, { url: path(r.href) });
        expect(res.statusCode, r.href).toBe(200);
        expect(res.headers['content-type']).toBe(r.mimetype);
      }

      for (const url of ['/', '/sections/liaocheng']) {
        const html = await page(url, (body) => body.includes('class="thumb"'));
        const teaser = /<li class="teaser with-thumb">([\s\S]*?)<\/li>/.exec(html)![1]!;
        expect(teaser, url).toContain('东昌湖畔樱花开');
        expect(teaser).toContain(`<source type="image/avif" srcset="${BASE}/media/photos/${lead.id}/3x2/320.avif 320w, ${BASE}/media/photos/${lead.id}/3x2/640.avif 640w"`);
        expect(teaser).toMatch(new RegExp(`<img src="${BASE}/media/photos/${lead.id}/3x2/320.jpg" [^>]*width="320" height="213" alt="东昌湖畔樱花盛开，市民在花下散步"`));
      }
    });

    it.skipIf(vnuSkipReason() !== undefined)('the pages with photos pass the Nu Html Checker', async () => {
      const documents: HtmlDocument[] = [];
      for (const [name, url] of [['article with photos', `/articles/${article.id}`], ['front page', '/'], ['section front', '/sections/liaocheng']] as const) {
        documents.push({ name, html: await page(url, (body) => body.includes('<picture')) });
      }
      const results = await checkHtml(documents);
      for (const result of results) expect.soft(result.messages, formatVnuResults([result])).toEqual([]);
      expect(formatVnuResults(results)).toBe('');
    });
  });
});
