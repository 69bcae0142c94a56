// Imports a page of extracted newspaper text into drafts, as POST /api/v1/imports/page does:
//   npm run import -- PAGE.txt [--markdown|--plain] [--as LOGIN] [--section ID] [--edition YYYY-MM-DD --page A03] [--json]
// With --dry-run it stores nothing and shows the split instead (POST /api/v1/imports/page/preview):
// the items, their heads and credits, the ends of each body, what was taken out and why; it
// exits 1 when the import would be refused.
// The page is read as Markdown when its name ends in .md (or with --markdown), else as plain
// text; either way `#` headings are read. Drafts are filed as the user --as names (default: a
// tokenless editor `import`, made on first use). Prints what was made and every repair.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { fail, openConfiguredDatabase } from '../src/db/configured.js';
import { AppError } from '../src/errors.js';
import { pageText } from '../src/features/imports/decode.js';
import type { PageImportResult } from '../src/features/imports/service.js';
import { findUserByLogin, insertUser } from '../src/features/users/repository.js';
import { systemClock } from '../src/lib/clock.js';
import { ContentCache } from '../src/publishing/content-cache.js';
import { PrintPool } from '../src/render/print/pool.js';
import { createMediaStore } from '../src/render/media/store.js';
import { createServices } from '../src/services.js';
import { formatSplit } from './lib/import-split.js';

const USAGE = 'usage: npm run import -- PAGE.txt [--dry-run] [--markdown|--plain] [--as LOGIN] [--section ID] [--edition YYYY-MM-DD --page A03] [--json]';
const DEFAULT_LOGIN = 'import';

let parsed;
try {
  parsed = parseArgs({
    options: {
      markdown: { type: 'boolean', default: false },
      plain: { type: 'boolean', default: false },
      as: { type: 'string', default: DEFAULT_LOGIN },
      section: { type: 'string' },
      edition: { type: 'string' },
      page: { type: 'string' },
      json: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}
const { values, positionals } = parsed;
if (positionals.length !== 1) fail(USAGE);
const file = positionals[0]!;
if (values.markdown && values.plain) fail(`--markdown and --plain exclude each other\n${USAGE}`);
if ((values.edition === undefined) !== (values.page === undefined)) fail(`--edition and --page go together\n${USAGE}`);
if (values.section !== undefined && !/^[1-9]\d{0,9}$/.test(values.section)) fail(`--section must be a section id\n${USAGE}`);

let body: Buffer;
try {
  body = fs.readFileSync(file);
} catch (err) {
  fail(`Cannot read ${file}: ${(err as Error).message}`);
}
const format = values.markdown || (!values.plain && /\.(md|markdown)$/i.test(file)) ? 'markdown' : 'plain';

/** One line per draft and per warning, and the repairs counted by type. */
function summary(result: PageImportResult, created: boolean): string {
  const lines = [created ? `imported ${file} (import ${result.id})` : `${file} was imported before (import ${result.id}); nothing new was made`];
  for (const a of result.articles) lines.push(`  article ${a.id}  ${a.headline}${a.byline ? `  (${a.byline})` : ''}`);
  for (const n of result.notices) lines.push(`  notice  ${n.id}  ${n.title}  [${n.kind}, ${n.table?.rowCount ?? 0} rows]`);
  const counts = new Map<string, number>();
  for (const c of result.changes) counts.set(c.type, (counts.get(c.type) ?? 0) + 1);
  lines.push(`  changes: ${[...counts].map(([type, n]) => `${n} ${type}`).join(', ') || 'none'}`);
  for (const w of result.warnings) lines.push(`  warning (line ${w.line}): ${w.message}`);
  return `${lines.join('\n')}\n`;
}

const { config, database } = await openConfiguredDatabase();
// Never started: an import sets no print pages.
const printPool = new PrintPool({ size: 1, maxRenders: 1, timeoutMs: 1 });
try {
  const text = pageText(body, `text/${format}`);
  const { imports } = createServices({ db: database.db, withSettings: database.withSettings, cache: new ContentCache(), media: createMediaStore({ dataDir: config.dataDir, url: config.mediaStore }), printPool, clock: systemClock, config });
  if (values['dry-run']) {
    const preview = await imports.preview(text, format);
    process.stdout.write(values.json ? `${JSON.stringify(preview, null, 2)}\n` : formatSplit(file, preview));
    if (preview.problems.length > 0) process.exitCode = 1;
  } else {
    let user = await findUserByLogin(database.db, values.as);
    if (!user && values.as === DEFAULT_LOGIN) user = await insertUser(database.db, { login: DEFAULT_LOGIN, name: 'Page import', role: 'editor' });
    if (!user) fail(`No user ${values.as}`);
    if (!user.active) fail(`User ${values.as} is deactivated`);
    const { created, result } = await imports.importPage(
      { userId: user.id, login: user.login, role: user.role, tokenId: 0, requestId: 'cli-import' },
      {
        text,
        format,
        ...(values.section !== undefined && { sectionId: Number(values.section) }),
        ...(values.edition !== undefined && { placeOn: { date: values.edition, label: values.page! } }),
      },
    );
    process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : summary(result, created));
  }
} catch (err) {
  if (err instanceof AppError) {
    const errors = (err.extensions.errors as { row?: number; pointer?: string; message: string }[] | undefined) ?? [];
    fail([err.message, ...errors.slice(0, 20).map((e) => `  ${e.row !== undefined ? `line ${e.row}` : (e.pointer ?? '')}: ${e.message}`)].join('\n'));
  }
  throw err;
} finally {
  await database.close();
}
