import { readFileSync } from 'node:fs';
import fc from 'fast-check';

// Requests generated from the OpenAPI document: each operation's parameters and request bodies
// read as JSON Schema and turned into fast-check arbitraries. Values that should name an item
// that exists (an article's id, an edition's date) are generated as references into pools of
// what the database holds, resolved when the request is sent.

// ---------------------------------------------------------------------------------------------
// The document

export interface JsonSchema {
  type?: string;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  minProperties?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
}

export interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

export interface Operation {
  /** `GET /api/v1/articles/{id}` */
  name: string;
  method: string;
  path: string;
  tags: string[];
  parameters: Parameter[];
  /** Request bodies by media type (`undefined`: the document gives no schema, e.g. a file). */
  bodies: Record<string, JsonSchema | undefined>;
  signedIn: boolean;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export const SPEC_URL = new URL('../../openapi/openapi.json', import.meta.url);

/** Every operation of the OpenAPI document, in the document's order. */
export function operationsOf(spec: { paths: Record<string, Record<string, unknown>> }): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const op = raw as { tags?: string[]; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema?: JsonSchema }> }; security?: unknown[] };
      const bodies = Object.fromEntries(
        Object.entries(op.requestBody?.content ?? {}).map(([type, media]) => [type, media.schema && (media.schema.type || media.schema.anyOf) ? media.schema : undefined]),
      );
      operations.push({
        name: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        tags: op.tags ?? [],
        parameters: op.parameters ?? [],
        bodies,
        signedIn: (op.security ?? []).length > 0,
      });
    }
  }
  return operations;
}

/**
 * The document, each reference to a named schema (`#/components/schemas/Article`) replaced by
 * the schema it names, so bodies and parameters read as plain JSON Schema.
 */
export function readSpec(): { paths: Record<string, Record<string, unknown>> } {
  const spec = JSON.parse(readFileSync(SPEC_URL, 'utf8')) as { paths: Record<string, Record<string, unknown>>; components?: { schemas?: Record<string, unknown> } };
  const named = spec.components?.schemas ?? {};
  const prefix = '#/components/schemas/';
  const inline = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(inline);
    if (typeof node !== 'object' || node === null) return node;
    const { $ref } = node as { $ref?: unknown };
    if (typeof $ref === 'string' && $ref.startsWith(prefix)) return inline(named[decodeURIComponent($ref.slice(prefix.length))]);
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inline(value)]));
  };
  return { paths: inline(spec.paths) as typeof spec.paths };
}

// ---------------------------------------------------------------------------------------------
// References resolved when a request is sent

export type PoolName =
  | 'section'
  | 'sectionSlug'
  | 'person'
  | 'article'
  | 'notice'
  | 'item'
  | 'user'
  | 'editorUser'
  | 'victimUser'
  | 'victimToken'
  | 'editionDate'
  | 'pageLabel'
  /** `date/label` of each page: a date and a label drawn together name one page that exists. */
  | 'page'
  | 'noticeKind'
  | 'version'
  | 'cursor'
  | 'anyId';

export type Pools = Record<PoolName, (string | number)[]>;

/** A value of `pool`: its `index`-th entry (modulo its size) when the request is sent. */
export class Ref {
  constructor(
    readonly pool: PoolName,
    readonly index: number,
  ) {}
  toString(): string {
    return `<${this.pool}#${this.index}>`;
  }
}

/** The current version of the item the request is about, as `If-Match` wants it. */
export class CurrentVersion {
  toString(): string {
    return '<current version>';
  }
}

/** A notice table's rows, typed cells picked by the notice's own columns when the request is sent. */
export class TableRows {
  constructor(
    readonly picks: number[][],
    /** How the header is set: the columns' labels as they are, shuffled, one missing, or one too many. */
    readonly header: 'exact' | 'shuffled' | 'short' | 'extra',
  ) {}
  toString(): string {
    return `<table ${this.header}: ${this.picks.length} rows>`;
  }
}

/** Pools that must never fall back to a generated value: ids of the users and tokens the fuzzer acts as are kept out. */
const POOL_ONLY: PoolName[] = ['victimUser', 'victimToken'];

