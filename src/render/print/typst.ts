/**
 * The Typst compiler as print uses it: the bundled Noto fonts only, an empty workspace of its
 * own, the fixed template, and the content as JSON in `sys.inputs`. Compiling is synchronous
 * and grows memory with every distinct document, so the service runs this in a child process
 * (see pool.ts); the command-line renderer may call it directly.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import type { PrintJob } from './data.js';
import { createMeasureMemo } from './measures.js';

const require = createRequire(import.meta.url);

/** The font files set: Noto Serif SC for body text, Noto Sans SC for headlines, tables and the page furniture. */
const FONT_FILES = [
  '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
  '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
];

const TEMPLATE = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates', 'paper.typ'), 'utf8');

/** What one compile gives: the PDF (empty for a measure-only job), its page count, and the template's copy-fit metadata. */
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

const NO_PDF = Buffer.alloc(0);

/** The only paths a picture is mapped at (`photoPath`). */
const PHOTO_PATH = /^\/photos\/\d+-\d+x\d+\.jpg$/;

/**
 * A compiler over an empty temporary workspace, so that no path a document could name reaches
 * the project's files; no template imports a package, and no content is ever source.
 *
 * It keeps items' measures between renders (measures.ts). `keepMeasures: false` leaves that to
 * the caller: jobs are set with the `known` measures they carry, and the `<fit>` metadata comes
 * back with what the template measured, as the print pool wants it (it keeps the measures for
 * all its workers, and across their replacement).
 */
export function createTypstRenderer({ keepMeasures = true }: { keepMeasures?: boolean } = {}): TypstRenderer {
  const measures = keepMeasures ? createMeasureMemo() : null;
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-typst-'));
  const fontBlobs = FONT_FILES.map((file) => fs.readFileSync(require.resolve(file)));
  const compiler = NodeCompiler.create({ workspace, fontArgs: [{ fontBlobs }] });
  function compile({ images = [], ...job }: PrintJob): Rendered {
    // The pictures are shadow files of this compile only, at paths the service made of numbers:
    // the template can read nothing else, and nothing of them is left for the next job.
    for (const image of images) {
      if (!PHOTO_PATH.test(image.path)) throw new RenderFailed([{ message: `Not a picture path: ${image.path.slice(0, 100)}` }]);
      compiler.mapShadow(path.join(workspace, image.path), Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength));
    }
    try {
      return compileData(job);
    } finally {
      if (images.length > 0) compiler.resetShadow();
    }
  }
  function compileData(job: Omit<PrintJob, 'images'>): Rendered {
    const result = compiler.compile({ mainFileContent: TEMPLATE, inputs: { data: JSON.stringify(job) } });
    const doc = result.result;
    if (!doc || result.hasError()) {
      const error = result.takeError() ?? result.takeDiagnostics();
      throw new RenderFailed(error ? (compiler.fetchDiagnostics(error) as { message?: string }[]) : []);
    }
    // Untagged: a print PDF is for the press and for reading; the web pages are the accessible edition.
    const pdf = job.measureOnly ? NO_PDF : compiler.pdf(doc, { pdfTags: false });
    const fit = compiler.query(doc, { selector: '<fit>', field: 'value' }) as unknown[];
    return { pdf, pages: doc.numOfPages, fit };
  }
  return {
    render(given) {
      if (!measures) return compile(given);
      const { job, keys } = measures.attach(given);
      const out = compile(job);
      return { ...out, fit: measures.remember(keys, out.fit) };
    },
    evict(maxAge) {
      compiler.evictCache(maxAge);
    },
    close() {
      fs.rmSync(workspace, { recursive: true, force: true });
    },
  };
}
