// The soak test's newsroom: reporters, editors, a layout editor, readers and a print desk, each
// an endless loop of requests spread over every instance, and what the driver knows of every
// item it filed: each acknowledged write (version, state, content), where the item is in its
// life, and when it is due to go public.
import type { Answer, Instance, Traffic } from './traffic.js';

export type Kind = 'article' | 'notice';

/**
 * Where an item is: on the desk (drafted, edited, moved), scheduled on its own, waiting for an
 * edition, placed on an edition's page, or released with its edition. Only items on the desk
 * are written to; the others wait for the publisher.
 */
export type Pool = 'desk' | 'scheduled' | 'edition' | 'placed' | 'released';

/** One write the service acknowledged (a 2xx), with what it said it stored. */
export interface Ack {
  version: number;
  status: string;
  content: string;
  what: string;
}

export interface Item {
  kind: Kind;
  id: number;
  filedBy: Person;
  /** The highest version the driver has seen: what the next If-Match sends. */
  version: number;
  status: string;
  pool: Pool;
  acks: Ack[];
  edits: number;
  /** When it is due to go public (its own schedule, or its edition's release), from when that is sent. */
  publishAt?: number;
  /** Releases that acknowledged scheduling it (each is one more version). */
  releases: number;
  /** A public read found it published. */
  seenPublic: boolean;
}

export interface Person {
  login: string;
  name: string;
  role: 'reporter' | 'editor';
  token: string;
}

export interface Edition {
  date: string;
  labels: string[];
  /** When its release makes it due: set when the release is sent, cleared if it is refused. */
  releaseAt?: number;
  seenPublic: boolean;
}

/** What a public read of an item found before its time: the embargo broken. */
export interface EarlyRead {
  what: string;
  publishAt: string;
  readAt: string;
}