/** Which pool a parameter or body field draws its values from, by where it is and what it is called. */
export function poolFor(path: string, where: 'path' | 'query' | 'body', name: string): PoolName | undefined {
  if (where === 'path') {
    if (name === 'id') {
      if (path.includes('/users/')) return 'victimUser';
      if (path.includes('/tokens/')) return 'victimToken';
      if (path.includes('/sections/')) return 'section';
      if (path.includes('/people/')) return 'person';
      if (path.includes('/articles/')) return 'article';
      if (path.includes('/notices/')) return 'notice';
      return 'anyId';
    }
    return ({ date: 'editionDate', label: 'pageLabel', key: 'noticeKind', version: 'version', slug: 'sectionSlug' } as Record<string, PoolName>)[name];
  }
  const byName: Record<string, PoolName> = {
    sectionId: 'section',
    parentId: 'section',
    section: 'section',
    personId: 'person',
    person: 'person',
    userId: 'user',
    actorId: 'user',
    editorId: 'editorUser',
    kind: 'noticeKind',
    cursor: 'cursor',
    from: 'editionDate',
    to: 'editionDate',
    edition: 'editionDate',
    page: 'pageLabel',
    entityId: 'anyId',
    id: 'item',
  };
  // `?rows=` of a web page is a cursor into a notice's rows; `rows` of a body is the rows themselves.
  if (where === 'query' && name === 'rows') return 'cursor';
  return byName[name];
}

/** `value` with every Ref, CurrentVersion and TableRows replaced, by `resolve`. */
export function resolveDeep(value: unknown, resolve: (marker: Ref | CurrentVersion | TableRows) => unknown): unknown {
  if (value instanceof Ref || value instanceof CurrentVersion || value instanceof TableRows) return resolve(value);
  if (Array.isArray(value)) return value.map((v) => resolveDeep(v, resolve));
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDeep(v, resolve)]));
  }
  return value;
}

export function pick(pools: Pools, ref: Ref): string | number | undefined {
  const pool = pools[ref.pool];
  return pool.length ? pool[ref.index % pool.length] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Values valid by a schema

/** Characters a newsroom's copy really holds, and some no one would think to test. */
const ODD_VALID_TEXT = [
  '\u200b', // zero-width space
  '\u200d', // zero-width joiner
  '\u2060', // word joiner
  '\ufeff', // byte order mark
  '\u202e', // right-to-left override
  '\u200f', // right-to-left mark
  '\u0301', // a combining acute accent, on whatever precedes it
  'e\u0301',
  '👨‍👩‍👧‍👦',
  '😀',
  '𠀀', // an astral CJK ideograph
  '\u3000', // ideographic space
  '\u2028',
  '\uffff',
  '<script>',
  '"\'\\',
  '\t',
  '\n',
  '\r\n',
  '%s%n',
  '${x}',
  '#read("/etc/passwd")',
];

const textUnit = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCodePoint(c)) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom(...ODD_VALID_TEXT) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
);

/** `text` cut to at most `max` code points (as the validator counts them) and padded to `min`. */
function fit(text: string, min: number, max: number, needsNonSpace: boolean): string {
  let points = Array.from(text).slice(0, max);
  if (needsNonSpace && !points.some((p) => /\S/u.test(p))) points = ['字', ...points].slice(0, Math.max(max, 1));
  while (points.length < min) points.push('字');
  return points.join('');
}

