import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { deskUser, type DeskSession } from '../helpers/desk.js';
import { recordRoutes, type RegisteredRoute } from '../helpers/routes.js';

/**
 * Issue 19, 公告 on the desk: the notice form by kind, the table pasted or uploaded and checked
 * by the service (every bad cell shown in place, nothing stored until all are good), masked ID
 * numbers as they print, totals, workflow moves, and the editors-only, form-token rules.
 */

const FULL_ID = '110101199003074514';
const MASKED_ID = '1101011990****4514';
/** The same number with its check character mistyped. */
const BAD_ID = '110101199003074515';

let t: TestApp;
let routes: RegisteredRoute[];
let editor: DeskSession & { id: number };

beforeAll(async () => {
  const recorder = recordRoutes();
  t = await createTestApp();
  routes = recorder.routes(t.app);
  editor = await deskUser(t, 'editor');
});

afterAll(async () => {
  await t?.close();
});

const FORM = { title: '2023年度赔款认领公示', salutation: '尊敬的客户：', preamble: '以下客户的赔款尚未领取。', closing: '特此公示', issuer: '某保险公司聊城中心支公司', issuedOn: '2024-04-10', contactName: '温经理', contactPhone: '0635-8242056', claimDays: '30', deadline: '' };

/** Files a notice of `kind` through the desk's form; its id. */
async function fileNotice(kind = 'payout_claim', form: Record<string, string | string[]> = {}): Promise<number> {
  const res = await editor.post('/desk/notices', { kind, ...FORM, ...form });
  expect(res.statusCode, res.body).toBe(303);
  return Number(/^\/desk\/notices\/(\d+)$/.exec(String(res.headers.location))![1]);
}

/** The page a form post redirected to, with the one-off message it set. */
async function follow(res: { headers: Record<string, unknown> }) {
  const flash = ([] as string[]).concat((res.headers['set-cookie'] as string | string[] | undefined) ?? []).find((c) => c.startsWith('newsroom_flash='));
  return editor.get(String(res.headers.location).split('#')[0]!, flash ? { cookie: `${editor.cookie}; ${flash.split(';')[0]}` } : {});
}

const versionOf = async (id: number) => (await t.app.services.notices.get(id)).version;

/** A multipart/form-data body with text fields and one file. */
function multipart(fields: Record<string, string>, file?: { name: string; type: string; content: string | Buffer }) {
  const boundary = '----desk-test-boundary';
  const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const chunks: Buffer[] = parts.map((p) => Buffer.from(p));
  if (file) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    chunks.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(chunks) };
}

