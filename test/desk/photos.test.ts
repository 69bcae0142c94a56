import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { deskUser, type DeskSession } from '../helpers/desk.js';
import { jpegWithMetadata, svgFile } from '../helpers/photo-files.js';

type DeskUser = DeskSession & { id: number };

/**
 * Issue 20, the desk: the photo library, a photo's page and its save (a stale save refused and
 * shown, nothing lost), uploads from a form and from the editor's script, the renditions the
 * desk shows, and the story editor's lead photo. A reporter uploads and edits photos and gives
 * their own draft a lead photo; another's draft stays out of reach.
 */

let t: TestApp;
let reporter: DeskUser;
let other: DeskUser;
let editor: DeskUser;

beforeAll(async () => {
  t = await createTestApp();
  reporter = await deskUser(t, 'reporter', '王小记');
  other = await deskUser(t, 'reporter', '赵记者');
  editor = await deskUser(t, 'editor', '李编辑');
});

afterAll(async () => {
  await t?.close();
});

const flashOf = (res: { headers: Record<string, unknown> }) => decodeURIComponent(decodeURIComponent(/newsroom_flash=([^;]*)/.exec(String(res.headers['set-cookie']))?.[1] ?? ''));

/** A multipart/form-data body with text fields and one file. */
function multipart(fields: Record<string, string>, file?: { name: string; type: string; content: Buffer }) {
  const boundary = '----desk-photo-boundary';
  const chunks: Buffer[] = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.content, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(chunks) };
}

let serial = 0;
/** A distinct JPEG (the same bytes twice are one photo) carrying a Chinese caption and byline. */
const photoFile = (text: { caption?: string; byline?: string; credit?: string } = {}) =>
  jpegWithMetadata({ width: 96 + ++serial, height: 64, caption: '市民在湖畔晨练', byline: '孙悦', credit: '聊城日报', ...text });

async function upload(as: DeskSession, content: Buffer, fields: Record<string, string> = {}) {
  return as.inject({ method: 'POST', url: '/desk/photos', ...multipart({ _csrf: as.csrf, ...fields }, { name: '照片.jpg', type: 'image/jpeg', content }) });
}

async function uploadJson(as: DeskSession, content: Buffer) {
  const body = multipart({}, { name: 'photo.jpg', type: 'image/jpeg', content });
  const res = await as.inject({ method: 'POST', url: '/desk/photos', headers: { ...body.headers, accept: 'application/json', 'x-csrf-token': as.csrf }, payload: body.payload });
  return res;
}

/** A photo page's form values, as the user would save them. */
function photoForm(version: number, fields: Record<string, string> = {}) {
  return { version: String(version), caption: '市民在湖畔晨练', alt: '清晨，几位老人在湖边打太极拳', byline: '孙悦', credit: '聊城日报', copyright: '', focalX: '', focalY: '', ...fields };
}

