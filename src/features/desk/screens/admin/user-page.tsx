import { chineseDateTime } from '../../../../lib/chinese-dates.js';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../../../lib/passwords.js';
import type { TokenInfo, User } from '../../../users/schemas.js';
import type { Desk } from '../../context.js';
import type { FieldMessages } from '../../forms.js';
import { Csrf, DeskLayout, FieldError, FormError } from '../../layout.js';
import { describedBy, RoleHint, roleName, RoleSelect } from './fields.js';
import { ADMIN_STYLES, AdminNav } from './nav.js';
import { TokensSection, type TokenValues } from './tokens.js';

/** The forms of a user's page; a refusal is shown on the one it is about. */
export type UserForm = 'profile' | 'active' | 'password' | 'token';

export interface ProfileValues {
  name: string;
  role: string;
}

export interface UserPageProps {
  desk: Desk;
  user: User;
  tokens: TokenInfo[];
  /** A refused step: which form, and its messages. */
  problem?: { form: UserForm; messages: FieldMessages };
  /** The profile form's input kept after a refusal (the user's as stored otherwise). */
  profile?: ProfileValues;
  token?: TokenValues;
}

const NONE: FieldMessages = {};

function ProfileForm({ desk, user, values, messages }: { desk: Desk; user: User; values: ProfileValues; messages: FieldMessages }) {
  return (
    <section class="card narrow" aria-labelledby="profile-title">
      <h2 id="profile-title">姓名和角色</h2>
      <form method="post" action={`/desk/admin/users/${user.id}`} id="profile">
        <Csrf desk={desk} />
        <input type="hidden" name="version" value={String(user.version)} />
        <FormError messages={messages} />
        <label for="user-name">姓名</label>
        <input id="user-name" name="name" value={values.name} required maxLength={100} {...describedBy('name', messages)} />
        <FieldError name="name" messages={messages} />
        <label for="user-role">角色</label>
        <RoleSelect id="user-role" value={values.role} messages={messages} />
        <RoleHint />
        <FieldError name="role" messages={messages} />
        <button type="submit" class="primary">
          保存
        </button>
      </form>
    </section>
  );
}

function ActiveForm({ desk, user, messages }: { desk: Desk; user: User; messages: FieldMessages }) {
  return (
    <section class="card narrow" aria-labelledby="active-title">
      <h2 id="active-title">状态：{user.active ? '在用' : '已停用'}</h2>
      <form method="post" action={`/desk/admin/users/${user.id}/active`} id="active">
        <Csrf desk={desk} />
        <input type="hidden" name="version" value={String(user.version)} />
        <input type="hidden" name="active" value={user.active ? 'false' : 'true'} />
        <FormError messages={messages} />
        {user.active ? (
          <>
            <p class="hint">停用后，此用户的全部 API 令牌被吊销，编辑部的登录立即退出，不能再登录。</p>
            <button type="submit" class="danger" data-confirm={`确定停用「${user.name}」吗？他的全部令牌将被吊销，登录将被退出。`}>
              停用此用户
            </button>
          </>
        ) : (
          <>
            <p class="hint">重新启用后，此用户可以用原密码登录编辑部；停用时吊销的令牌不会恢复，需要时请重新发放。</p>
            <button type="submit">重新启用</button>
          </>
        )}
      </form>
    </section>
  );
}

function PasswordForm({ desk, user, messages }: { desk: Desk; user: User; messages: FieldMessages }) {
  const self = user.id === desk.user.id;
  return (
    <section class="card narrow" aria-labelledby="password-title">
      <h2 id="password-title">{user.hasPassword ? '设置新密码' : '设置密码'}</h2>
      <form method="post" action={`/desk/admin/users/${user.id}/password`} id="set-password">
        <Csrf desk={desk} />
        <input type="hidden" name="version" value={String(user.version)} />
        <FormError messages={messages} />
        <label for="user-password">新密码</label>
        <input id="user-password" name="password" type="password" autocomplete="new-password" required minLength={PASSWORD_MIN} maxLength={PASSWORD_MAX} {...describedBy('password', messages, 'user-password-hint')} />
        <p class="hint" id="user-password-hint">
          至少 {PASSWORD_MIN} 个字符。{user.hasPassword ? '设置后，此用户在所有设备上的编辑部登录都会退出。' : '设置后，此用户就可以登录编辑部。'}
          {self && (
            <>
              这是你自己的账号：你也会被退出。只改自己的密码，请到<a href="/desk/account">我的账号</a>。
            </>
          )}
        </p>
        <FieldError name="password" messages={messages} />
        <button type="submit">设置密码</button>
      </form>
    </section>
  );
}

/** One user: name and role, active or not, a new password, and their API tokens. */
export function UserPage({ desk, user, tokens, problem, profile, token }: UserPageProps) {
  const messagesOf = (form: UserForm) => (problem?.form === form ? problem.messages : NONE);
  return (
    <DeskLayout desk={desk} title={`用户：${user.name}`} styles={ADMIN_STYLES}>
      <AdminNav desk={desk} />
      <dl class="facts">
        <dt>登录名</dt>
        <dd>{user.login}</dd>
        <dt>角色</dt>
        <dd>{roleName(user.role)}</dd>
        <dt>状态</dt>
        <dd>{user.active ? '在用' : '已停用'}</dd>
        <dt>编辑部密码</dt>
        <dd>{user.hasPassword ? '已设置' : '未设置'}</dd>
        <dt>创建时间</dt>
        <dd>{chineseDateTime(user.createdAt, desk.site.timeZone)}</dd>
        <dt>最近修改</dt>
        <dd>{chineseDateTime(user.updatedAt, desk.site.timeZone)}</dd>
      </dl>
      <div class="user-forms">
        <ProfileForm desk={desk} user={user} values={profile ?? { name: user.name, role: user.role }} messages={messagesOf('profile')} />
        <PasswordForm desk={desk} user={user} messages={messagesOf('password')} />
        <ActiveForm desk={desk} user={user} messages={messagesOf('active')} />
      </div>
      <TokensSection desk={desk} user={user} tokens={tokens} messages={messagesOf('token')} values={token} />
      <p>
        <a href={`/desk/admin/audit?entity=user&entityId=${user.id}`}>查看此用户的审计记录</a>
      </p>
    </DeskLayout>
  );
}
