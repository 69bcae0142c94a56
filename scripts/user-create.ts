// Creates a user with a first API token and prints the token:
//   npm run user:create -- --login li --name 李华 --role editor [--label laptop]
import { parseArgs } from 'node:util';
import { USER_ROLES, type UserRole } from '../src/lib/actor.js';
import { AppError } from '../src/errors.js';
import { createUsersService } from '../src/features/users/service.js';
import { fail, openConfiguredDatabase } from '../src/db/configured.js';

const USAGE = `usage: npm run user:create -- --login LOGIN --name NAME --role ${USER_ROLES.join('|')} [--label LABEL]`;

let values;
try {
  ({ values } = parseArgs({
    options: {
      login: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      label: { type: 'string', default: 'created by user:create' },
    },
    strict: true,
  }));
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}
const { login, name, role, label } = values;
if (!login || !name?.trim() || !role) fail(USAGE);
if (!/^[A-Za-z][A-Za-z0-9._-]{1,39}$/.test(login)) fail(`--login must be a letter then 1–39 letters, digits, . _ or -\n${USAGE}`);
if (!USER_ROLES.includes(role as UserRole)) fail(`--role must be one of ${USER_ROLES.join(', ')}\n${USAGE}`);

const { database } = await openConfiguredDatabase();
try {
  const { user, token } = await createUsersService({ db: database.db }).createWithToken(
    { login, name, role: role as UserRole },
    label,
  );
  process.stderr.write(`created ${user.role} ${user.login} (id ${user.id}); the token is shown once:\n`);
  process.stdout.write(`${token.token}\n`);
} catch (err) {
  if (err instanceof AppError) fail(err.message);
  throw err;
} finally {
  await database.close();
}
