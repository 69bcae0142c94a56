// Rebuilds the search index from the stories, notices and photos themselves:
//   npm run search:reindex              every item
//   npm run search:reindex -- --missing only items not indexed yet
// Searches keep working meanwhile; an edit saved during the rebuild is never overwritten.
import { parseArgs } from 'node:util';
import { fail, openConfiguredDatabase } from '../src/db/configured.js';
import { createArticlesService } from '../src/features/articles/service.js';
import { createNoticesService } from '../src/features/notices/service.js';
import { photoSearchSources } from '../src/features/photos/service.js';
import { createSearchIndexer } from '../src/features/search/reindex.js';

const USAGE = 'usage: npm run search:reindex [-- --missing]';
let missing = false;
try {
  ({ missing } = parseArgs({ options: { missing: { type: 'boolean', default: false } }, strict: true }).values as { missing: boolean });
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}

const { config, database } = await openConfiguredDatabase();
try {
  const { db } = database;
  const indexer = createSearchIndexer({
    db,
    sources: {
      article: createArticlesService({ db, timeZone: config.timeZone }).searchSources,
      notice: createNoticesService({ db, timeZone: config.timeZone }).searchSources,
      photo: photoSearchSources,
    },
  });
  const started = performance.now();
  let shown = '';
  const done = await indexer.reindex(missing ? 'missing' : 'all', ({ kind, done, total }) => {
    const line = `${kind}s ${done}/${total}`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
    shown = line;
  });
  if (process.stderr.isTTY && shown) process.stderr.write('\n');
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`indexed ${done.article} articles, ${done.notice} notices, ${done.photo} photos in ${seconds.toFixed(1)} s\n`);
} finally {
  await database.close();
}
