// Writes print PDFs of an edition from the configured database, as the print routes render them:
//   npm run render -- --edition 2024-04-11 [--page A03] --out DIR [--png]
// One PDF per page (DIR/2024-04-11-A03.pdf) and, for a whole edition on one grid, the edition
// in one file (DIR/2024-04-11.pdf); with --png, a 100 dpi PNG preview of each page where
// pdftoppm (Debian's poppler-utils) is present. A whole edition shows a progress bar.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { fail, openConfiguredDatabase } from '../src/db/configured.js';
import { AppError } from '../src/errors.js';
import { isDay } from '../src/features/editions/dates.js';
import { systemClock } from '../src/lib/clock.js';
import { ContentCache } from '../src/publishing/content-cache.js';
import { PrintPool } from '../src/render/print/pool.js';
import { createMediaStore } from '../src/render/media/store.js';
import { createServices } from '../src/services.js';

const USAGE = 'usage: npm run render -- --edition YYYY-MM-DD [--page A03] --out DIR [--png]';

let values;
try {
  ({ values } = parseArgs({
    options: { edition: { type: 'string' }, page: { type: 'string' }, out: { type: 'string' }, png: { type: 'boolean', default: false } },
    strict: true,
  }));
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}
const { edition: date, page, out, png } = values;
if (!date || !out) fail(USAGE);
if (!isDay(date)) fail(`--edition must be a calendar day, YYYY-MM-DD\n${USAGE}`);
if (page !== undefined && !/^[A-Z](0[1-9]|[1-9][0-9])$/.test(page)) fail(`--page must be a page label such as A03\n${USAGE}`);

const havePdftoppm = png && spawnSync('pdftoppm', ['-v']).error === undefined;
if (png && !havePdftoppm) process.stderr.write('pdftoppm is not installed (Debian: poppler-utils): writing PDFs without PNG previews\n');

/** Writes a PDF, and its first page as a PNG beside it when asked and possible. */
function write(name: string, pdf: Buffer): string[] {
  const file = path.join(out!, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  if (!havePdftoppm) return [file];
  spawnSync('pdftoppm', ['-r', '100', '-png', '-singlefile', file, path.join(out!, name)], { stdio: 'ignore' });
  return [file, path.join(out!, `${name}.png`)];
}

const { config, database } = await openConfiguredDatabase();
const pool = new PrintPool({ size: config.printWorkers, maxRenders: config.printRendersPerWorker, timeoutMs: 120_000 });
const { print } = createServices({ db: database.db, withSettings: database.withSettings, cache: new ContentCache(), media: createMediaStore({ dataDir: config.dataDir, url: config.mediaStore }), printPool: pool, clock: systemClock, config });
const written: string[] = [];
try {
  fs.mkdirSync(out, { recursive: true });
  const pages = (await print.pages(date)).filter((p) => page === undefined || p.label === page);
  if (pages.length === 0) fail(page ? `The edition of ${date} has no page ${page}` : `The edition of ${date} has no pages`);
  const bar = page === undefined && process.stderr.isTTY ? new SingleBar({ format: 'rendering {bar} {value}/{total} pages  {label}', hideCursor: true }) : null;
  bar?.start(pages.length, 0, { label: '' });
  for (const p of pages) {
    written.push(...write(`${date}-${p.label}`, await print.pagePdf(date, p.label)));
    bar?.increment({ label: `${p.label} ${p.name}` });
    if (!bar) process.stderr.write(`rendered ${p.label} ${p.name}\n`);
  }
  bar?.stop();
  if (page === undefined && new Set(pages.map((p) => p.grid)).size === 1) {
    const file = path.join(out, `${date}.pdf`);
    fs.writeFileSync(file, await print.editionPdf(date));
    written.push(file);
  }
  for (const file of written) process.stdout.write(`${file}\n`);
} catch (err) {
  if (err instanceof AppError) fail(err.message);
  throw err;
} finally {
  await pool.close();
  await database.close();
}