/** The fields an article or notice answer carries that the driver writes, as one comparable string. */
export function contentOf(kind: Kind, item: Record<string, unknown>): string {
  if (kind === 'article') return JSON.stringify([item.headline, item.summary, item.body]);
  const table = item.table as { rowCount: number; totals: { value: number }[] } | null;
  return JSON.stringify([item.title, item.preamble, table?.rowCount ?? null, table?.totals[0]?.value ?? null]);
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const plural = (kind: Kind) => `${kind}s`;

/** Public reads of an item answer 404 until this long before its time, and 200 from this long after. */
const EMBARGO_SLACK_MS = 300;
const PUBLICATION_GRACE_MS = 30_000;

const PARAGRAPHS = [
  '聊城市紧紧围绕商业秘密保护工作安排，大力维护公平竞争市场环境，护航企业创新发展和高质量发展。',
  '## 多方联动，齐心共筑“防火墙”',
  '聊城市反不正当竞争联席会议成员单位积极参与“企业商业秘密保护能力提升服务月”活动，组织培训班，70余家企业代表参加培训。',
  '4月6日下午，在东昌湖景区游玩的市民发现两名儿童落水，一名男子闻声跑去，跳入水中将两人先后救上岸后悄然离去。',
  '## 走访调研',
  '走访调研企业129家，发放调查问卷383份，收集意见建议91条，协调解决企业诉求和困难44个。',
];

const NAMES = ['宋西顺', '孙希胜', '赵记伟', '赵贵仙', '刘明', '王强', '张丽', '李华'];
const TOWNS = [
  ['东昌府', '张炉集', '邓院村'],
  ['阳谷', '安乐镇', '孙孟刘村'],
  ['阳谷', '寿张镇', '赵升西白村'],
];

/** Rows of a payout-claim table in the kind's column order; `n` rows, amounts that differ by `seed`. */
function payoutRows(n: number, seed: number): (string | number)[][] {
  return Array.from({ length: n }, (_, i) => {
    const [county, town, village] = TOWNS[i % TOWNS.length]!;
    return [i + 1, NAMES[(i + seed) % NAMES.length]!, `37252219${String(40 + (i % 50)).padStart(2, '0')}****${String(1000 + ((i * 37 + seed) % 9000))}`, county!, town!, village!, 2020 + (i % 4), `${10 + ((seed * 7 + i * 13) % 900)}.${String((seed + i) % 100).padStart(2, '0')}`];
  });
}

const TSV_HEADER = '序号\t姓名\t身份证号\t区县\t乡镇\t村庄\t赔款年度\t金额(元)';

export class Newsroom {
  readonly items: Item[] = [];
  readonly editions: Edition[] = [];
  readonly earlyReads: EarlyRead[] = [];
  /** Writes with a stale If-Match that the service acknowledged instead of refusing. */
  readonly staleAccepted: string[] = [];
  /** Items a public read found published once and missing later. */
  readonly flapped: string[] = [];
  /** Writes acknowledged with a 200 whose answer does not hold what the request sent. */
  readonly unapplied: string[] = [];
  private written = 0;
  private nextInstance = 0;
  private editionCount = 0;

  constructor(
    readonly traffic: Traffic,
    readonly instances: Instance[],
    readonly reporters: Person[],
    readonly editors: Person[],
    readonly sections: { id: number; slug: string }[],
  ) {}

  /** The instance the next request goes to: each in turn. */
  private instance(): Instance {
    return this.instances[this.nextInstance++ % this.instances.length]!;
  }

  private stamp(): string {
    return `${++this.written}`;
  }

  /**
   * Records a write's answer: an acknowledgement, and the highest version seen. A write sent
   * with If-Match `ifMatch` makes exactly one new version: an answer at any other version means
   * the write was applied to a version other than the one it was checked against.
   */
  private acknowledge(item: Item, answer: Answer, what: string, ifMatch?: number): Record<string, unknown> {
    const body = answer.json<Record<string, unknown>>();
    const version = body.version as number;
    const status = body.status as string;
    if (ifMatch !== undefined && version !== ifMatch + 1) {
      this.staleAccepted.push(`${item.kind} ${item.id}: "${what}" with If-Match "${ifMatch}" answered 200 at version ${version}, not ${ifMatch + 1}`);
    }
    item.acks.push({ version, status, content: contentOf(item.kind, body), what });
    if (version > item.version) {
      item.version = version;
      item.status = status;
    }
    return body;
  }

  /** After a 412: reads the item again, as a client reloads it before trying again. */
  private async reload(item: Item, person: Person): Promise<void> {
    const answer = await this.traffic.send('api.read', this.instance(), 'GET', `/api/v1/${plural(item.kind)}/${item.id}`, { token: person.token, expect: [200] });
    if (answer?.status !== 200) return;
    const body = answer.json<{ version: number; status: string }>();
    if (body.version > item.version) {
      item.version = body.version;
      item.status = body.status;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Writes.

  private async fileArticle(person: Person): Promise<void> {
    const n = this.stamp();
    const body = {
      kicker: `第${n}稿`,
      headline: `聊城新闻 ${n}：企业商业秘密保护工作推进`,
      summary: `摘要 ${n}`,
      body: [PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[2]].join('\n\n'),
      sectionId: pick(this.sections).id,
      credits: [{ role: 'reporter', name: person.name }],
    };
    const answer = await this.traffic.send('article.create', this.instance(), 'POST', '/api/v1/articles', { token: person.token, body, expect: [201] });
    if (answer?.status !== 201) return;
    const created = answer.json<{ id: number }>();
    const item: Item = { kind: 'article', id: created.id, filedBy: person, version: 0, status: 'draft', pool: 'desk', acks: [], edits: 0, releases: 0, seenPublic: false };
    this.acknowledge(item, answer, 'create');
    this.items.push(item);
  }

  private async fileNotice(person: Person): Promise<void> {
    const n = this.stamp();
    const body = {
      kind: 'payout_claim',
      title: `赔款认领公示（${n}）`,
      salutation: '尊敬的客户：',
      preamble: `以下客户在我公司的赔款因账户信息有误等原因未能支付成功，请于5日内携带本人身份证、银行卡到我公司认领。（${n}）`,
      issuer: '中国人民财产保险股份有限公司聊城市分公司理赔中心',
      issuedOn: '2024-04-10',
      contact: { name: '温经理', phone: '0635-8242056' },
      claimDays: 5,
      rows: payoutRows(6 + (Number(n) % 20), Number(n)),
    };
    const answer = await this.traffic.send('notice.create', this.instance(), 'POST', '/api/v1/notices', { token: person.token, body, expect: [201] });
    if (answer?.status !== 201) return;
    const item: Item = { kind: 'notice', id: answer.json<{ id: number }>().id, filedBy: person, version: 0, status: 'draft', pool: 'desk', acks: [], edits: 0, releases: 0, seenPublic: false };
    this.acknowledge(item, answer, 'create');
    this.items.push(item);
  }

  /** An edit with the version last seen; `stale` sends an older one, which must be refused with 412. */
  private async edit(item: Item, person: Person, stale = false): Promise<void> {
    const n = this.stamp();
    let body: Record<string, unknown>;
    if (item.kind === 'article') {
      body = Math.random() < 0.5 ? { headline: `聊城新闻 ${n}：改标题` } : { body: [pick(PARAGRAPHS), `第${n}次修改。`, pick(PARAGRAPHS)].join('\n\n'), summary: `摘要 ${n}` };
    } else {
      body = Math.random() < 0.3 ? { rows: payoutRows(3 + (Number(n) % 30), Number(n)) } : { preamble: `请于5日内到我公司认领。（第${n}次修改）` };
    }
    const version = stale ? item.version - 1 : item.version;
    const cls = `${item.kind}.edit${stale ? '-stale' : ''}`;
    const answer = await this.traffic.send(cls, this.instance(), 'PATCH', `/api/v1/${plural(item.kind)}/${item.id}`, {
      token: person.token,
      body,
      ifMatch: version,
      expect: stale ? [412] : [200, 412],
    });
    if (answer?.status === 200) {
      if (stale) this.staleAccepted.push(`PATCH ${item.kind} ${item.id} with If-Match "${version}" (then at ${item.version}) answered 200`);
      const answered = this.acknowledge(item, answer, `edit ${Object.keys(body).join(',')}`, version);
      for (const [field, sent] of Object.entries(body)) {
        const got = field === 'rows' ? (answered.table as { rowCount: number } | null)?.rowCount : answered[field];
        const want = field === 'rows' ? (sent as unknown[]).length : sent;
        if (got !== want) this.unapplied.push(`PATCH ${item.kind} ${item.id} answered 200 at v${String(answered.version)} with ${field} ${JSON.stringify(got)?.slice(0, 80)}, sent ${JSON.stringify(want).slice(0, 80)}`);
      }
      item.edits++;
    } else if (answer?.status === 412 && !stale) await this.reload(item, person);
  }

  /** A notice's whole table replaced by a TSV upload. */
  private async replaceTable(item: Item, person: Person): Promise<void> {
    const n = Number(this.stamp());
    const tsv = [TSV_HEADER, ...payoutRows(4 + (n % 25), n).map((r) => r.join('\t'))].join('\n');
    const sent = item.version;
    const answer = await this.traffic.send('notice.table', this.instance(), 'PUT', `/api/v1/notices/${item.id}/table`, {
      token: person.token,
      body: tsv,
      type: 'text/tab-separated-values',
      ifMatch: sent,
      expect: [200, 412],
    });
    if (answer?.status === 200) {
      this.acknowledge(item, answer, 'table', sent);
      item.edits++;
    } else if (answer?.status === 412) await this.reload(item, person);
  }

  private async move(item: Item, person: Person, status: string, publishAt?: number): Promise<boolean> {
    const body = { status, ...(publishAt !== undefined && { publishAt: new Date(publishAt).toISOString() }) };
    const sent = item.version;
    const answer = await this.traffic.send(`${item.kind}.status`, this.instance(), 'POST', `/api/v1/${plural(item.kind)}/${item.id}/status`, {
      token: person.token,
      body,
      ifMatch: sent,
      expect: [200, 412],
    });
    if (answer?.status === 200) {
      this.acknowledge(item, answer, `status ${status}`, sent);
      return true;
    }
    if (answer?.status === 412) await this.reload(item, person);
    return false;
  }

  // -------------------------------------------------------------------------------------------
  // The people.

  /** A reporter files drafts, edits them (now and then with a stale If-Match) and submits them. */
  async reporter(person: Person): Promise<void> {
    const mine = this.items.filter((i) => i.filedBy === person && i.pool === 'desk' && i.status === 'draft');
    if (mine.length < 2) return this.fileArticle(person);
    const item = pick(mine);
    const r = Math.random();
    if (r < 0.1 && item.version > 1) return this.edit(item, person, true);
    if (r < 0.8) return this.edit(item, person);
    await this.move(item, person, 'submitted');
  }

  /**
   * An editor files notices, edits anything on the desk (racing the reporters and the other
   * editor), moves items along, and hands edited items on: scheduled a few seconds ahead, or
   * to the layout editor for an edition.
   */
  async editor(person: Person): Promise<void> {
    const desk = this.items.filter((i) => i.pool === 'desk');
    if (Math.random() < 0.12 && desk.filter((i) => i.kind === 'notice').length < 6) return this.fileNotice(person);
    if (desk.length === 0) return sleep(50);
    const item = pick(desk);
    const r = Math.random();
    if (r < 0.08 && item.version > 1) return this.edit(item, person, true);
    if (item.status === 'draft') {
      if (item.kind === 'notice' && r < 0.4) return void (await this.move(item, person, 'submitted'));
      return this.edit(item, person);
    }
    if (item.status === 'submitted') return r < 0.6 ? void (await this.move(item, person, 'edited')) : this.edit(item, person);
    if (item.status !== 'edited') return;
    if (item.edits >= 3 && r < 0.5) {
      if (Math.random() < 0.45) {
        // Its time is known before the answer comes: a reader may find it public first.
        item.pool = 'scheduled';
        item.publishAt = Date.now() + 2000 + Math.random() * 4000;
        if (!(await this.move(item, person, 'scheduled', item.publishAt))) {
          item.pool = 'desk';
          item.publishAt = undefined;
        }
      } else item.pool = 'edition';
      return;
    }
    if (item.kind === 'notice' && r < 0.8) return this.replaceTable(item, person);
    await this.edit(item, person);
  }

  /**
   * The layout editor makes an edition of what waits for one: two pages, one replaced once,
   * a print proof, the plan, and the release (now, or a few seconds ahead).
   */
  async layout(person: Person): Promise<void> {
    const waiting = this.items.filter((i) => i.pool === 'edition');
    if (waiting.length < 3) return this.printProof(person);
    const items = waiting.slice(0, 5);
    for (const item of items) item.pool = 'placed';
    const k = ++this.editionCount;
    const date = new Date(Date.UTC(2024, 4, 1) + k * 86_400_000).toISOString().slice(0, 10);
    const created = await this.traffic.send('edition.write', this.instance(), 'POST', '/api/v1/editions', { token: person.token, body: { date, issueNumber: 20_000 + k }, expect: [201] });
    if (created?.status !== 201) return;
    const edition: Edition = { date, labels: [], seenPublic: false };
    this.editions.push(edition);
    const half = Math.ceil(items.length / 2);
    const placements = (list: Item[]) => list.map((i) => ({ kind: i.kind, id: i.id, columns: i.kind === 'notice' ? 3 : 4 }));
    for (const [label, list] of [['A01', items.slice(0, half)], ['A02', items.slice(half)]] as const) {
      const page = await this.traffic.send('edition.write', this.instance(), 'PUT', `/api/v1/editions/${date}/pages/${label}`, {
        token: person.token,
        headers: { 'if-none-match': '*' },
        body: { name: label === 'A01' ? '要闻' : '聊城新闻', sectionId: pick(this.sections).id, grid: 'broadsheet-8', items: placements(list) },
        expect: [201],
      });
      if (page?.status !== 201) return;
      edition.labels.push(label);
      if (label === 'A01') {
        // The page replaced once: its items in the other order.
        await this.traffic.send('edition.write', this.instance(), 'PUT', `/api/v1/editions/${date}/pages/A01`, {
          token: person.token,
          ifMatch: page.json<{ version: number }>().version,
          body: { name: '要闻', grid: 'broadsheet-8', items: placements([...list].reverse()) },
          expect: [200],
        });
      }
    }
    await this.traffic.send('pdf.print', this.instance(), 'GET', `/print/editions/${date}/pages/A01.pdf`, { token: person.token, expect: [200] });
    await this.traffic.send('api.read', this.instance(), 'GET', `/api/v1/editions/${date}/plan`, { token: person.token, expect: [200] });
    const current = await this.traffic.send('api.read', this.instance(), 'GET', `/api/v1/editions/${date}`, { token: person.token, expect: [200] });
    if (current?.status !== 200) return;
    const at = Math.random() < 0.5 ? undefined : Date.now() + 1500 + Math.random() * 3000;
    // A release without a time takes the server's time, which is no earlier than this.
    const due = at ?? Date.now();
    edition.releaseAt = due;
    for (const item of items) item.publishAt = due;
    const released = await this.traffic.send('edition.release', this.instance(), 'POST', `/api/v1/editions/${date}/release`, {
      token: person.token,
      ifMatch: current.json<{ version: number }>().version,
      body: at === undefined ? {} : { at: new Date(at).toISOString() },
      expect: [200],
    });
    if (released?.status !== 200) {
      edition.releaseAt = undefined;
      for (const item of items) item.publishAt = undefined;
      return;
    }
    const result = released.json<{ releaseAt: string; scheduled: { kind: Kind; id: number }[] }>();
    edition.releaseAt = Date.parse(result.releaseAt);
    for (const ref of result.scheduled) {
      const item = items.find((i) => i.kind === ref.kind && i.id === ref.id)!;
      item.releases++;
      item.pool = 'released';
      item.publishAt = edition.releaseAt;
    }
  }

  /** A galley proof of an article on the desk (a new version each time, so a real render), or an edition page's proof. */
  async printProof(person: Person): Promise<void> {
    const articles = this.items.filter((i) => i.kind === 'article' && i.pool === 'desk');
    if (articles.length && Math.random() < 0.7) {
      const item = pick(articles);
      await this.traffic.send('pdf.print', this.instance(), 'GET', `/print/articles/${item.id}.pdf`, { token: person.token, expect: [200] });
    } else if (this.editions.some((e) => e.labels.length)) {
      const edition = pick(this.editions.filter((e) => e.labels.length));
      await this.traffic.send('pdf.print', this.instance(), 'GET', `/print/editions/${edition.date}/pages/${pick(edition.labels)}.pdf`, { token: person.token, expect: [200] });
    } else await sleep(100);
  }

  /** The newsroom's own reads: lists, items, revisions. */
  async deskReader(person: Person): Promise<void> {
    const r = Math.random();
    const item = this.items.length ? pick(this.items) : undefined;
    if (!item || r < 0.3) {
      await this.traffic.send('api.read', this.instance(), 'GET', `/api/v1/${Math.random() < 0.7 ? 'articles' : 'notices'}?limit=20`, { token: person.token, expect: [200] });
    } else if (r < 0.85) {
      await this.traffic.send('api.read', this.instance(), 'GET', `/api/v1/${plural(item.kind)}/${item.id}`, { token: person.token, expect: [200] });
    } else {
      await this.traffic.send('api.read', this.instance(), 'GET', `/api/v1/${plural(item.kind)}/${item.id}/revisions`, { token: person.token, expect: [200] });
    }
  }

  // -------------------------------------------------------------------------------------------
  // Public reads.

  /** Statuses a public read of an item may answer now, by what the driver knows of its schedule. */
  private publicExpectation(item: Item): { expect: number[]; early: boolean } {
    const now = Date.now();
    if (item.seenPublic) return { expect: [200], early: false };
    if (item.publishAt === undefined) return { expect: [404], early: true };
    if (now < item.publishAt - EMBARGO_SLACK_MS) return { expect: [404], early: true };
    if (now > item.publishAt + PUBLICATION_GRACE_MS) return { expect: [200], early: false };
    return { expect: [200, 404], early: false };
  }

  private async readItem(cls: string, item: Item, path: string): Promise<void> {
    const { expect, early } = this.publicExpectation(item);
    const sentAt = Date.now();
    const answer = await this.traffic.send(cls, this.instance(), 'GET', path, { expect });
    if (answer?.status === 200) {
      if (early && (item.publishAt === undefined || sentAt < item.publishAt - EMBARGO_SLACK_MS)) {
        this.earlyReads.push({ what: `GET ${path}`, publishAt: item.publishAt ? new Date(item.publishAt).toISOString() : 'none', readAt: new Date(sentAt).toISOString() });
      }
      item.seenPublic = true;
    } else if (answer?.status === 404 && item.seenPublic) this.flapped.push(`GET ${path} answered 404 after it had been public`);
  }

  private async readEdition(cls: string, edition: Edition, path: string): Promise<void> {
    const due = edition.releaseAt;
    const now = Date.now();
    const expect = edition.seenPublic ? [200] : due === undefined || now < due - EMBARGO_SLACK_MS ? [404] : now > due + PUBLICATION_GRACE_MS ? [200] : [200, 404];
    const answer = await this.traffic.send(cls, this.instance(), 'GET', path, { expect });
    if (answer?.status === 200) edition.seenPublic = true;
  }

  /** A reader of the content API and the web site. */
  async reader(): Promise<void> {
    const r = Math.random();
    // Readers mostly ask for what is public or about to be, and now and then for what is not.
    const due = this.items.filter((i) => i.publishAt !== undefined);
    const item = due.length && Math.random() < 0.75 ? pick(due) : this.items.length ? pick(this.items) : undefined;
    const edition = this.editions.length ? pick(this.editions) : undefined;
    if (r < 0.12) {
      const path = pick(['/content/v1/articles?limit=20', '/content/v1/notices', '/content/v1/editions', '/content/v1/sections', `/content/v1/articles?section=${pick(this.sections).slug}`]);
      await this.traffic.send('content.list', this.instance(), 'GET', path, { expect: [200] });
    } else if (r < 0.45 && item) {
      const format = item.kind === 'article' && Math.random() < 0.3 ? '?format=ninjs' : '';
      await this.readItem('content.item', item, `/content/v1/${plural(item.kind)}/${item.id}${format}`);
    } else if (r < 0.55 && edition) {
      await this.readEdition('content.item', edition, `/content/v1/editions/${edition.date}`);
    } else if (r < 0.7) {
      const path = pick(['/', '/editions', '/feed.xml', '/sitemap.xml', '/news-sitemap.xml', `/sections/${pick(this.sections).slug}`]);
      await this.traffic.send('web.list', this.instance(), 'GET', path, { expect: [200] });
    } else if (r < 0.9 && item) {
      await this.readItem('web.item', item, `/${plural(item.kind)}/${item.id}`);
    } else if (edition) {
      const label = edition.labels.length ? pick(edition.labels) : 'A01';
      await this.readEdition('web.item', edition, Math.random() < 0.5 ? `/editions/${edition.date}` : `/editions/${edition.date}/${label}`);
    }
  }

  /** A reader of the public print PDFs of released pages. */
  async pdfReader(): Promise<void> {
    const released = this.editions.filter((e) => e.releaseAt !== undefined && e.labels.length);
    if (!released.length) return sleep(200);
    const edition = pick(released);
    await this.readEdition('pdf.public', edition, `/editions/${edition.date}/${pick(edition.labels)}.pdf`);
  }
}