describe('the notice form', () => {
  test('files a notice of a kind with the kind’s fields, checked against the API’s schema', async () => {
    const form = await editor.get('/desk/notices/new?kind=payout_claim');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('新建公告：赔款认领公示');
    expect(form.body).toContain('value="特此公示"');

    const filed = await editor.post('/desk/notices', { kind: 'payout_claim', ...FORM });
    expect(filed.statusCode, filed.body).toBe(303);
    const id = Number(/^\/desk\/notices\/(\d+)$/.exec(String(filed.headers.location))![1]);
    const notice = await t.app.services.notices.get(id);
    expect(notice).toMatchObject({ kind: 'payout_claim', title: FORM.title, salutation: '尊敬的客户：', issuer: FORM.issuer, issuedOn: '2024-04-10', contact: { name: '温经理', phone: '0635-8242056' }, claimDays: 30, deadline: '2024-05-10', status: 'draft', createdBy: editor.id });
    expect(notice.table?.columns.map((c) => c.label)).toContain('身份证号');

    const page = await follow(filed);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('公告已保存为草稿');
    expect(page.body).toContain('表格还没有数据行');
  });

  test('a form missing the issuer comes back with its message and the input kept; nothing is filed', async () => {
    const before = (await t.app.services.notices.list({})).items.length;
    const res = await editor.post('/desk/notices', { kind: 'payout_claim', ...FORM, issuer: '', title: '保留这个标题' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/id="issuer-error"[^>]*>必填/);
    expect(res.body).toContain('value="保留这个标题"');
    expect((await t.app.services.notices.list({})).items.length).toBe(before);
  });

  test('the service’s own refusals come back in Chinese beside the field', async () => {
    const res = await editor.post('/desk/notices', { kind: 'payout_claim', ...FORM, contactPhone: '12' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('不是一个电话号码');
  });

  test('a kind without preset columns takes them in the form', async () => {
    const id = await fileNotice('table', { columnKey: ['', '', ''], columnLabel: ['户名', '补助(元)', ''], columnType: ['text', 'money', 'text'], columnRequired: ['0'] });
    const notice = await t.app.services.notices.get(id);
    expect(notice.table?.columns).toEqual([
      { key: 'c1', label: '户名', type: 'text', required: true },
      { key: 'c2', label: '补助(元)', type: 'money' },
    ]);
  });

  test('an unknown kind is a 404 page', async () => {
    const res = await editor.get('/desk/notices/new?kind=nope');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('没有这个公告类别');
  });

  test('a stale save is refused with the editor’s text kept and nothing overwritten', async () => {
    const id = await fileNotice();
    const version = await versionOf(id);
    // Someone else saves first.
    const other = await deskUser(t, 'editor');
    expect((await other.post(`/desk/notices/${id}`, { version: String(version), ...FORM, title: '别人的标题' })).statusCode).toBe(303);

    const res = await editor.post(`/desk/notices/${id}`, { version: String(version), ...FORM, title: '我的标题' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('别人已经改过这则公告');
    expect(res.body).toContain('value="我的标题"');
    expect(res.body).toContain('与最新版本不同的地方：标题');
    expect((await t.app.services.notices.get(id)).title).toBe('别人的标题');
    // The form now carries the newest version: saving again is the editor's decision.
    expect(res.body).toContain(`name="version" value="${version + 1}"`);
  });
});

describe('the table', () => {
  const GOOD_ROWS = `1\t张三\t${FULL_ID}\t东昌府区\t侯营镇\t王庄村\t2023\t141.55\n2\t李四\t\t东昌府区\t侯营镇\t李庄村\t2023\t1,202.31\n`;

  test('a paste with a bad ID number and a bad amount shows both cells’ messages in place; nothing is stored', async () => {
    const id = await fileNotice();
    const version = await versionOf(id);
    const rows = `序号\t姓名\t身份证号\t金额(元)\n1\t张三\t${BAD_ID}\t141.55\n2\t李四\t${FULL_ID}\t12.345\n`;
    const res = await editor.post(`/desk/notices/${id}/table`, { version: String(version), rows });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('表格共 2 行，有 2 处需要改正');
    expect(res.body).toMatch(/第 1 行 身份证号：校验位不对/);
    expect(res.body).toMatch(/第 2 行 金额\(元\)：金额最多两位小数/);
    // Each bad cell is marked in the grid of what was pasted (header on line 1, data from line 2).
    expect(res.body).toMatch(/<td id="cell-2-2" class="bad">.*?校验位不对/s);
    expect(res.body).toMatch(/<td id="cell-3-3" class="bad">.*?金额最多两位小数/s);
    // The paste is kept for correcting, its valid full number masked; nothing was stored.
    expect(res.body).toContain(`李四\t${MASKED_ID}\t12.345`);
    expect(res.body).not.toContain(FULL_ID);
    const notice = await t.app.services.notices.get(id);
    expect(notice.version).toBe(version);
    expect(notice.table?.rowCount).toBe(0);
  });

  test('a valid paste without a header stores the rows; the page shows the ID masked and the total', async () => {
    const id = await fileNotice();
    const res = await editor.post(`/desk/notices/${id}/table`, { version: String(await versionOf(id)), rows: GOOD_ROWS });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`/desk/notices/${id}#table`);
    const notice = await t.app.services.notices.get(id);
    expect(notice.table?.rowCount).toBe(2);
    expect(notice.table?.totals[0]).toMatchObject({ value: 134386, display: '1,343.86' });

    const page = await follow(res);
    expect(page.body).toContain('表格已保存：共 2 行。其中 1 个身份证号已按公示格式遮盖');
    expect(page.body).toContain(MASKED_ID);
    expect(page.body).not.toContain(FULL_ID);
    expect(page.body).toMatch(/<tfoot><tr class="totals"><th scope="row">合计<\/th>.*1,343\.86/s);
  });

  test('a real table pasted with its header is matched by the header', async () => {
    const id = await fileNotice();
    const rows = readFileSync(new URL('../fixtures/notices/liaocheng-payout.tsv', import.meta.url), 'utf8');
    const res = await editor.post(`/desk/notices/${id}/table`, { version: String(await versionOf(id)), rows });
    expect(res.statusCode, res.body).toBe(303);
    const notice = await t.app.services.notices.get(id);
    expect(notice.table?.rowCount).toBe(rows.trim().split('\n').length - 1);
    expect(notice.table?.rows?.[0]?.display.slice(0, 3)).toEqual(['1', '宋西顺', '3725011966****4816']);
  });

  test('what was pasted is shown back as text, never as markup', async () => {
    const id = await fileNotice();
    const res = await editor.post(`/desk/notices/${id}/table`, { version: String(await versionOf(id)), rows: `1\t<img src=x onerror=alert(1)>\t\t\t\t\t2023\t<script>alert(2)</script>` });
    expect(res.statusCode).toBe(422);
    expect(res.body).not.toContain('<img src=x');
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).toContain('&lt;img src=x onerror=alert(1)>');
    expect(res.body).toContain('&lt;script>alert(2)&lt;/script>');
  });

  test('a CSV uploaded as a multipart form replaces the table', async () => {
    const id = await fileNotice();
    const csv = `姓名,身份证号,金额(元)\n王五,${FULL_ID},400\n赵六,,312.5\n合计,,712.50\n`;
    const res = await editor.inject({ method: 'POST', url: `/desk/notices/${id}/table/file`, ...multipart({ _csrf: editor.csrf, version: String(await versionOf(id)) }, { name: '名单.csv', type: 'text/csv', content: csv }) });
    expect(res.statusCode, res.body).toBe(303);
    const notice = await t.app.services.notices.get(id);
    expect(notice.table?.rowCount).toBe(2);
    expect(notice.table?.rows?.map((r) => r.display[1])).toEqual(['王五', '赵六']);
    expect(notice.table?.totals[0]?.display).toBe('712.50');
  });

  test('a refused upload shows its rows with the bad cell marked, and stores nothing', async () => {
    const id = await fileNotice();
    const version = await versionOf(id);
    const csv = `姓名,金额(元)\n王五,400\n赵六,-3\n`;
    const res = await editor.inject({ method: 'POST', url: `/desk/notices/${id}/table/file`, ...multipart({ _csrf: editor.csrf, version: String(version) }, { name: 'list.csv', type: 'application/vnd.ms-excel', content: csv }) });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/<td id="cell-3-1" class="bad">.*?金额不能是负数/s);
    expect(await versionOf(id)).toBe(version);
  });

  test('an upload without its form token is refused', async () => {
    const id = await fileNotice();
    const res = await editor.inject({ method: 'POST', url: `/desk/notices/${id}/table/file`, ...multipart({ version: String(await versionOf(id)) }, { name: 'a.csv', type: 'text/csv', content: '姓名,金额(元)\n王五,400\n' }) });
    expect(res.statusCode).toBe(403);
    expect((await t.app.services.notices.get(id)).table?.rowCount).toBe(0);
  });

  test('a paste against an old version is refused and kept', async () => {
    const id = await fileNotice();
    const version = await versionOf(id);
    expect((await editor.post(`/desk/notices/${id}`, { version: String(version), ...FORM, title: '改过' })).statusCode).toBe(303);
    const res = await editor.post(`/desk/notices/${id}/table`, { version: String(version), rows: GOOD_ROWS });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('表格没有保存');
    expect(res.body).toContain('张三');
    expect((await t.app.services.notices.get(id)).table?.rowCount).toBe(0);
  });
});

describe('the workflow and the list', () => {
  test('shows only the moves allowed, and says why a notice without rows cannot be published', async () => {
    const id = await fileNotice();
    const page = await editor.get(`/desk/notices/${id}`);
    expect(page.body).toContain('value="submitted"');
    expect(page.body).not.toContain('value="withdrawn"');
    const res = await editor.post(`/desk/notices/${id}/status`, { version: String(await versionOf(id)), status: 'published' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('表格还没有数据行，不能排期或发布');
    expect((await t.app.services.notices.get(id)).status).toBe('draft');

    const moved = await editor.post(`/desk/notices/${id}/status`, { version: String(await versionOf(id)), status: 'submitted' });
    expect(moved.statusCode).toBe(303);
    expect((await t.app.services.notices.get(id)).status).toBe('submitted');
  });

  test('lists notices with state, kind, rows, filtered in the URL', async () => {
    const id = await fileNotice('statement', { title: '遗失声明一则' });
    const all = await editor.get('/desk/notices');
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain(`href="/desk/notices/${id}"`);
    const filtered = await editor.get('/desk/notices?kind=payout_claim');
    expect(filtered.body).not.toContain('遗失声明一则');
    expect(filtered.body).toMatch(/<option value="payout_claim" selected/);
  });
});

describe('who may', () => {
  test('a reporter gets 403 on every notice route', async () => {
    const reporter = await deskUser(t, 'reporter');
    const id = await fileNotice();
    const mine = routes.filter((r) => r.url.startsWith('/desk/notices') && r.method !== 'HEAD');
    expect(mine.length).toBeGreaterThanOrEqual(8);
    for (const route of mine) {
      const url = route.url.replace(':id', String(id));
      const res = route.method === 'GET' ? await reporter.get(url) : await reporter.post(url, { version: '1', status: 'submitted', rows: 'x' });
      expect(res.statusCode, `${route.method} ${url}`).toBe(403);
    }
  });

  test('a form post without its form token is refused', async () => {
    const before = (await t.app.services.notices.list({})).items.length;
    const res = await editor.post('/desk/notices', { kind: 'payout_claim', ...FORM }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect((await t.app.services.notices.list({})).items.length).toBe(before);
  });
});
