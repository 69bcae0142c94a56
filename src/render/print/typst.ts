/**
 * The Typst compiler as print uses it: the bundled Noto fonts only, an empty workspace of its
 * own, the fixed template, and the content as JSON in `sys.inputs`. Compiling is synchronous
 * and grows memory with every distinct document, so the service runs this in a child process
 * (see pool.ts); the command-line renderer may call it directly.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import type { PrintJob } from './data.js';

const require = createRequire(import.meta.url);

/** The font files set: Noto Serif SC for body text, Noto Sans SC for headlines, tables and the page furniture. */
const FONT_FILES = [
  '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
  '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
];

const TEMPLATE = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates', 'paper.typ'), 'utf8');

/** What one compile gives: the PDF, its page count, and the template's copy-fit metadata. */
export interface Rendered {
  pdf: Buffer;
  pages: number;
  fit: unknown[];
}

/** The compile failed: Typst's own diagnostics, for the log (they hold no content beyond what was sent). */
export class RenderFailed extends Error {
  constructor(readonly diagnostics: { message?: string }[]) {
    super(`Typst could not set the document: ${diagnostics.map((d) => d.message).join('; ').slice(0, 2000)}`);
  }
}

export interface TypstRenderer {
  render(job: PrintJob): Rendered;
  /** Drops the compiler's memoised results older than `maxAge` compiles. */
  evict(maxAge: number): void;
  close(): void;
}

/**
 * A compiler over an empty temporary workspace, so that no path a document could name reaches
 * the project's files; no template imports a package, and no content is ever source.
 */
export function createTypstRenderer(): TypstRenderer {
  const measures = createMeasureMemo();
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-typst-'));
  const fontBlobs = FONT_FILES.map((file) => fs.readFileSync(require.resolve(file)));
  const compiler = NodeCompiler.create({ workspace, fontArgs: [{ fontBlobs }] });
  return {
    render(job) {
      const keys = measures.attach(job);
      const result = compiler.compile({ mainFileContent: TEMPLATE, inputs: { data: JSON.stringify(job) } });
      const doc = result.result;
      if (!doc || result.hasError()) {
        const error = result.takeError() ?? result.takeDiagnostics();
        throw new RenderFailed(error ? (compiler.fetchDiagnostics(error) as { message?: string }[]) : []);
      }
      // Untagged: a print PDF is for the press and for reading; the web pages are the accessible edition.
      const pdf = compiler.pdf(doc, { pdfTags: false });
      const fit = compiler.query(doc, { selector: '<fit>', field: 'value' }) as unknown[];
      measures.remember(keys, fit);
      return { pdf, pages: doc.numOfPages, fit: fit.map(withoutMeasures) };
    },
    evict(maxAge) {
      compiler.evictCache(maxAge);
    },
    close() {
      fs.rmSync(workspace, { recursive: true, force: true });
    },
  };
}

/** What the template measured of an item at a column count: head lines, body lines, flow columns, slack, characters a line. */
type Measured = { head: number; body: number; blocks?: number[] } & Record<string, unknown>;
type FitMeta = { items?: { position: number; columns: number; measured?: Measured }[] };
type Keys = { head: string; blocks: string[]; notice: string };

const MEASURES_KEPT = 20_000;

/**
 * Measures kept across renders. Typst does not keep `measure` results from one compile to the
 * next, and measuring is most of the time a page takes. A story's head lines depend only on its
 * head and its columns, a body block's lines only on the block (set at one column's width), a notice's
 * measure only on the notice and its columns; so the renderer hands the template what it
 * measured before (`known`) and keeps what the template reports. A story's body is measured
 * block by block, so an edit measures again only the head or the paragraphs it changed.
 */
function createMeasureMemo() {
  const kept = new Map<string, unknown>();
  const hash = (...parts: unknown[]) => createHash('sha1').update(JSON.stringify(parts)).digest('base64');
  const get = (key: string) => kept.get(key);
  const put = (key: string, value: unknown) => {
    kept.delete(key);
    kept.set(key, value);
  };
  return {
    /** Gives each page item what is known of it; returns the items' keys, page by page. */
    attach(job: PrintJob): Keys[][] {
      if (job.kind !== 'pages') return [];
      const grid = job.grid.name;
      return job.pages.map((page) =>
        page.items.map((item) => {
          const { columns: _columns, ...content } = item;
          const keys: Keys =
            item.kind === 'article'
              ? { head: hash(grid, 'head', item.kicker, item.headline, item.subtitle, item.byline), blocks: item.blocks.map((b) => hash(grid, 'block', b)), notice: '' }
              : { head: '', blocks: [], notice: hash(grid, 'notice', { ...content, known: undefined }) };
          const known =
            item.kind === 'article'
              ? { head: get(keys.head) ?? {}, blocks: keys.blocks.map((k) => get(k) ?? null) }
              : { notice: get(keys.notice) ?? {} };
          Object.assign(item, { known });
          return keys;
        }),
      );
    },
    remember(keys: Keys[][], fit: unknown[]): void {
      fit.forEach((meta, page) => {
        for (const item of (meta as FitMeta).items ?? []) {
          const k = keys[page]?.[item.position - 1];
          const m = item.measured;
          if (!k || !m) continue;
          const c = String(item.columns);
          if (k.notice) put(k.notice, { ...(get(k.notice) as object), [c]: m });
          else {
            put(k.head, { ...(get(k.head) as object), [c]: m.head });
            k.blocks.forEach((key, i) => {
              if (m.blocks?.[i] !== undefined) put(key, m.blocks[i]);
            });
          }
        }
      });
      for (const key of kept.keys()) {
        if (kept.size <= MEASURES_KEPT) break;
        kept.delete(key);
      }
    },
  };
}

function withoutMeasures(meta: unknown): unknown {
  const m = meta as FitMeta;
  if (!m.items) return meta;
  return { ...m, items: m.items.map(({ measured: _measured, ...rest }) => rest) };
}
