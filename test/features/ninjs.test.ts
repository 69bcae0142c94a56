import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { toNinjs } from '../../src/features/articles/ninjs.js';
import type { PublicArticle } from '../../src/contracts/articles.js';
import type { TestApp } from '../helpers/app.js';

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule.default;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const schemaPath = path.resolve(repoRoot, 'test', 'fixtures', 'ninjs', 'ninjs-schema_2.2.json');

let validate: ValidateFunction;

beforeAll(() => {
  if (!fs.existsSync(schemaPath)) {
    const reason = `The IPTC ninjs 2.2 schema is missing at ${schemaPath}: the ninjs output cannot be validated without it (it is vendored in test/fixtures/ninjs/).`;
    console.error(reason);
    throw new Error(reason);
  }
  const schema: unknown = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  // Strict, except strictRequired: the IPTC schema's contactinfoType.oneOf requires properties declared one level up.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  // places[].geojson refers to GeoJSON's schema by URL; there is no network, and toNinjs emits no places.
  ajv.addSchema({ $id: 'https://geojson.org/schema/GeoJSON.json', type: 'object' });
  validate = ajv.compile(schema as object);
});

function expectValid(item: unknown): void {
  const ok = validate(item);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
}

function expectInvalid(item: unknown, keyword: string): void {
  expect(validate(item)).toBe(false);
  expect(validate.errors?.map((error) => error.keyword)).toContain(keyword);
}

const full: PublicArticle = {
  id: 42,
  version: 7,
  url: 'https://news.example.cn/articles/42',
  kicker: '聚焦民营经济高质量发展',
  headline: '我市召开民营企业座谈会',
  subtitle: '示范企业代表交流发展经验',
  summary: '市政府召开座谈会，听取民营企业意见建议。',
  byline: '记者 国晓宁 通讯员 楚克伟',
  credits: [
    { role: 'reporter', personId: 3, name: '国晓宁' },
    { role: 'correspondent', personId: 9, name: '楚克伟' },
  ],
  section: { id: 2, name: '要闻', slug: 'yaowen' },
  publishedAt: '2024-04-10T08:00:00+08:00',
  updatedAt: '2024-04-11T09:30:00.000Z',
  bodyHtml: '<h2>座谈会现场</h2><p>4月9日，我市召开民营企业座谈会。</p>',
  corrections: [
    { id: 1, text: '本文第二段中“示范企业”数量应为12家，而非21家。', createdAt: '2024-04-11T09:00:00.000Z' },
    { id: 2, text: '通讯员姓名应为楚克伟。', createdAt: '2024-04-11T09:30:00.000Z' },
  ],
  leadPhoto: null,
  photos: [],
  language: 'zh-CN',
  characters: 20,
};

const renditions = (id: number) =>
  (['avif', 'webp', 'jpg'] as const).flatMap((ext) =>
    [320, 640].map((width) => ({
      href: `https://news.example.cn/media/photos/${id}/full/${width}.${ext}`,
      width,
      height: (width * 2) / 3,
      mimetype: ext === 'jpg' ? 'image/jpeg' : `image/${ext}`,
    })),
  );

const leadPhoto: PublicArticle['photos'][number] = {
  id: 5,
  caption: '图为座谈会现场。',
  alt: '会议室里，企业代表围坐在长桌旁发言',
  byline: '记者 孙悦 摄',
  credits: [{ role: 'photographer', personId: 11, name: '孙悦' }],
  credit: '聊城日报',
  copyright: '© 聊城日报社',
  width: 1600,
  height: 1067,
  focalPoint: { x: 0.4, y: 0.5 },
  renditions: renditions(5),
};

/** `full` with a lead photo and two figures, one with no caption, credit or photographer. */
const photographed: PublicArticle = {
  ...full,
  leadPhoto,
  photos: [
    { ...leadPhoto, id: 6, caption: '图为示范企业车间。', renditions: renditions(6) },
    { ...leadPhoto, id: 7, caption: null, byline: null, credits: [], credit: null, copyright: null, renditions: renditions(7) },
  ],
};

