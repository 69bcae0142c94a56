// Load benchmark of the web site: `npm run bench:web [-- --db pglite|postgres]`.
//
// GET /articles/{id} of the seed's first article (“1+2+4”创新模式破解难题 / 聊城市被评为省级商业秘密保护
// 创新试点, about 2,700 characters under four sub-heads), against a bare Fastify route returning
// the identical bytes, each for 10 s with 50 connections after a 2 s warm-up, one after the
// other; prints requests/s, p50, p99, errors and the ratio site/bare. Goal: ratio ≥ 0.5, no errors.
//
// Both servers run as the service runs: the real service compiled as `npm start` runs it
// (`node --expose-gc dist/server.js`, built first, logging at LOG_LEVEL info, the default) as a
// child process, on PGlite in a temporary DATA_DIR or on a fresh PostgreSQL database on
// BENCH_DATABASE_URL (dropped afterwards); the bare route in a second Node process, given the
// page's HTML and headers as the service sent them (all but Date, Connection, Keep-Alive and
// Content-Length, which Node writes itself), so both answer with the same bytes. The load comes
// from autocannon in a third process; the server not being measured is paused meanwhile. Each
// row also shows the CPU the server and autocannon used: throughput on a small or shared
// machine depends on what else runs, CPU time a request much less.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { get, headerBytes, measure, row } from '../lib/against-bare.js';
import { databaseOption, prepareTarget } from '../lib/bench-target.js';
import { buildService, startServer, stopServer, type Server } from '../lib/server-process.js';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'pglite' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '2' },
  },
});
const duration = Number(args.duration);
const connections = Number(args.connections);
const warmup = Number(args.warmup);
const ADMIN_TOKEN = `bench-admin-${randomBytes(12).toString('hex')}`;
const GOAL_RATIO = 0.5;

/**
 * The seed's first article: the lead story of a Liaocheng Daily page, in Markdown (`##` sub-heads),
 * about 2,700 characters (2,360 Han) in ten paragraphs under four sub-heads.
 */
