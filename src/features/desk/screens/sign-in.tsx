import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { AppError, Unauthorized } from '../../../errors.js';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../../lib/passwords.js';
import { chineseDateTime } from '../../../lib/chinese-dates.js';
import type { SessionsService } from '../../sessions/service.js';
import type { UsersService } from '../../users/service.js';
import { actorOf, deskOf, redirectWith, sendPage, type Desk, type DeskSite } from '../context.js';
import { field, fieldMessages, type FieldMessages } from '../forms.js';
import { BareLayout, Csrf, DeskLayout, FieldError, FormError } from '../layout.js';
import { cookieOptions, issueLoginToken, LOGIN_CSRF_COOKIE, SESSION_COOKIE } from '../session.js';

export interface SignInOptions {
  sessions: SessionsService;
  users: Pick<UsersService, 'changeOwnPassword'>;
  site: DeskSite;
  /** Failed sign-ins one address may make for one login, and in all, in 15 minutes. */
  failures: { perAccount: number; perAddress: number };
}

const WINDOW_SECONDS = 15 * 60;

/** Where to go after signing in: a desk path only, never another site. */
function safeNext(next: string | undefined): string {
  return next && /^\/desk(?:[/?#]|$)/.test(next) && !next.startsWith('//') && !next.includes('\\') ? next : '/desk/stories';
}

function SignInPage({ site, token, next, login, message }: { site: DeskSite; token: string; next: string; login: string; message: string | null }) {
  return (
    <BareLayout siteName={site.name} title="登录">
      <form method="post" action="/desk/login" class="card sign-in">
        <input type="hidden" name="_csrf" value={token} />
        <input type="hidden" name="next" value={next} />
        {message && (
          <p class="form-error" role="alert" id="sign-in-error">
            {message}
          </p>
        )}
        <label for="login">登录名</label>
        <input id="login" name="login" value={login} autocomplete="username" required autofocus={!login} aria-describedby={message ? 'sign-in-error' : undefined} />
        <label for="password">密码</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required autofocus={!!login} maxLength={PASSWORD_MAX} />
        <button type="submit" class="primary">
          登录
        </button>
      </form>
    </BareLayout>
  );
}

interface OpenSession {
  id: number;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string | null;
  address: string | null;
}

function AccountPage({ desk, sessions, messages, current }: { desk: Desk; sessions: OpenSession[]; messages: FieldMessages; current: number }) {
  const when = (iso: string) => chineseDateTime(iso, desk.site.timeZone);
  return (
    <DeskLayout desk={desk} title="我的账号">
      <section class="card narrow" aria-labelledby="password-title">
        <h2 id="password-title">修改密码</h2>
        <form method="post" action="/desk/account/password">
          <Csrf desk={desk} />
          <FormError messages={messages} />
          <label for="current">当前密码</label>
          <input id="current" name="current" type="password" autocomplete="current-password" required aria-describedby={messages.current ? 'current-error' : undefined} />
          <FieldError name="current" messages={messages} />
          <label for="next">新密码</label>
          <input id="next" name="next" type="password" autocomplete="new-password" required minLength={PASSWORD_MIN} maxLength={PASSWORD_MAX} aria-describedby="next-hint" />
          <p class="hint" id="next-hint">
            至少 {PASSWORD_MIN} 个字符。改密码后，你在其他设备上的登录会退出。
          </p>
          <FieldError name="next" messages={messages} />
          <button type="submit" class="primary">
            修改密码
          </button>
        </form>
      </section>
      <section class="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">登录中的设备</h2>
        <table class="list">
          <thead>
            <tr>
              <th scope="col">登录时间</th>
              <th scope="col">最近使用</th>
              <th scope="col">浏览器</th>
              <th scope="col">地址</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr>
                <td>
                  {when(s.createdAt)}
                  {s.id === current && <span class="tag">本设备</span>}
                </td>
                <td>{when(s.lastSeenAt)}</td>
                <td class="clip">{s.userAgent ?? '—'}</td>
                <td>{s.address ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </DeskLayout>
  );
}

/** Sign-in, sign-out and the user's own account page (password, open sessions). */
export const signInScreens: FastifyPluginAsync<SignInOptions> = async (app, { sessions, users, site, failures }) => {
  // Failures are counted per login and address together, and per address: a guesser is slowed
  // on the account and address it tries from, the account's owner elsewhere is not locked out.
  const perAccount = new RateLimiterMemory({ points: failures.perAccount, duration: WINDOW_SECONDS, blockDuration: WINDOW_SECONDS });
  const perAddress = new RateLimiterMemory({ points: failures.perAddress, duration: WINDOW_SECONDS, blockDuration: WINDOW_SECONDS });

  async function blockedFor(login: string, address: string): Promise<number> {
    const [account, whole] = await Promise.all([perAccount.get(`${login.toLowerCase()}|${address}`), perAddress.get(address)]);
    const over = (res: RateLimiterRes | null, limit: number) => (res && res.consumedPoints >= limit ? res.msBeforeNext : 0);
    return Math.max(over(account, failures.perAccount), over(whole, failures.perAddress));
  }

  async function countFailure(login: string, address: string): Promise<void> {
    await Promise.all([perAccount.penalty(`${login.toLowerCase()}|${address}`, 1), perAddress.penalty(address, 1)]);
  }

  function showSignIn(request: FastifyRequest, reply: FastifyReply, status: number, next: string, login: string, message: string | null) {
    return sendPage(reply, <SignInPage site={site} token={issueLoginToken(request, reply)} next={next} login={login} message={message} />, status);
  }

  app.get('/login', { schema: { hide: true } }, async (request, reply) => {
    const next = safeNext((request.query as { next?: string }).next);
    if (request.desk) return redirectWith(reply, next);
    return showSignIn(request, reply, 200, next, '', null);
  });

  app.post('/login', { schema: { hide: true } }, async (request, reply) => {
    const body = request.body;
    const login = (field(body, 'login') ?? '').trim().slice(0, 40);
    const password = field(body, 'password') ?? '';
    const next = safeNext(field(body, 'next'));
    const blocked = await blockedFor(login, request.ip);
    if (blocked > 0) {
      reply.header('retry-after', String(Math.ceil(blocked / 1000)));
      return showSignIn(request, reply, 429, next, login, `登录失败次数太多，请 ${Math.ceil(blocked / 60_000)} 分钟后再试`);
    }
    try {
      const { secret } = await sessions.signIn({ login, password: password.slice(0, PASSWORD_MAX), userAgent: request.headers['user-agent'], address: request.ip, requestId: String(request.id) });
      // A session the browser held before ends: the new one replaces it (rotated at sign-in).
      const previous = request.cookies[SESSION_COOKIE];
      if (previous && request.desk) await sessions.signOut(previous, actorOf(request));
      reply.setCookie(SESSION_COOKIE, secret, cookieOptions(request, Math.floor(sessions.lifetimeMs / 1000)));
      reply.clearCookie(LOGIN_CSRF_COOKIE, { path: '/desk' });
      return redirectWith(reply, next);
    } catch (error) {
      if (!(error instanceof Unauthorized)) throw error;
      await countFailure(login, request.ip);
      return showSignIn(request, reply, 401, next, login, '登录名或密码不对');
    }
  });

  app.post('/logout', { schema: { hide: true } }, async (request, reply) => {
    const secret = request.cookies[SESSION_COOKIE];
    if (secret && request.desk) await sessions.signOut(secret, actorOf(request));
    reply.clearCookie(SESSION_COOKIE, { path: '/desk' });
    return redirectWith(reply, '/desk/login');
  });

  app.get('/account', { schema: { hide: true } }, async (request, reply) => {
    const desk = deskOf(request, site);
    return sendPage(reply, <AccountPage desk={desk} sessions={await sessions.open(desk.user.id)} messages={{}} current={request.desk!.sessionId} />);
  });

  app.post('/account/password', { schema: { hide: true } }, async (request, reply) => {
    const desk = deskOf(request, site);
    try {
      await users.changeOwnPassword(actorOf(request), field(request.body, 'current') ?? '', field(request.body, 'next') ?? '');
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return sendPage(reply, <AccountPage desk={desk} sessions={await sessions.open(desk.user.id)} messages={fieldMessages(error)} current={request.desk!.sessionId} />, 422);
    }
    return redirectWith(reply, '/desk/account', '密码已修改');
  });
};
