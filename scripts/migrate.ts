// Applies pending migrations to the configured database: `npm run db:migrate`.
import { openConfiguredDatabase } from '../src/db/configured.js';

const { config, database } = await openConfiguredDatabase();
await database.close();
process.stdout.write(`migrations applied (${config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`})\n`);
