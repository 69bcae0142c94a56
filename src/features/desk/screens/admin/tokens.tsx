import { chineseDateTime } from '../../../../lib/chinese-dates.js';
import type { IssuedToken, TokenInfo, User } from '../../../users/schemas.js';
import type { Desk } from '../../context.js';
import type { FieldMessages } from '../../forms.js';
import { Csrf, DeskLayout, FieldError, FormError } from '../../layout.js';
import { describedBy } from './fields.js';
import { ADMIN_STYLES, AdminNav } from './nav.js';

/** What the issue form keeps of a refused attempt. */
export interface TokenValues {
  label: string;
  /** As the datetime-local field had it: a wall-clock time in the paper's zone. */
  expiresAt: string;
}

/** A token's standing in words: live, expired or revoked (never colour alone). */
function standing(token: TokenInfo, now: number, timeZone: string): string {
  if (token.revokedAt) return `已吊销（${chineseDateTime(token.revokedAt, timeZone)}）`;
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return '已过期';
  return '有效';
}

function TokensTable({ desk, user, tokens }: { desk: Desk; user: User; tokens: TokenInfo[] }) {
  if (tokens.length === 0) return <p>还没有发放过令牌。</p>;
  const when = (iso: string | null, none: string) => (iso ? chineseDateTime(iso, desk.site.timeZone) : none);
  const now = Date.now();
  return (
    <table class="list" id="tokens">
      <thead>
        <tr>
          <th scope="col">用途</th>
          <th scope="col">开头</th>
          <th scope="col">发放时间</th>
          <th scope="col">到期</th>
          <th scope="col">最近使用</th>
          <th scope="col">状态</th>
          <th scope="col">操作</th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((token) => (
          <tr class={token.revokedAt ? 'inactive' : undefined}>
            <td>{token.label}</td>
            <td>
              <code>{token.hint}</code>
            </td>
            <td>{when(token.createdAt, '—')}</td>
            <td>{when(token.expiresAt, '不过期')}</td>
            <td>{when(token.lastUsedAt, '未用过')}</td>
            <td>{standing(token, now, desk.site.timeZone)}</td>
            <td>
              {!token.revokedAt && (
                <form method="post" action={`/desk/admin/users/${user.id}/tokens/${token.id}/revoke`} class="inline">
                  <Csrf desk={desk} />
                  <button type="submit" class="danger" data-confirm={`确定吊销令牌「${token.label}」吗？用它的程序将立即无法访问。`} aria-label={`吊销令牌「${token.label}」`}>
                    吊销
                  </button>
                </form>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function IssueForm({ desk, user, values, messages }: { desk: Desk; user: User; values: TokenValues; messages: FieldMessages }) {
  if (!user.active) return <p class="hint">此用户已停用，不能发放令牌；需要时请先重新启用。</p>;
  return (
    <form method="post" action={`/desk/admin/users/${user.id}/tokens`} id="issue-token">
      <h3>发放新令牌</h3>
      <Csrf desk={desk} />
      <FormError messages={messages} />
      <label for="token-label">用途</label>
      <input id="token-label" name="label" value={values.label} maxLength={100} placeholder="例如：排版系统" {...describedBy('label', messages, 'token-label-hint')} />
      <p class="hint" id="token-label-hint">
        写明令牌给谁、做什么用，吊销时才认得出来。留空则记为「API token」。
      </p>
      <FieldError name="label" messages={messages} />
      <label for="token-expires">到期时间（可不填）</label>
      <input id="token-expires" name="expiresAt" type="datetime-local" value={values.expiresAt} {...describedBy('expiresAt', messages, 'token-expires-hint')} />
      <p class="hint" id="token-expires-hint">
        按本报时间（{desk.site.timeZone}）。不填则一直有效，直到吊销。
      </p>
      <FieldError name="expiresAt" messages={messages} />
      <button type="submit">发放令牌</button>
    </form>
  );
}

/** A user's API tokens: what each is for and its dates (never the secret), the issue form, revoking. */
export function TokensSection({ desk, user, tokens, messages, values }: { desk: Desk; user: User; tokens: TokenInfo[]; messages: FieldMessages; values?: TokenValues }) {
  return (
    <section class="card" aria-labelledby="tokens-title">
      <h2 id="tokens-title">API 令牌</h2>
      <p class="hint">程序（排版系统、网站前端等）用令牌代表此用户访问 API。令牌只在发放时显示一次。</p>
      <TokensTable desk={desk} user={user} tokens={tokens} />
      <IssueForm desk={desk} user={user} values={values ?? { label: '', expiresAt: '' }} messages={messages} />
    </section>
  );
}

/**
 * The one page that shows a token's secret: the answer to the issue form itself (only the
 * secret's hash is stored, so it can never be shown again; the page is not cached).
 */
export function TokenIssuedPage({ desk, user, token }: { desk: Desk; user: User; token: IssuedToken }) {
  return (
    <DeskLayout desk={desk} title="令牌已发放" styles={ADMIN_STYLES}>
      <AdminNav desk={desk} />
      <section class="card narrow" aria-labelledby="secret-title">
        <h2 id="secret-title">
          {user.name}的令牌「{token.label}」
        </h2>
        <p class="form-error" role="alert" id="secret-warning">
          这是唯一一次显示这个令牌。请现在复制并妥善保存；离开此页后再也看不到它，丢失只能吊销后重新发放。
        </p>
        <label for="token-secret">令牌</label>
        <input id="token-secret" class="secret" readonly value={token.token} aria-describedby="secret-warning secret-use" autocomplete="off" spellcheck={false} />
        <p class="hint" id="secret-use">
          程序在请求头里这样使用它：<code>Authorization: Bearer 令牌</code>。
          {token.expiresAt ? `到期时间：${chineseDateTime(token.expiresAt, desk.site.timeZone)}。` : '它不会过期，直到被吊销。'}
        </p>
        <p>
          <a class="button" href={`/desk/admin/users/${user.id}`}>
            我已保存，回到{user.name}
          </a>
        </p>
      </section>
    </DeskLayout>
  );
}
