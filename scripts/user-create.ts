// Creates a user with a first API token and prints the token:
//   npm run user:create -- --login li --name 李华 --role editor [--label laptop]
// or, with --password, a user who signs in to the desk, the password read from standard input
// (asked for on a terminal, never on the command line where it would stay in the shell's history):
//   npm run user:create -- --login li --name 李华 --role reporter --password
import { parseArgs } from 'node:util';
import { USER_ROLES, type UserRole } from '../src/lib/actor.js';
import { AppError } from '../src/errors.js';
import { createUsersService } from '../src/features/users/service.js';
import { fail, openConfiguredDatabase } from '../src/db/configured.js';
import { passwordProblem } from '../src/lib/passwords.js';

const USAGE = `usage: npm run user:create -- --login LOGIN --name NAME --role ${USER_ROLES.join('|')} [--label LABEL | --password]`;

/** The first line of standard input; on a terminal, asked for without echoing it. */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    process.stderr.write('password: ');
    process.stdin.setRawMode(true);
  }
  // On a terminal in raw mode, Ctrl-C and Ctrl-D arrive as characters: cancel, end of input.
  const CANCEL = String.fromCharCode(3);
  const END = String.fromCharCode(4);
  const ends = (text: string) => ['\r', '\n', CANCEL, END].some((c) => text.includes(c));
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) {
    text += chunk;
    if (ends(text)) break;
  }
  if (process.stdin.isTTY) {
    process.stdin.setRawMode(false);
    process.stderr.write('\n');
  }
  process.stdin.pause();
  if (text.includes(CANCEL)) fail('cancelled');
  return text.split(/\r|\n/)[0]!.split(END)[0]!;
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      login: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      label: { type: 'string', default: 'created by user:create' },
      password: { type: 'boolean', default: false },
    },
    strict: true,
  }));
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}
const { login, name, role, label, password } = values;
if (!login || !name?.trim() || !role) fail(USAGE);
if (!/^[A-Za-z][A-Za-z0-9._-]{1,39}$/.test(login)) fail(`--login must be a letter then 1–39 letters, digits, . _ or -\n${USAGE}`);
if (!USER_ROLES.includes(role as UserRole)) fail(`--role must be one of ${USER_ROLES.join(', ')}\n${USAGE}`);

const secret = password ? await readPassword() : undefined;
const problem = secret === undefined ? null : passwordProblem(secret);
if (problem) fail(`the password cannot be used: ${problem}`);

const { database } = await openConfiguredDatabase();
try {
  if (secret !== undefined) {
    const user = await createUsersService({ db: database.db }).create(null, { login, name, role: role as UserRole, password: secret });
    process.stderr.write(`created ${user.role} ${user.login} (id ${user.id}); they sign in at /desk with the password given\n`);
  } else {
    const { user, token } = await createUsersService({ db: database.db }).createWithToken({ login, name, role: role as UserRole }, label);
    process.stderr.write(`created ${user.role} ${user.login} (id ${user.id}); the token is shown once:\n`);
    process.stdout.write(`${token.token}\n`);
  }
} catch (err) {
  if (err instanceof AppError) fail(err.message);
  throw err;
} finally {
  await database.close();
}
