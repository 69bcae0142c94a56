import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { CurrentVersion, poolFor, tableRowsArb, TableRows, valueArb, type Operation } from './fuzz.js';

// Two families of requests per operation: VALID ones built from its schemas, and MUTATED ones,
// a valid request with one or two things made wrong (a field's type, a missing or an unknown
// field, a huge or ill-formed string, bytes that are not UTF-8, JSON nested ten thousand deep,
// the wrong media type, an odd path segment or query string, a bad header or token).

export type Family = 'valid' | 'mutated';
/** Who sends the request: a user of a role, nobody, or a client with a token no one issued. */
export type Actor = 'admin' | 'editor' | 'reporter' | 'anonymous' | 'stranger';

export type Body =
  | { kind: 'json'; type: string | null; value: unknown }
  | { kind: 'text'; type: string | null; text: string }
  /** `cut`: only that many leading bytes of the file are sent (a broken upload). */
  | { kind: 'table'; type: string | null; format: 'csv' | 'tsv' | 'xlsx'; rows: TableRows; cut?: number }
  | { kind: 'raw'; type: string | null; bytes: Buffer | string };

export interface Template {
  family: Family;
  /** What was made wrong, in order (empty for the valid family). */
  mutations: string[];
  actor: Actor;
  method: string;
  /** Path parameters: values to encode, or `raw` segments sent as they are. */
  path: Record<string, unknown>;
  raw: Record<string, string>;
  /** Appended to the path as it is (`/..`, `//`). */
  suffix: string;
  /** Query pairs in order; a `true` third element: name and value are sent as they are. */
  query: [string, unknown, boolean?][];
  headers: Record<string, unknown>;
  /** Authorization sent as it is (for the stranger). */
  authorization?: string;
  body?: Body;
}

// ---------------------------------------------------------------------------------------------
// The valid family

const FIXTURE_PAGES = new URL('../fixtures/imports/', import.meta.url);
const SAMPLE_PAGE = new URL('../../samples/liaocheng-page.txt', import.meta.url);

/** Pages of print-extracted text the import reads: the sample page and the import fixtures. */
export const PAGES: string[] = [
  readFileSync(SAMPLE_PAGE, 'utf8'),
  ...readdirSync(FIXTURE_PAGES)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => readFileSync(new URL(name, FIXTURE_PAGES), 'utf8')),
];
const PAGE_LINES = PAGES.flatMap((page) => page.split('\n'));

/** A whole page, a run of its lines, or lines of every page mixed. */
const pageTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...PAGES),
  fc.tuple(fc.constantFrom(...PAGES), fc.nat(), fc.nat()).map(([page, a, b]) => {
    const lines = page.split('\n');
    const from = a % lines.length;
    return lines.slice(from, from + 1 + (b % (lines.length - from))).join('\n');
  }),
  fc.array(fc.constantFrom(...PAGE_LINES), { minLength: 1, maxLength: 40 }).map((lines) => lines.join('\n')),
);

const TABLE_FORMATS = {
  'text/csv': 'csv',
  'text/tab-separated-values': 'tsv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
} as const;

function bodyArb(op: Operation): fc.Arbitrary<Body | undefined> | undefined {
  const types = Object.keys(op.bodies);
  if (types.length === 0) return undefined;
  return fc.constantFrom(...types).chain((type): fc.Arbitrary<Body | undefined> => {
    const schema = op.bodies[type];
    if (type in TABLE_FORMATS) {
      return tableRowsArb.map((rows) => ({ kind: 'table', type, format: TABLE_FORMATS[type as keyof typeof TABLE_FORMATS], rows }));
    }
    if (type.startsWith('text/')) return pageTextArb.map((text) => ({ kind: 'text', type, text }));
    if (!schema) return fc.constant(undefined);
    const value = valueArb(schema, (name) => poolFor(op.path, 'body', name));
    if (op.path.endsWith('/table') || op.path === '/api/v1/notices') {
      // Rows typed by the notice's own columns, so a table is often accepted.
      return fc.tuple(value, fc.option(tableRowsArb, { freq: 2 })).map(([v, rows]) => {
        if (!rows || v === null || typeof v !== 'object') return { kind: 'json', type, value: v };
        const { columns: _dropped, ...rest } = v as Record<string, unknown>;
        return { kind: 'json', type, value: { ...rest, rows } };
      });
    }
    return value.map((v) => ({ kind: 'json', type, value: v }));
  });
}