const BODY = [
  '聊城市紧紧围绕国家市场监管总局、省市场监管局关于商业秘密保护的工作安排，大力维护公平竞争市场环境，护航企业创新发展和高质量发展，积极开展商业秘密保护工作。4月1日，山东省市场监督管理局明确聊城市为省级商业秘密保护创新试点。',
  '## 高度重视，完善商业秘密保护工作顶层设计',
  '出台实施方案。为全面提升聊城市商业秘密保护工作效能，强化知识产权保护和反不正当竞争工作，争创省级商业秘密保护创新试点，聊城市政府办公室印发了《聊城市争创省级商业秘密保护创新试点工作实施方案（2023—2025年）》，将加强商业秘密保护工作作为全市全面深化改革重点事项。',
  '成立工作专班。成立由市政府分管负责同志任召集人，市市场监管局、市委宣传部、市工业和信息化局、市发展改革委、市公安局等14个部门（单位）为成员的聊城市人民政府争创省级商业秘密保护创新试点工作专班，对全市创新试点工作统一领导、统一组织、统一实施，按照创新试点总体要求，及时研究部署，精心组织实施，确保各项工作有序推进。',
  '召开推进会议。召开全市商业秘密保护工作推进会，省市场监管局、市政府有关领导出席会议，市反不正当竞争联席会议成员单位分管负责同志，各县（市、区）政府、市属开发区管委会分管负责同志、市场监管部门负责同志、商业秘密保护示范企业代表等200余人参加会议。会议对全市商业秘密保护工作进行了安排部署。',
  '## 多方联动，齐心共筑商业秘密保护“防火墙”',
  '“高标准”制定工作规划。聊城市反不正当竞争联席会议办公室印发《全市商业秘密保护工作报告》，分析全市商业秘密保护工作现状、存在问题，对全市商业秘密保护工作提出要求。锚定“走在前，开新局”，服务全市绿色低碳高质量发展，以全面提升全市商业秘密保护工作效能为目标，制定聊城市商业秘密保护三年规划《聊城市加强商业秘密保护三年工作方案（2023—2025年）》，深入推进商业秘密保护工作八项重点任务，形成具有聊城特色的商业秘密保护工作新模式，共筑商业秘密保护“防火墙”。',
  '“高水平”组织开展“服务月”活动。聊城市反不正当竞争联席会议成员单位积极参与“企业商业秘密保护能力提升服务月”活动，印发《聊城市企业商业秘密保护能力提升服务月活动方案》。组织全市商业秘密保护培训班，70余家企业代表参加培训；召开企业商业秘密保护座谈会、行政指导会62场次，参与企业134家；走访调研企业129家，发放调查问卷383份，收集企业商业秘密保护的意见建议91条，协调解决企业商业秘密保护诉求和困难44个；开展宣传活动29场次，参与企业260家，参与人数1412人，发放宣传材料11328份。',
  '“高强度”开展知识产权保护专项执法行动。行动中办理知识产权行政案件341起；立案侦办侵权、伪劣犯罪案件34起，抓获犯罪嫌疑人115人，打掉窝点22处，犯罪团伙14个，涉案金额8787余万元。知识产权司法案件共受理35件，审结27件，判决51人。起诉知识产权和制售假冒伪劣商品案件22件28人，批准逮捕17件26人。',
  '## 行业引领，激发商业秘密保护“新活力”',
  '充分发挥行业龙头作用。围绕全市各县域重点产业布局和企业需求，在东阿经济开发区、临清烟店镇、茌平信发集团等聊城市行业特色显著的重点企业、重点企业聚集园区，以及行业协会、各类产业园区等重点领域，建设一批组织机构完整、人员配备专业、基础保障得力、制度建设完善、典型示范突出的商业秘密保护基地。主动强化协会统筹作用。充分促进并发挥行业协会（商会）和企业家协会等组织的职能多元化作用，促进商业秘密保护社会共治。加强协会第三方服务供给，积极建设商业秘密保护基地、指导站（点），成立行业商业秘密保护自律联盟，在省相关行业协会的带领下，指导企业制定本行业的商业秘密保护工作团体标准。积极畅通便捷服务渠道。逐步构建政府引导、多元参与、互联共享的商业秘密保护服务保障体系。广泛借助知识产权维权援助机构、第三方服务机构现有布局，提供商业秘密保护专业咨询服务；在市场监管所、乡镇（街道）、社区服务中心建立商业秘密保护服务站（点），充分发挥其贴近企业、服务大众的职能，受理侵权投诉材料，开展常态化政策法规宣讲解读；加强与高等院校、科研院所、律师事务所合作，充分发挥专家学者、律师等在商业秘密保护领域的决策咨询、技术支撑作用；组建多领域、高层次、高水平的商业秘密保护智库，开展商业秘密保护理论与实务研究，为商业秘密行政保护、司法保护和企业维权提供理论支撑。',
  '## 创新机制，探索建立商业秘密保护“聊城模式”',
  '突出制度机制创新。以支柱产业和特色产业为重点，探索建立分行业领域的企业商业秘密保护标准体系，先后印发《聊城市阿胶企业商业秘密保护工作指引》《聊城市化工企业商业秘密保护工作指引》，并在全市100余家企业推广。创建市级示范典型。制定《聊城市商业秘密保护示范基地、示范指导站、示范企业建设指南（试行）》，明确申报条件及管理服务内容，为全市商业秘密保护工作提供有力参考。目前聊城市已建成商业秘密保护基地7个、指导站（点）51个、企业140家，联络站（点）739个。正在申报市级商业秘密保护示范基地3个、示范指导站（点）34个、示范企业36家。',
  '起草制定地方标准。在充分调研的基础上，起草制定聊城市《商业秘密保护管理和服务规范》地方标准，分县（市、区）组织9场次宣贯企业1000余家，促进重点企业进一步明确自身秘点和密级，夯实全过程保密管理和自我保护能力，推动建立起符合标准、特色鲜明的商业秘密保护制度。创新建立“聊城模式”。建立“1+2+4”的商业秘密保护“聊城模式”，即：依托市知识产权战略实施工作领导小组一个协调机构，充分发挥行业协会和第三方机构两个条线职能作用，促进行政保护、刑事保护、民事保护以及行业保护的衔接运行，从行政、民事、刑事、行业四个方面全方位服务企业。该模式可以为全市企业的商业秘密保护提供法律咨询、普法宣传、法律培训、协议起草等专业化服务，共同推进全市商业秘密保护工作。严查商业秘密侵权违法行为，完善商业秘密执法办案流程，建立全市商业秘密保护互动机制，加强“部门间横向+系统内纵向”联动执法，形成立案协助、证据互认、维权联动、信息共享、案情会商等协作机制，破解执法难、举证难、维权难的执法办案难点问题，增强执法办案的规范性，提高执法办案和维护企业合法权益的针对性、有效性。营造良好社会氛围。以营造全社会重视商业秘密保护的良好氛围为出发点，广泛利用各种工作平台、渠道以及各类媒体，采用丰富多彩、生动活泼的形式，对商业秘密执法活动进行宣传报道，对典型案例进行曝光，广泛深入地开展商业秘密知识宣传，普及商业秘密保护知识，凝聚社会共识，在总局“商业秘密保护站”微信公众号等各类媒体发布宣传报道200余篇，在全社会形成保护商业秘密、尊崇商业道德的良好氛围。',
].join('\n\n');

