import { ConfigError, loadConfig, type Config } from '../config.js';
import { DatabaseLockedError, openDatabase, targetFromConfig, type DatabaseHandle } from './client.js';
import { migrateDatabase } from './migrate.js';

/** Opens and migrates the database the environment names, or exits with one line saying why not. */
export async function openConfiguredDatabase(): Promise<{ config: Config; database: DatabaseHandle }> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    return fail(err instanceof ConfigError ? err.message : String(err));
  }
  let database: DatabaseHandle | undefined;
  try {
    database = await openDatabase(targetFromConfig(config));
    await migrateDatabase(database);
    return { config, database };
  } catch (err) {
    await database?.close().catch(() => {});
    return fail(err instanceof DatabaseLockedError ? err.message : `Cannot open the database: ${(err as Error).message}`);
  }
}

/** Ends the process with one line on stderr and a non-zero exit. */
export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