function stringArb(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 300;
  if (schema.format === 'date') {
    return fc.date({ min: new Date('1800-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  }
  if (schema.format === 'date-time') {
    return fc
      .tuple(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), fc.boolean())
      .map(([d, local]) => (local ? new Date(d.getTime() + 8 * 3_600_000).toISOString().replace('Z', '+08:00') : d.toISOString()));
  }
  if (schema.pattern && schema.pattern !== '\\S') {
    return fc.stringMatching(new RegExp(schema.pattern, 'u')).filter((s) => Array.from(s).length >= min && Array.from(s).length <= max);
  }
  const longest = Math.min(max, 120);
  return fc
    .oneof(
      { weight: 6, arbitrary: fc.array(textUnit, { maxLength: longest }).map((units) => units.join('')) },
      { weight: 1, arbitrary: fc.constantFrom('', ' ', '　', 'a'.repeat(max), '字'.repeat(max), '😀'.repeat(max)) },
    )
    .map((s) => fit(s, min, max, schema.pattern === '\\S'));
}

/** Arbitrary values valid by `schema`, drawing from pools where `poolOf` names one for a field. */
export function valueArb(schema: JsonSchema, poolOf: (name: string) => PoolName | undefined, name = ''): fc.Arbitrary<unknown> {
  const pool = name ? poolOf(name) : undefined;
  const generated = plainValueArb(schema, poolOf);
  if (!pool || schema.enum) return generated;
  const ref = fc.nat({ max: 1_000 }).map((i) => new Ref(pool, i));
  if (POOL_ONLY.includes(pool)) return fc.oneof({ weight: 5, arbitrary: ref }, { weight: 1, arbitrary: fc.integer({ min: 1_000_000, max: 2_147_483_647 }) });
  return fc.oneof({ weight: 3, arbitrary: ref }, { weight: 1, arbitrary: generated });
}

function plainValueArb(schema: JsonSchema, poolOf: (name: string) => PoolName | undefined): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((branch) => valueArb(branch, poolOf)));
  switch (schema.type) {
    case 'string':
      return stringArb(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.oneof(
        fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true }),
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
      );
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = schema.items ?? {};
      return fc.array(valueArb(items, poolOf), { minLength: schema.minItems ?? 0, maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 8, 8)) });
    }
    case 'object': {
      const properties = schema.properties ?? {};
      const keys = Object.keys(properties);
      if (keys.length === 0 && typeof schema.additionalProperties === 'object') {
        return fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/), valueArb(schema.additionalProperties, poolOf), { maxKeys: 6 });
      }
      const record = fc.record(Object.fromEntries(keys.map((k) => [k, valueArb(properties[k]!, poolOf, k)])), { requiredKeys: schema.required ?? [] });
      const least = schema.minProperties ?? 0;
      return least > 0 ? record.filter((r) => Object.keys(r).length >= least) : record;
    }
    default:
      return fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
  }
}

// ---------------------------------------------------------------------------------------------
// Notice-table cells, by column type: well-formed ones first, then the ones a desk gets wrong

export const CELLS: Record<string, string[]> = {
  text: ['宋西顺', '聊城市东昌府区', 'a,b', 'say "hi"', '  两端空格  ', '😀', 'e\u0301', '\u200b', '', '合计', '=1+1', '长'.repeat(2_000)],
  integer: ['1', '24', '0', '-3', '1e3', 'abc', '99999999999999999999', '1.5'],
  decimal: ['6.5', '0.01', '100', '-1.25', '1,000.5', '1e400', '.'],
  year: ['2023', '2021', '1899', '3000', '二〇二三', '23'],
  date: ['2024-04-10', '2024-02-29', '2023-02-29', '2024/4/10', '20240410', '2024-13-01'],
  money: ['141.55', '76.8', '0', '1,234.00', '-5', '¥12', '9e99', '0.001', '92233720368547758.07'],
  id_cn: ['3725011966****4816', '372501196601011239', '37250119660101123X', '372501196601011238', '123', '3725011966****481'],
  phone: ['0635-8242056', '13800138000', '+86 635 824 2056', 'abc', ''],
};

/** A notice table's rows as picks of typed cells (resolved against the notice's columns). */
export const tableRowsArb: fc.Arbitrary<TableRows> = fc
  .tuple(
    fc.array(fc.array(fc.nat({ max: 40 }), { maxLength: 10 }), { minLength: 1, maxLength: 30 }),
    fc.constantFrom<TableRows['header']>('exact', 'exact', 'exact', 'shuffled', 'short', 'extra'),
  )
  .map(([picks, header]) => new TableRows(picks, header));

export function cellFor(type: string, pick: number): string {
  const cells = CELLS[type] ?? CELLS.text!;
  // Mostly the well-formed ones at the head of each list.
  return cells[pick % 3 === 0 ? pick % cells.length : pick % Math.min(3, cells.length)]!;
}

export function csvLine(cells: string[], separator: ',' | '\t'): string {
  if (separator === '\t') return cells.map((c) => c.replace(/[\t\r\n]/g, ' ')).join('\t');
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',');
}