// ---------------------------------------------------------------------------------------------
// The two servers as child processes.

/**
 * The baseline: one Fastify route (no logger, no hooks, no plugins) sending the page's HTML
 * and headers as fixed values, in plain Node like the compiled service.
 */
const BARE_SERVER = `
import fs from 'node:fs';
import Fastify from 'fastify';
const html = fs.readFileSync(process.env.BARE_HTML, 'utf8');
const headers = JSON.parse(process.env.BARE_HEADERS);
const app = Fastify();
app.get('/articles/:id', async (_request, reply) => reply.headers(headers).send(html));
const address = await app.listen({ host: '127.0.0.1', port: 0 });
console.log('Newsroom serving on a bare Fastify route (the baseline): site ' + address + '/');
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
`;

// ---------------------------------------------------------------------------------------------
// Targets: where the service keeps its data.


// ---------------------------------------------------------------------------------------------
// The seed, through the API as a newsroom would file it.

async function json<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: ${response.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

async function seed(baseUrl: string): Promise<number> {
  const api = `${baseUrl}/api/v1`;
  const call = async <T>(method: string, url: string, token: string, body: unknown, what: string, ifMatch?: string): Promise<{ body: T; etag: string }> => {
    const response = await fetch(`${api}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(ifMatch && { 'if-match': ifMatch }) },
      body: JSON.stringify(body),
    });
    const etag = response.headers.get('etag') ?? '';
    return { body: await json<T>(response, what), etag };
  };
  const user = await call<{ id: number }>('POST', '/users', ADMIN_TOKEN, { login: 'bench', name: '压测编辑', role: 'editor' }, 'create user');
  const issued = await call<{ token: string }>('POST', `/users/${user.body.id}/tokens`, ADMIN_TOKEN, { label: 'bench:web' }, 'issue token');
  const token = issued.body.token;
  const section = await call<{ id: number }>('POST', '/sections', token, { name: '聊城新闻', slug: 'liaocheng' }, 'create section');
  const filed = await call<{ id: number }>(
    'POST',
    '/articles',
    token,
    {
      kicker: '“1+2+4”创新模式破解难题',
      headline: '聊城市被评为省级商业秘密保护创新试点',
      body: BODY,
      sectionId: section.body.id,
      credits: [
        { role: 'reporter', name: '国晓宁' },
        { role: 'correspondent', name: '楚克伟' },
      ],
    },
    'create article',
  );
  let etag = filed.etag;
  for (const status of ['submitted', 'edited', 'published']) {
    const moved = await call<{ status: string }>('POST', `/articles/${filed.body.id}/status`, token, { status }, `move to ${status}`, etag);
    if (moved.body.status !== status) throw new Error(`the article is ${moved.body.status}, not ${status}`);
    etag = moved.etag;
  }
  return filed.body.id;
}

// ---------------------------------------------------------------------------------------------
// Measuring.

async function main(): Promise<void> {
  buildService();
  const db = databaseOption(args.db);
  const target = await prepareTarget(db, 'web');
  let site: Server | undefined;
  let bare: Server | undefined;
  const htmlFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-bench-web-page-')), 'article.html');
  try {
    site = await startServer(['--expose-gc', 'dist/server.js'], { ...target.env, PORT: '0', LOG_LEVEL: 'info', ADMIN_TOKEN });
    const id = await seed(site.baseUrl);
    const siteUrl = `${site.baseUrl}/articles/${id}`;
    // The first request renders the page and caches it for the article's version.
    const page = await get(siteUrl);
    const html = page.body.toString('utf8');
    if (page.status !== 200 || !html.includes('聊城市被评为省级商业秘密保护创新试点')) throw new Error(`GET ${siteUrl}: ${page.status} ${html.slice(0, 300)}`);

    const headers: Record<string, string> = {};
    for (let i = 0; i < page.rawHeaders.length; i += 2) {
      const name = page.rawHeaders[i]!;
      if (!/^(date|connection|keep-alive|content-length|transfer-encoding)$/i.test(name)) headers[name.toLowerCase()] = page.rawHeaders[i + 1]!;
    }
    fs.writeFileSync(htmlFile, page.body);
    bare = await startServer(['--expose-gc', '--input-type=module', '--eval', BARE_SERVER], { BARE_HTML: htmlFile, BARE_HEADERS: JSON.stringify(headers) });
    const bareUrl = `${bare.baseUrl}/articles/${id}`;
    const baseline = await get(bareUrl);
    if (baseline.status !== 200 || !baseline.body.equals(page.body)) throw new Error(`GET ${bareUrl} does not return the page's bytes`);

    const cpus = os.cpus();
    const loadBefore = os.loadavg()[0]!;
    console.log(`Newsroom web-site benchmark, ${new Date().toISOString()}`);
    console.log(`machine: ${cpus.length} × ${cpus[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, node ${process.version}; load average ${loadBefore.toFixed(2)}`);
    console.log(`database: ${target.describe}; the service logs at info, as by default: one line a request`);
    console.log(
      `page: GET /articles/${id}, ${page.body.length} bytes of HTML (${[...html.matchAll(/\p{Script=Han}/gu)].length} Han characters); ` +
        `headers ${headerBytes(page)} bytes from the site, ${headerBytes(baseline)} from the bare route (${page.rawHeaders.length / 2} and ${baseline.rawHeaders.length / 2} fields)`,
    );
    console.log(`load: autocannon, ${connections} connections, ${warmup} s warm-up then ${duration} s, one server after the other`);

    const bareRun = await measure(bare, bareUrl, site, { connections, duration, warmup });
    const siteRun = await measure(site, siteUrl, bare, { connections, duration, warmup });
    console.log(row('bare Fastify, same bytes', bareRun));
    console.log(row('site GET /articles/{id}', siteRun));
    if (siteRun.logged > 0) {
      console.log(`the service logged ${(siteRun.logged / 2 ** 20).toFixed(1)} MiB meanwhile (${(siteRun.logged / siteRun.served).toFixed(0)} bytes a request)`);
    }

    // Throughput depends on what else the machine runs; CPU time a request much less so.
    console.log(
      `server CPU a request: site ${siteRun.cpuPerRequest.toFixed(0)} µs, bare ${bareRun.cpuPerRequest.toFixed(0)} µs; ` +
        `were both servers CPU-bound, the ratio would be ${(bareRun.cpuPerRequest / siteRun.cpuPerRequest).toFixed(2)}`,
    );
    const busy = os.loadavg()[0]!;
    if (loadBefore > cpus.length / 2 || busy > cpus.length / 2) {
      console.log(`note: the machine was busy (load average ${loadBefore.toFixed(2)} before, ${busy.toFixed(2)} after, on ${cpus.length} CPUs): the req/s figures vary from run to run`);
    }
    const ratio = siteRun.load.requests.average / bareRun.load.requests.average;
    const errors = [bareRun, siteRun].reduce((sum, m) => sum + m.load.errors + m.load.timeouts + m.load.non2xx, 0);
    const pass = ratio >= GOAL_RATIO && errors === 0;
    console.log(`ratio site/bare ${ratio.toFixed(2)} (goal ≥ ${GOAL_RATIO.toFixed(2)}), errors ${errors} (goal 0): ${pass ? 'PASS' : 'FAIL'}`);
    if (!pass) process.exitCode = 1;
  } finally {
    await stopServer(bare);
    await stopServer(site);
    fs.rmSync(path.dirname(htmlFile), { recursive: true, force: true });
    await target.cleanup();
  }
}

await main();