const minimal: PublicArticle = {
  ...full,
  id: 43,
  version: 1,
  url: 'https://news.example.cn/articles/43',
  kicker: null,
  subtitle: null,
  summary: null,
  byline: '',
  credits: [],
  section: null,
  corrections: [],
};


/** Moves a filed article through the workflow to published, as a reporter and an editor would; its id and version. */
async function publishFiled(t: TestApp, filed: LightMyRequestResponse): Promise<{ id: number; version: number }> {
  const id = filed.json().id as number;
  let version = filed.json().version as number;
  for (const [token, status] of [['reporter', 'submitted'], ['editor', 'edited'], ['editor', 'published']] as const) {
    const moved = await t.request(token, { method: 'POST', url: `/api/v1/articles/${id}/status`, headers: { 'if-match': `"${version}"` }, payload: { status } });
    expect(moved.statusCode, moved.body).toBe(200);
    version = moved.json().version;
  }
  return { id, version };
}

describe('toNinjs validates against the IPTC ninjs 2.2 schema', () => {
  it('a full article (kicker, subtitle, summary, credits, section, corrections)', () => {
    expectValid(toNinjs(full));
  });

  it('a minimal article (no kicker, subtitle, summary, section, corrections; no credits)', () => {
    expectValid(toNinjs(minimal));
  });

  it('a photographed article: the lead photo and the figures as picture associations', () => {
    expectValid(toNinjs(photographed));
  });

  it('a relative url resolved against a base url', () => {
    const item = toNinjs({ ...full, url: '/articles/42' }, { baseUrl: 'https://news.example.cn' });
    expect(item.uri).toBe('https://news.example.cn/articles/42');
    expectValid(item);
  });
});