function headerArb(param: { name: string; required?: boolean }): fc.Arbitrary<unknown> {
  if (param.name === 'if-match') {
    return fc.oneof(
      { weight: 8, arbitrary: fc.constant(new CurrentVersion()) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }).map((v) => `"${v}"`) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
  }
  if (param.name === 'if-none-match') return fc.constantFrom(undefined, undefined, undefined, '*');
  return fc.constant(undefined);
}

/** Requests valid by the operation's schemas, sent mostly as an admin so the handler runs. */
export function validArb(op: Operation): fc.Arbitrary<Template> {
  const paramsIn = (where: string) => op.parameters.filter((p) => p.in === where);
  const path = fc.record(Object.fromEntries(paramsIn('path').map((p) => [p.name, valueArb(p.schema, (n) => poolFor(op.path, 'path', n), p.name)])));
  const query = fc
    .tuple(...paramsIn('query').map((p) => fc.option(valueArb(p.schema, (n) => poolFor(op.path, 'query', n), p.name), { freq: 2 }).map((v) => [p.name, v] as const)))
    .map((pairs) => pairs.filter(([, v]) => v !== null).map(([n, v]) => [n, v] as [string, unknown]));
  const headers = fc.record(Object.fromEntries(paramsIn('header').map((p) => [p.name, headerArb(p)])));
  const actor: fc.Arbitrary<Actor> = op.signedIn
    ? fc.constantFrom<Actor>('admin', 'admin', 'admin', 'admin', 'admin', 'admin', 'editor', 'editor', 'editor', 'reporter')
    : fc.constantFrom<Actor>('anonymous', 'anonymous', 'anonymous', 'admin');
  return fc.record({
    family: fc.constant<Family>('valid'),
    mutations: fc.constant([]),
    actor,
    method: fc.constant(op.method),
    path,
    raw: fc.constant({}),
    suffix: fc.constant(''),
    query,
    headers,
    body: bodyArb(op) ?? fc.constant(undefined),
  });
}

// ---------------------------------------------------------------------------------------------
// The mutated family

const WRONG_TYPES: unknown[] = [123, -1, 0, 1.5, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, true, false, null, '', 'x', '1', '2024-04-11', [], [1], ['x', 'y'], {}, { a: 1 }, [[[]]]];

/** Strings no store should take (a NUL, lone surrogates) and some it should take but may not expect. */
const ODD_STRINGS = [
  '\ud800',
  'a\udc00b',
  '\udc00\ud800',
  'x\u0000y',
  '\u0000',
  '\u200b',
  '\u202e\u200f',
  '\u0301\u0301\u0301',
  '𠀀😀',
  'Z\u0351\u0352\u0353\u0354\u0355\u0356',
  '\ufeff',
  '\uffff\ufffe',
  '',
  ' ',
  '\r\n\t',
  '<script>alert(1)</script>',
  "'; drop table articles; --",
  '../../etc/passwd',
];

const HUGE_UNITS = ['a', '字', '😀', '\u200b', 'e\u0301'];
const HUGE_SIZES = [60_000, 70_000, 300_000, 1_000_000, 1_700_000];

const hugeString = fc.tuple(fc.constantFrom(...HUGE_UNITS), fc.constantFrom(...HUGE_SIZES)).map(([unit, bytes]) => unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit))));

const BAD_UTF8 = [[0xff], [0xfe, 0xff], [0xc0, 0xaf], [0xe8, 0xa6], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xf4, 0x90, 0x80, 0x80]].map((b) => Buffer.from(b));

const ODD_MEDIA_TYPES = [
  null,
  'text/plain',
  'text/markdown',
  'application/json',
  'application/json; charset=latin1',
  'application/json;;;',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'text/csv',
  'text/csv; charset=gb2312',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
  '*/*',
  'text/plain; charset=utf-16',
  'garbage',
];