describe('upload and the library', () => {
  test('a reporter uploads through the form (with its token): the photo page opens with the file’s caption and credits', async () => {
    const res = await upload(reporter, await photoFile());
    expect(res.statusCode, res.body).toBe(303);
    const id = Number(/^\/desk\/photos\/(\d+)$/.exec(String(res.headers.location))?.[1]);
    expect(id).toBeGreaterThan(0);
    expect(flashOf(res)).toContain('图片已上传');
    const page = await reporter.get(`/desk/photos/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<textarea id="caption" name="caption"[^>]*>\n市民在湖畔晨练<\/textarea>/);
    expect(page.body).toMatch(/<input id="byline" name="byline" type="text" value="孙悦"/);
    expect(page.body).toMatch(/<input id="credit" name="credit" type="text" value="聊城日报"/);
    expect(page.body).toContain('稿件发布前必须填写');
    expect(page.body).toContain(`src="/desk/photos/${id}/3x2/640.jpg"`);
    expect(page.body).toContain(`src="/desk/photos/${id}/1x1/640.jpg"`);
    expect(page.body).toContain('id="focalX"');
  });

  test('an upload without the form token is refused, and so is a file that is no photo', async () => {
    const body = multipart({}, { name: 'a.jpg', type: 'image/jpeg', content: await photoFile() });
    expect((await reporter.inject({ method: 'POST', url: '/desk/photos', ...body })).statusCode).toBe(403);
    const svg = await reporter.inject({ method: 'POST', url: '/desk/photos', ...multipart({ _csrf: reporter.csrf }, { name: 'a.svg', type: 'image/svg+xml', content: svgFile() }) });
    expect(svg.statusCode).toBe(415);
    expect(svg.body).toContain('只能上传 JPEG、PNG 或 WebP 格式的图片');
    expect(svg.body).toContain('图片库');
  });

  test('the editor’s script gets JSON: the photo with its fields prefilled', async () => {
    const res = await uploadJson(reporter, await photoFile({ caption: '黄河岸边的麦收', byline: '周明' }));
    expect(res.statusCode, res.body).toBe(201);
    const photo = res.json<{ id: number; width: number; height: number; caption: string; alt: string | null; byline: string; version: number; created: boolean }>();
    expect(photo).toMatchObject({ caption: '黄河岸边的麦收', alt: null, byline: '周明', created: true, height: 64 });
    expect(photo.width).toBeGreaterThan(96);
  });

  test('the library lists photos newest first, each linking to its page, filtered by photographer, paged', async () => {
    const first = await uploadJson(reporter, await photoFile({ caption: '第一张：东昌湖', byline: '钱摄影' }));
    const second = await uploadJson(reporter, await photoFile({ caption: '第二张：光岳楼', byline: '孙悦' }));
    const [a, b] = [first.json<{ id: number }>().id, second.json<{ id: number }>().id];
    const page = await reporter.get('/desk/photos');
    expect(page.statusCode).toBe(200);
    expect(page.body.indexOf(`href="/desk/photos/${b}"`)).toBeGreaterThan(-1);
    expect(page.body.indexOf(`href="/desk/photos/${b}"`)).toBeLessThan(page.body.indexOf(`href="/desk/photos/${a}"`));
    expect(page.body).toContain(`src="/desk/photos/${b}/full/320.jpg"`);
    expect(page.body).toContain('第二张：光岳楼');
    expect(page.body).toMatch(/<a href="\/desk\/photos" aria-current="page">图片<\/a>/);

    const qian = (await t.app.services.photos.get(a)).byline!.personId;
    const filtered = await reporter.get(`/desk/photos?photographer=${qian}`);
    expect(filtered.body).toContain('第一张：东昌湖');
    expect(filtered.body).not.toContain('第二张：光岳楼');
    expect(filtered.body).toMatch(new RegExp(`<option value="${qian}" selected>钱摄影</option>`));

    // A later page: older photos only, and the way back to the newest.
    const cursor = (await t.app.services.photos.list({ limit: 1 })).nextCursor!;
    const later = await reporter.get(`/desk/photos?cursor=${encodeURIComponent(cursor)}`);
    expect(later.statusCode).toBe(200);
    expect(later.body).not.toContain(`href="/desk/photos/${b}"`);
    expect(later.body).toContain(`href="/desk/photos/${a}"`);
    expect(later.body).toContain('最新的图片');
    expect((await reporter.get('/desk/photos?cursor=nonsense')).statusCode).toBe(400);
  });

  test('renditions are served to signed-in desk users only, as images that are not sniffed, privately cached', async () => {
    const id = (await uploadJson(reporter, await photoFile())).json<{ id: number }>().id;
    const res = await reporter.get(`/desk/photos/${id}/3x2/320.webp`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/webp');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(String(res.headers['cache-control'])).toContain('private');
    expect((await reporter.get(`/desk/photos/${id}/3x2/320.webp`, { 'if-none-match': String(res.headers.etag) })).statusCode).toBe(304);
    expect((await t.app.inject({ url: `/desk/photos/${id}/3x2/320.webp` })).statusCode).toBe(303);
    // Not public: the site's media URL knows no unpublished photo.
    expect((await t.app.inject({ url: `/media/photos/${id}/3x2/320.webp` })).statusCode).toBe(404);
    expect((await reporter.get(`/desk/photos/${id}/nope/320.webp`)).statusCode).toBe(404);
    expect((await reporter.get(`/desk/photos/${id}/full/321.webp`)).statusCode).toBe(404);
  });
});

describe('a photo’s page', () => {
  test('saving caption, alt and focal point; a stale version is refused and shown, the typing kept', async () => {
    const id = (await uploadJson(reporter, await photoFile())).json<{ id: number }>().id;
    const saved = await reporter.post(`/desk/photos/${id}`, photoForm(1, { caption: '湖畔晨练的市民', focalX: '0.25', focalY: '0.4' }));
    expect(saved.statusCode, saved.body).toBe(303);
    expect(flashOf(saved)).toBe('图片信息已保存');
    const photo = await t.app.services.photos.get(id);
    expect(photo).toMatchObject({ caption: '湖畔晨练的市民', alt: '清晨，几位老人在湖边打太极拳', focalPoint: { x: 0.25, y: 0.4 }, version: 2 });
    expect(photo.byline?.name).toBe('孙悦');
    const page = await reporter.get(`/desk/photos/${id}`);
    expect(page.body).toContain('value="0.25"');
    expect(page.body).toMatch(/<svg class="focal-mark"[^>]*data-set="yes"/);

    const stale = await editor.post(`/desk/photos/${id}`, photoForm(1, { caption: '编辑改的说明' }));
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('没有保存');
    expect(stale.body).toContain('编辑改的说明');
    expect(stale.body).toContain('name="version" value="2"');
    expect((await t.app.services.photos.get(id)).caption).toBe('湖畔晨练的市民');
    // The second save, against the version shown, is the editor's decision and goes through.
    expect((await editor.post(`/desk/photos/${id}`, photoForm(2, { caption: '编辑改的说明' }))).statusCode).toBe(303);
    expect((await t.app.services.photos.get(id)).caption).toBe('编辑改的说明');
  });

  test('a focal point out of range is refused beside its field; the script’s save answers JSON', async () => {
    const id = (await uploadJson(reporter, await photoFile())).json<{ id: number }>().id;
    const bad = await reporter.post(`/desk/photos/${id}`, photoForm(1, { focalX: '1.5', focalY: '0.5' }));
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('id="focalPoint-error"');
    const res = await reporter.inject({
      method: 'POST',
      url: `/desk/photos/${id}`,
      headers: { accept: 'application/json', 'x-csrf-token': reporter.csrf, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(photoForm(1, { focalX: '0.7', focalY: '0.3' })).toString(),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id, version: 2, focalPoint: { x: 0.7, y: 0.3 } });
    const stale = await reporter.inject({
      method: 'POST',
      url: `/desk/photos/${id}`,
      headers: { accept: 'application/json', 'x-csrf-token': reporter.csrf, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(photoForm(1)).toString(),
    });
    expect(stale.statusCode).toBe(412);
  });
});

describe('photos in the story editor', () => {
  async function fileStory(as: DeskSession, fields: Record<string, string> = {}): Promise<number> {
    const res = await as.post('/desk/stories', { headline: '东昌湖畔晨练忙', body: '第一段。', 'credit-role': 'reporter', 'credit-name': '王小记', ...fields });
    expect(res.statusCode, res.body).toBe(303);
    return Number(/(\d+)$/.exec(String(res.headers.location))?.[1]);
  }

  test('the editor has the 图片 panel: upload, the library link, and the photo slots awaiting a picture', async () => {
    const page = await reporter.get('/desk/stories/new');
    expect(page.body).toContain('<legend>图片</legend>');
    expect(page.body).toContain('name="leadPhoto"');
    expect(page.body).toContain('id="photo-upload"');
    expect(page.body).toMatch(/story-photos\.[\w-]{12}\.js/);

    const created = await t.app.services.articles.create(
      { userId: reporter.id, login: reporter.login, role: 'reporter', tokenId: null, requestId: 'test' },
      { headline: '从版面导入的稿件', photoSlots: [{ caption: '图为市民在东昌湖畔晨练。', byline: '孙悦' }] },
    );
    const editorPage = await reporter.get(`/desk/stories/${created.id}`);
    expect(editorPage.body).toContain('待配图（1）');
    expect(editorPage.body).toContain('图为市民在东昌湖畔晨练。');
    expect(editorPage.body).toContain('等待图片');
    expect(editorPage.body).toContain(`href="/desk/photos?for=story-${created.id}"`);
  });

  test('a reporter sets the lead photo from the editor’s form; it shows; removing it removes it', async () => {
    const photo = (await uploadJson(reporter, await photoFile({ caption: '晨练的人们' }))).json<{ id: number }>().id;
    const id = await fileStory(reporter, { leadPhoto: String(photo) });
    expect((await t.app.services.articles.get(id)).leadPhoto).toEqual({ photoId: photo, caption: null });
    const page = await reporter.get(`/desk/stories/${id}`);
    expect(page.body).toContain(`src="/desk/photos/${photo}/3x2/640.jpg"`);
    expect(page.body).toContain('晨练的人们');
    expect(page.body).toContain('缺替代文字');

    const withCaption = await reporter.post(`/desk/stories/${id}`, { version: '1', headline: '东昌湖畔晨练忙', body: '第一段。', 'credit-role': 'reporter', 'credit-name': '王小记', leadPhoto: String(photo), leadCaption: '本稿用的说明' });
    expect(withCaption.statusCode, withCaption.body).toBe(303);
    expect((await t.app.services.articles.get(id)).leadPhoto).toEqual({ photoId: photo, caption: '本稿用的说明' });
    // A form that does not carry the lead photo (a page loaded before photos) leaves it.
    expect((await reporter.post(`/desk/stories/${id}`, { version: '2', headline: '东昌湖畔晨练忙', body: '第二版。', 'credit-role': 'reporter', 'credit-name': '王小记' })).statusCode).toBe(303);
    expect((await t.app.services.articles.get(id)).leadPhoto?.photoId).toBe(photo);
    const removed = await reporter.post(`/desk/stories/${id}`, { version: '3', headline: '东昌湖畔晨练忙', body: '第二版。', 'credit-role': 'reporter', 'credit-name': '王小记', leadPhoto: String(photo), removeLead: '1' });
    expect(removed.statusCode).toBe(303);
    expect((await t.app.services.articles.get(id)).leadPhoto).toBeNull();
  });

  test('from the library opened for a story: “设为题图” sets it; a stale version says so and sets nothing', async () => {
    const photo = (await uploadJson(reporter, await photoFile())).json<{ id: number }>().id;
    const id = await fileStory(reporter);
    const library = await reporter.get(`/desk/photos?for=story-${id}`);
    expect(library.body).toContain('东昌湖畔晨练忙');
    expect(library.body).toContain(`action="/desk/stories/${id}/lead-photo"`);
    const photoPage = await reporter.get(`/desk/photos/${photo}?for=story-${id}`);
    expect(photoPage.body).toContain(`action="/desk/stories/${id}/lead-photo"`);

    const set = await reporter.post(`/desk/stories/${id}/lead-photo`, { photoId: String(photo), version: '1' });
    expect(set.statusCode).toBe(303);
    expect(set.headers.location).toBe(`/desk/stories/${id}`);
    expect((await t.app.services.articles.get(id)).leadPhoto?.photoId).toBe(photo);
    expect((await reporter.get(`/desk/stories/${id}`)).body).toContain(`src="/desk/photos/${photo}/3x2/640.jpg"`);
    expect((await reporter.get(`/desk/photos/${photo}`)).body).toContain(`href="/desk/stories/${id}">东昌湖畔晨练忙</a>`);

    const stale = await reporter.post(`/desk/stories/${id}/lead-photo`, { photoId: String(photo), version: '1' });
    expect(stale.statusCode).toBe(303);
    expect(flashOf(stale)).toContain('题图没有设上');
  });

  test('a reporter can’t see another’s draft through the library, nor set or save its lead photo', async () => {
    const photo = (await uploadJson(reporter, await photoFile())).json<{ id: number }>().id;
    const theirs = await fileStory(other, { headline: '别人的草稿标题', 'credit-name': '赵记者' });
    const library = await reporter.get(`/desk/photos?for=story-${theirs}`);
    expect(library.statusCode).toBe(200);
    expect(library.body).not.toContain('别人的草稿标题');
    expect(library.body).not.toContain('/lead-photo');
    expect((await reporter.post(`/desk/stories/${theirs}/lead-photo`, { photoId: String(photo), version: '1' })).statusCode).toBe(403);
    const save = await reporter.post(`/desk/stories/${theirs}`, { version: '1', headline: '改别人的', body: '', leadPhoto: String(photo) });
    expect(save.statusCode).toBe(403);
    expect((await t.app.services.articles.get(theirs)).leadPhoto).toBeNull();
    // An editor may.
    expect((await editor.post(`/desk/stories/${theirs}/lead-photo`, { photoId: String(photo), version: '1' })).statusCode).toBe(303);
  });

  test('a story whose photo has no alt text is not published; the refusal names the photo', async () => {
    const photo = (await uploadJson(reporter, await photoFile())).json<{ id: number }>().id;
    const id = await fileStory(editor, { leadPhoto: String(photo), 'credit-name': '李编辑' });
    const refused = await editor.post(`/desk/stories/${id}/status`, { version: '1', status: 'published' });
    expect(refused.statusCode).toBe(409);
    expect((await t.app.services.articles.get(id)).status).toBe('draft');
  });
});

describe('the live preview', () => {
  test('shows a body figure as the site will, from renditions the desk serves before publication', async () => {
    const uploaded = await uploadJson(reporter, await photoFile({ caption: '湖畔晨练的老人' }));
    const { id } = uploaded.json<{ id: number }>();
    const res = await reporter.json('POST', '/desk/stories/preview', { headline: '晨练', body: `第一段。\n\n![湖边的太极拳](photo:${id})\n\n第二段。` });
    expect(res.statusCode, res.body).toBe(200);
    const { html } = res.json<{ html: string }>();
    expect(html).toMatch(/<figure[^>]*>[\s\S]*<picture>[\s\S]*<\/picture>[\s\S]*<figcaption[^>]*>[\s\S]*湖边的太极拳/);
    expect(html).toContain(`/desk/photos/${id}/full/`);
    expect(html).not.toContain('/media/photos/');
    const src = /<img[^>]* src="([^"]+)"/.exec(html)?.[1] ?? '';
    expect((await reporter.get(src)).statusCode).toBe(200);
    // A figure naming no photo shows nothing rather than a broken picture.
    const unknown = await reporter.json('POST', '/desk/stories/preview', { headline: '晨练', body: '![无此图](photo:999999)' });
    expect(unknown.json<{ html: string }>().html).not.toContain('<figure');
  });
});

describe('a broken upload', () => {
  test('a multipart form cut short is refused with a 4xx, not a server error', async () => {
    const res = await reporter.inject({
      method: 'POST',
      url: '/desk/photos',
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'x-csrf-token': reporter.csrf, accept: 'application/json' },
      payload: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\nabc',
    });
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, res.body).toBeLessThan(500);
  });
});