describe('toNinjs mapping', () => {
  const item = toNinjs(full);

  it('identifies the item by the article url, with version and times as the schema types them', () => {
    expect(item.uri).toBe(full.url);
    expect(item.type).toBe('text');
    expect(item.representationtype).toBe('full');
    expect(item.pubstatus).toBe('usable');
    expect(item.version).toBe('7');
    expect(typeof item.version).toBe('string');
    expect(item.firstcreated).toBe('2024-04-10T00:00:00.000Z');
    expect(item.versioncreated).toBe('2024-04-11T09:30:00.000Z');
    expect(item.language).toBe('zh-CN');
    expect(item.altids).toEqual([{ role: 'article-id', value: '42' }]);
    expect(item.standard).toEqual({ name: 'ninjs', version: '2.2', schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json' });
  });

  it('puts 主题 in the main headline, 引题 and 副题 beside it', () => {
    expect(item.headlines).toEqual([
      { role: 'main', contenttype: 'text/plain', value: '我市召开民营企业座谈会' },
      { role: 'kicker', contenttype: 'text/plain', value: '聚焦民营经济高质量发展' },
      { role: 'subtitle', contenttype: 'text/plain', value: '示范企业代表交流发展经验' },
    ]);
  });

  it('carries the HTML body with its character count, then the corrections oldest first', () => {
    expect(item.bodies[0]).toEqual({ role: 'main', contenttype: 'text/html', value: full.bodyHtml, charcount: 20 });
    expect(item.bodies.slice(1)).toEqual([
      { role: 'correction', contenttype: 'text/plain', value: full.corrections[0]?.text },
      { role: 'correction', contenttype: 'text/plain', value: full.corrections[1]?.text },
    ]);
  });

  it('carries summary, byline, credited people and section', () => {
    expect(item.descriptions).toEqual([{ role: 'summary', contenttype: 'text/plain', value: full.summary }]);
    expect(item.by).toBe('记者 国晓宁 通讯员 楚克伟');
    expect(item.people).toEqual([
      { name: '国晓宁', rel: 'reporter', literal: '3' },
      { name: '楚克伟', rel: 'correspondent', literal: '9' },
    ]);
    expect(item.subjects).toEqual([{ name: '要闻', rel: 'section', literal: 'yaowen' }]);
  });

  it('leaves absent data out instead of emitting nulls or empty arrays', () => {
    const bare = toNinjs({ ...minimal, kicker: '  ', subtitle: '' });
    expect(bare.headlines).toEqual([{ role: 'main', contenttype: 'text/plain', value: minimal.headline }]);
    expect(bare.bodies).toHaveLength(1);
    for (const key of ['descriptions', 'by', 'people', 'subjects', 'places', 'contentcreated']) {
      expect(bare, key).not.toHaveProperty(key);
    }
    expect(Object.values(bare)).not.toContain(null);
    expect(Object.values(toNinjs(full))).not.toContain(null);
  });

  it('carries the lead photo as featureimage and the figures as picture1, picture2… with caption, alt, credits and renditions', () => {
    const associations = toNinjs(photographed).associations!;
    expect(associations.map((a) => a.name)).toEqual(['featureimage', 'picture1', 'picture2']);
    expect(associations[0]).toEqual({
      name: 'featureimage',
      uri: 'https://news.example.cn/media/photos/5',
      type: 'picture',
      representationtype: 'full',
      altids: [{ role: 'photo-id', value: '5' }],
      descriptions: [
        { role: 'caption', contenttype: 'text/plain', value: '图为座谈会现场。' },
        { role: 'alt', contenttype: 'text/plain', value: '会议室里，企业代表围坐在长桌旁发言' },
      ],
      by: '记者 孙悦 摄',
      people: [{ name: '孙悦', rel: 'photographer', literal: '11' }],
      infosources: [{ name: '聊城日报', role: 'credit' }],
      copyrightnotice: '© 聊城日报社',
      renditions: expect.arrayContaining([
        { name: 'jpeg-640', href: 'https://news.example.cn/media/photos/5/full/640.jpg', contenttype: 'image/jpeg', width: 640, height: (640 * 2) / 3 },
      ]),
    });
    expect(associations[0]!.renditions.map((r) => r.name)).toEqual(['avif-320', 'avif-640', 'webp-320', 'webp-640', 'jpeg-320', 'jpeg-640']);
    expect(associations[1]!.descriptions?.[0]?.value).toBe('图为示范企业车间。');
    // Nothing null or empty where the photo has nothing to say.
    expect(associations[2]).not.toHaveProperty('by');
    expect(associations[2]).not.toHaveProperty('people');
    expect(associations[2]).not.toHaveProperty('infosources');
    expect(associations[2]).not.toHaveProperty('copyrightnotice');
    expect(associations[2]!.descriptions).toEqual([{ role: 'alt', contenttype: 'text/plain', value: '会议室里，企业代表围坐在长桌旁发言' }]);
    expect(toNinjs(full)).not.toHaveProperty('associations');
  });

  it('refuses a url that is not absolute rather than emit an invalid uri', () => {
    expect(() => toNinjs({ ...full, url: '/articles/42' })).toThrow(/not an absolute URL/);
  });
});

describe('the validator is real', () => {
  it('rejects an item without uri', () => {
    const { uri: _uri, ...rest } = toNinjs(full);
    expectInvalid(rest, 'required');
  });

  it('rejects a numeric version, a relative uri, an unknown type and an unknown field', () => {
    const item = toNinjs(full);
    expectInvalid({ ...item, version: 7 }, 'type');
    expectInvalid({ ...item, uri: 'articles/42' }, 'format');
    expectInvalid({ ...item, type: 'article' }, 'enum');
    expectInvalid({ ...item, representationtype: 'complete' }, 'enum');
    expectInvalid({ ...item, bylines: [{ byline: full.byline }] }, 'unevaluatedProperties');
    expectInvalid({ ...item, headlines: [{ role: 'main' }] }, 'required');
    expectInvalid({ ...item, firstcreated: '2024-04-10 08:00' }, 'format');
  });
});

describe('GET /content/v1/articles/{id}?format=ninjs', () => {
  it('serves a published article as ninjs that validates against the IPTC schema', async () => {
    const { createTestApp } = await import('../helpers/app.js');
    const t = await createTestApp();
    try {
      const section = await t.request('editor', { method: 'POST', url: '/api/v1/sections', payload: { name: '要闻', slug: 'yaowen' } });
      const filed = await t.request('reporter', {
        method: 'POST',
        url: '/api/v1/articles',
        payload: {
          kicker: '“1+2+4”创新模式破解难题',
          headline: '聊城市被评为省级商业秘密保护创新试点',
          summary: '省市场监管局明确聊城市为省级商业秘密保护创新试点。',
          body: '## 高度重视\n\n出台实施方案。\n\n成立工作专班。',
          sectionId: section.json().id,
          credits: [
            { role: 'reporter', name: '国晓宁' },
            { role: 'correspondent', name: '楚克伟' },
          ],
        },
      });
      const { id, version } = await publishFiled(t, filed);
      const res = await t.request(null, { url: `/content/v1/articles/${id}?format=ninjs` });
      expect(res.statusCode).toBe(200);
      const item = res.json();
      expectValid(item);
      expect(item.headlines[0]).toMatchObject({ role: 'main', value: '聊城市被评为省级商业秘密保护创新试点' });
      expect(item.by).toBe('记者 国晓宁 通讯员 楚克伟');
      expect(item.version).toBe(String(version));
    } finally {
      await t.close();
    }
  });
});

describe('GET /content/v1/articles/{id}?format=ninjs, photographed', () => {
  it('serves the lead photo and the body figure as picture associations that validate, renditions at the site’s URLs', async () => {
    const { createTestApp } = await import('../helpers/app.js');
    const { jpegWithMetadata } = await import('../helpers/photo-files.js');
    const t = await createTestApp();
    try {
      const uploaded = await t.request('reporter', {
        method: 'POST',
        url: '/api/v1/photos',
        headers: { 'content-type': 'image/jpeg' },
        payload: await jpegWithMetadata({ width: 800, height: 600, caption: '图为座谈会现场。', byline: '孙悦', credit: '聊城日报' }),
      });
      expect(uploaded.statusCode, uploaded.body).toBe(201);
      const photo = uploaded.json<{ id: number; version: number }>();
      const described = await t.request('reporter', {
        method: 'PATCH',
        url: `/api/v1/photos/${photo.id}`,
        headers: { 'if-match': `"${photo.version}"` },
        payload: { alt: '企业代表围坐在长桌旁发言' },
      });
      expect(described.statusCode, described.body).toBe(200);
      const filed = await t.request('reporter', {
        method: 'POST',
        url: '/api/v1/articles',
        payload: {
          headline: '我市召开民营企业座谈会',
          body: `座谈会上，企业代表踊跃发言。\n\n![图为座谈会一角。](photo:${photo.id})\n\n会议持续两小时。`,
          leadPhoto: { photoId: photo.id, caption: '图为座谈会现场，企业代表发言。' },
        },
      });
      expect(filed.statusCode, filed.body).toBe(201);
      const { id } = await publishFiled(t, filed);
      const res = await t.request(null, { url: `/content/v1/articles/${id}?format=ninjs` });
      expect(res.statusCode, res.body).toBe(200);
      const item = res.json();
      expectValid(item);
      expect(item.associations.map((a: { name: string }) => a.name)).toEqual(['featureimage', 'picture1']);
      const [lead, figure] = item.associations;
      expect(lead).toMatchObject({ type: 'picture', by: '孙悦 摄', infosources: [{ name: '聊城日报', role: 'credit' }] });
      expect(lead.descriptions).toEqual([
        { role: 'caption', contenttype: 'text/plain', value: '图为座谈会现场，企业代表发言。' },
        { role: 'alt', contenttype: 'text/plain', value: '企业代表围坐在长桌旁发言' },
      ]);
      expect(figure.descriptions[0].value).toBe('图为座谈会一角。');
      const jpeg = lead.renditions.find((r: { name: string }) => r.name === 'jpeg-640');
      expect(jpeg).toEqual({ name: 'jpeg-640', href: `http://newsroom.test/media/photos/${photo.id}/full/640.jpg`, contenttype: 'image/jpeg', width: 640, height: 480 });
      const file = await t.request(null, { url: new URL(jpeg.href).pathname });
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('image/jpeg');
      expect(item.bodies[0].value).toContain('<figure class="photo">');
    } finally {
      await t.close();
    }
  });
});