export const ODD_SEGMENTS = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2E%2F%2E%2E',
  '%2F',
  'a%2Fb',
  '%00',
  '%ZZ',
  '%',
  '%E4%B8',
  '%F0%9F%98%80',
  '%E2%80%AE',
  '%C0%AF',
  '%ED%A0%80',
  '%FF',
  'x'.repeat(5_000),
  '9'.repeat(300),
  '-1',
  '0',
  '00001',
  '1.5',
  '1e3',
  '0x10',
  '%201',
  '1%20',
  '+1',
  'null',
  'NaN',
  'Infinity',
  '%5B%5D',
  "1'--",
  '2024-02-30',
  '0000-00-00',
  '2024-4-1',
  '20240411',
  '99999-01-01',
  '1799-12-31',
  'a03',
  'A00',
  'A100',
  '%41%30%33',
  '2024-04-11%00',
  '%252e%252e',
  '__proto__',
  'constructor',
];

const ODD_SUFFIXES = ['/', '//', '/..', '/../..', '/%2e%2e/', '/%2F', '/.', `/${'x'.repeat(3_000)}`, ';x=1', '%00', '/%ZZ', '.json'];

const ODD_QUERIES = [
  '&&',
  '=',
  '==&=',
  '%ZZ=1',
  'a=%ZZ',
  '__proto__=1',
  '__proto__[x]=1',
  'constructor[prototype][x]=1',
  'a[b][c]=1',
  `cursor=${'A'.repeat(100_000)}`,
  'cursor=%ED%A0%80',
  'cursor=%00',
  'limit=%F0%9F%98%80',
  'limit=1e3',
  'limit=-1',
  'limit=0x10',
  'limit=1&limit=2',
  'limit[]=1&limit[]=2',
  'limit=',
  'limit',
  'q=%FF',
  '%FF=1',
  'cursor=%C0%AF',
  `${'a'.repeat(2_000)}=1`,
];

const ODD_HEADER_VALUES = ['1', '"abc"', 'W/"1"', '""', '*', '"1", "2"', '"99999999999999999999"', '"-1"', '"1.5"', ' "1" ', `"${'9'.repeat(5_000)}"`, '"0"'];

const ODD_REQUEST_IDS = ['', '../../x', 'a'.repeat(200), '<script>', 'id with spaces', '%00'];

const BAD_AUTHORIZATION = ['Bearer nope', 'Basic YWRtaW46YWRtaW4=', 'Bearer', `Bearer ${'x'.repeat(300)}`, 'Bearer a b', 'Token abc', 'Bearer\tabc'];

const OTHER_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

type Mutation = (base: Template) => fc.Arbitrary<Template> | undefined;

const mutated = (base: Template, label: string, change: Partial<Template>): Template => ({ ...base, ...change, family: 'mutated', mutations: [...base.mutations, label] });

/** Places in a JSON value, as paths of keys and indices (the root excluded). */
function placesIn(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (out.length > 200) return out;
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([...at, i]), placesIn(v, [...at, i], out)));
  else if (value !== null && typeof value === 'object' && !(value instanceof TableRows)) {
    for (const [k, v] of Object.entries(value)) {
      out.push([...at, k]);
      placesIn(v, [...at, k], out);
    }
  }
  return out;
}

/** `value` with the node at `place` replaced (`undefined`: removed). */
function withAt(value: unknown, place: (string | number)[], replacement: unknown): unknown {
  if (place.length === 0) return replacement;
  const [head, ...rest] = place;
  if (Array.isArray(value)) {
    const copy = [...value];
    if (rest.length === 0 && replacement === undefined) copy.splice(head as number, 1);
    else copy[head as number] = withAt(copy[head as number], rest, replacement);
    return copy;
  }
  const copy = { ...(value as Record<string, unknown>) };
  if (rest.length === 0 && replacement === undefined) delete copy[head as string];
  // Defined, not assigned: a key `__proto__` stays a field rather than becoming the prototype.
  else Object.defineProperty(copy, head!, { value: withAt(copy[head as string], rest, replacement), enumerable: true, writable: true, configurable: true });
  return copy;
}

const jsonOf = (base: Template) => (base.body?.kind === 'json' ? base.body : undefined);

/** Replaces a field anywhere in a JSON body (or the whole body) by what `replacement` gives. */
const atAnyPlace =
  (label: string, replacement: fc.Arbitrary<unknown>): Mutation =>
  (base) => {
    const body = jsonOf(base);
    if (!body) return undefined;
    const places = [[], ...placesIn(body.value)];
    return fc.tuple(fc.nat({ max: places.length - 1 }), replacement).map(([i, r]) => mutated(base, label, { body: { ...body, value: withAt(body.value, places[i]!, r) } }));
  };

/** The body's bytes as they would be sent (tables as a small CSV), for mutations of raw bytes. */
function bytesOf(body: Body | undefined): Buffer {
  if (!body) return Buffer.from('{"name":"x"}');
  if (body.kind === 'json') return Buffer.from(JSON.stringify(body.value, (_k, v: unknown) => (v instanceof TableRows || v instanceof CurrentVersion ? [] : v)) ?? 'null');
  if (body.kind === 'text') return Buffer.from(body.text);
  if (body.kind === 'raw') return Buffer.from(body.bytes);
  return Buffer.from('序号,姓名,金额(元)\n1,宋西顺,141.55\n');
}

function mutationsFor(op: Operation): Mutation[] {
  const pathParams = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  const queryParams = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  const headerParams = op.parameters.filter((p) => p.in === 'header').map((p) => p.name);
  const otherMethods = OTHER_METHODS.filter((m) => m !== op.method);

  return [
    atAnyPlace('wrong type', fc.constantFrom(...WRONG_TYPES)),
    atAnyPlace('odd string', fc.constantFrom(...ODD_STRINGS)),
    atAnyPlace('huge string', hugeString),
    (base) => {
      const body = jsonOf(base);
      const places = body ? placesIn(body.value) : [];
      if (!body || places.length === 0) return undefined;
      return fc.nat({ max: places.length - 1 }).map((i) => mutated(base, 'missing field', { body: { ...body, value: withAt(body.value, places[i]!, undefined) } }));
    },
    (base) => {
      const body = jsonOf(base);
      if (!body) return undefined;
      const places = [[], ...placesIn(body.value)].filter((_, i, all) => i === 0 || all[i]!.length > 0);
      const key = fc.oneof(fc.stringMatching(/^[A-Za-z_]{1,12}$/), fc.constantFrom('__proto__', 'constructor', 'a\u0000', '😀', '', 'a'.repeat(5_000), '372501196601011239'));
      return fc.tuple(fc.nat({ max: places.length - 1 }), key, fc.constantFrom(...WRONG_TYPES)).map(([i, k, v]) => {
        const place = places[i]!;
        let target = body.value as unknown;
        for (const step of place) target = (target as Record<string | number, unknown>)[step];
        const grown = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...target, [k]: v } : { [k]: v };
        return mutated(base, 'unknown field', { body: { ...body, value: withAt(body.value, place, grown) } });
      });
    },
    (base) =>
      base.body?.kind === 'text' || base.body?.kind === 'table'
        ? fc.tuple(hugeString, fc.boolean()).map(([s, lines]) =>
            mutated(base, 'huge text', { body: { kind: 'raw', type: base.body!.type, bytes: lines ? `# 标题\n\n${s.slice(0, 2_000)}\n\n`.repeat(Math.ceil(s.length / 2_000)) : s } }),
          )
        : undefined,
    (base) => (base.body?.kind === 'table' ? fc.nat({ max: 20_000 }).map((cut) => mutated(base, `file cut at ${cut}`, { body: { ...(base.body as Body & { kind: 'table' }), cut } })) : undefined),
    (base) =>
      fc.tuple(fc.nat(), fc.constantFrom(...BAD_UTF8), fc.boolean(), fc.uint8Array({ maxLength: 300 })).map(([at, bad, random, noise]) => {
        const bytes = bytesOf(base.body);
        const spliced = random ? Buffer.from(noise) : Buffer.concat([bytes.subarray(0, at % (bytes.length + 1)), bad, bytes.subarray(at % (bytes.length + 1))]);
        return mutated(base, 'invalid UTF-8', { body: { kind: 'raw', type: base.body?.type ?? 'application/json', bytes: spliced } });
      }),
    (base) =>
      fc.tuple(fc.constantFrom(65, 1_000, 10_000, 100_000), fc.boolean()).map(([depth, arrays]) => {
        const key = jsonOf(base) && typeof jsonOf(base)!.value === 'object' ? (Object.keys(jsonOf(base)!.value ?? {})[0] ?? 'x') : 'x';
        const nested = arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
        return mutated(base, `nested ${depth} deep`, { body: { kind: 'raw', type: base.body?.type === 'application/json' ? base.body.type : 'application/json', bytes: `{"${key}":${nested}}` } });
      }),
    (base) =>
      fc.tuple(fc.nat(), fc.constantFrom('', ' x', '}', ',', '\u0000', 'NaN')).map(([at, tail]) => {
        const text = bytesOf(base.body).toString('utf8');
        return mutated(base, 'malformed JSON', { body: { kind: 'raw', type: 'application/json', bytes: text.slice(0, at % (text.length + 1)) + tail } });
      }),
    (base) =>
      fc.constantFrom(...ODD_MEDIA_TYPES).map((type) =>
        mutated(base, `media type ${String(type)}`, { body: base.body ? { ...base.body, type } as Body : { kind: 'raw', type, bytes: bytesOf(undefined) } }),
      ),
    (base) =>
      pathParams.length
        ? fc.tuple(fc.constantFrom(...pathParams), fc.constantFrom(...ODD_SEGMENTS)).map(([name, segment]) => mutated(base, `path ${name}=${segment.slice(0, 20)}`, { raw: { ...base.raw, [name]: segment } }))
        : undefined,
    (base) => fc.constantFrom(...ODD_SUFFIXES).map((suffix) => mutated(base, `path suffix ${suffix.slice(0, 20)}`, { suffix })),
    (base) =>
      fc
        .tuple(
          fc.constantFrom(...ODD_QUERIES),
          queryParams.length ? fc.constantFrom(...queryParams) : fc.constant('limit'),
          fc.constantFrom('repeat', 'array', 'empty', 'bare', 'unknown', 'raw'),
        )
        .map(([raw, name, how]) => {
          const given = base.query.find(([n]) => n === name);
          const extra: [string, unknown, boolean?][] = {
            repeat: [[name, given?.[1] ?? 1] as [string, unknown], [name, given?.[1] ?? 2] as [string, unknown]],
            array: [[`${name}[]`, given?.[1] ?? 1] as [string, unknown]],
            empty: [[name, ''] as [string, unknown]],
            bare: [[name, '', true] as [string, unknown, boolean]],
            unknown: [['utm_source', 'x'] as [string, unknown]],
            raw: [[raw, '', true] as [string, unknown, boolean]],
          }[how];
          return mutated(base, `query ${how} ${how === 'raw' ? raw.slice(0, 20) : name}`, { query: [...base.query, ...extra] });
        }),
    (base) =>
      fc
        .tuple(fc.constantFrom('if-match', 'if-none-match', ...headerParams), fc.constantFrom(...ODD_HEADER_VALUES))
        .map(([name, value]) => mutated(base, `header ${name}: ${value.slice(0, 20)}`, { headers: { ...base.headers, [name]: value } })),
    (base) => fc.constantFrom(...ODD_REQUEST_IDS).map((id) => mutated(base, `x-request-id ${id.slice(0, 20)}`, { headers: { ...base.headers, 'x-request-id': id } })),
    (base) => fc.constantFrom(...otherMethods).map((method) => mutated(base, `method ${method}`, { method })),
    (base) => fc.constantFrom<Actor>('anonymous', 'reporter', 'reporter').map((actor) => mutated(base, `as ${actor}`, { actor })),
  ];
}

/** A few requests with a token no one issued, from a client address of their own, so the failed-sign-in limit turns none of the others away. */
export function strangerArb(op: Operation): fc.Arbitrary<Template> {
  return fc
    .tuple(validArb(op), fc.constantFrom(...BAD_AUTHORIZATION))
    .map(([base, authorization]) => ({ ...mutated(base, `authorization ${authorization.slice(0, 20)}`, { actor: 'stranger' }), authorization }));
}

/** Valid requests with one or two things made wrong. */
export function mutatedArb(op: Operation): fc.Arbitrary<Template> {
  const mutations = mutationsFor(op);
  const once = (base: Template): fc.Arbitrary<Template> => {
    const applicable = mutations.map((m) => m(base)).filter((a): a is fc.Arbitrary<Template> => a !== undefined);
    return fc.oneof(...applicable);
  };
  return validArb(op)
    .chain(once)
    .chain((first) => fc.oneof({ weight: 3, arbitrary: fc.constant(first) }, { weight: 1, arbitrary: once(first) }));
}
