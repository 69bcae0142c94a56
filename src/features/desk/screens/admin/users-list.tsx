import { chineseDateTime } from '../../../../lib/chinese-dates.js';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../../../lib/passwords.js';
import type { User } from '../../../users/schemas.js';
import type { Desk } from '../../context.js';
import type { FieldMessages } from '../../forms.js';
import { Csrf, DeskLayout, FieldError, FormError } from '../../layout.js';
import { describedBy, RoleHint, roleName, RoleSelect } from './fields.js';
import { ADMIN_STYLES, AdminNav } from './nav.js';

/** What the new-user form keeps of a refused attempt (never the password). */
export interface NewUserValues {
  login: string;
  name: string;
  role: string;
}

export const BLANK_USER: NewUserValues = { login: '', name: '', role: 'reporter' };

export interface UsersListProps {
  desk: Desk;
  users: User[];
  /** The cursor of the next page of users, if there is one. */
  next: string | null;
  /** Whether this is a later page (a link back to the first is shown). */
  later: boolean;
  values: NewUserValues;
  messages: FieldMessages;
}

function UsersTable({ desk, users }: { desk: Desk; users: User[] }) {
  if (users.length === 0) return <p>没有用户。</p>;
  return (
    <table class="list" id="users">
      <thead>
        <tr>
          <th scope="col">登录名</th>
          <th scope="col">姓名</th>
          <th scope="col">角色</th>
          <th scope="col">状态</th>
          <th scope="col">编辑部密码</th>
          <th scope="col">创建时间</th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <tr class={user.active ? undefined : 'inactive'}>
            <td>
              <a href={`/desk/admin/users/${user.id}`}>{user.login}</a>
            </td>
            <td>{user.name}</td>
            <td>{roleName(user.role)}</td>
            <td>{user.active ? '在用' : <span class="tag">已停用</span>}</td>
            <td>{user.hasPassword ? '已设置' : '未设置'}</td>
            <td>{chineseDateTime(user.createdAt, desk.site.timeZone)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function NewUserForm({ desk, values, messages }: { desk: Desk; values: NewUserValues; messages: FieldMessages }) {
  return (
    <section class="card narrow" aria-labelledby="new-user-title">
      <h2 id="new-user-title">新建用户</h2>
      <form method="post" action="/desk/admin/users" id="new-user">
        <Csrf desk={desk} />
        <FormError messages={messages} />
        <label for="new-login">登录名</label>
        <input id="new-login" name="login" value={values.login} required maxLength={40} autocomplete="off" {...describedBy('login', messages, 'login-hint')} />
        <p class="hint" id="login-hint">
          以字母开头，2–40 个字母、数字、点、下划线或连字符，例如 li.hua。
        </p>
        <FieldError name="login" messages={messages} />
        <label for="new-name">姓名</label>
        <input id="new-name" name="name" value={values.name} required maxLength={100} {...describedBy('name', messages)} />
        <FieldError name="name" messages={messages} />
        <label for="new-role">角色</label>
        <RoleSelect id="new-role" value={values.role} messages={messages} />
        <RoleHint />
        <FieldError name="role" messages={messages} />
        <label for="new-password">初始密码</label>
        <input id="new-password" name="password" type="password" autocomplete="new-password" minLength={PASSWORD_MIN} maxLength={PASSWORD_MAX} {...describedBy('password', messages, 'new-password-hint')} />
        <p class="hint" id="new-password-hint">
          至少 {PASSWORD_MIN} 个字符，请当面或电话告诉本人，并请他登录后在「我的账号」里改掉。留空则此用户不能登录编辑部，只能用 API 令牌。
        </p>
        <FieldError name="password" messages={messages} />
        <button type="submit" class="primary">
          新建用户
        </button>
      </form>
    </section>
  );
}

/** 用户: every user, and the form that makes a new one. */
export function UsersListPage({ desk, users, next, later, values, messages }: UsersListProps) {
  return (
    <DeskLayout desk={desk} title="用户" styles={ADMIN_STYLES}>
      <AdminNav desk={desk} />
      <div class="admin-columns">
        <section class="card" aria-labelledby="users-title">
          <h2 id="users-title">全部用户</h2>
          <UsersTable desk={desk} users={users} />
          {(next || later) && (
            <p class="pager">
              {later && <a href="/desk/admin/users">第一页</a>}
              {next && <a href={`/desk/admin/users?cursor=${encodeURIComponent(next)}`}>下一页</a>}
            </p>
          )}
        </section>
        <NewUserForm desk={desk} values={values} messages={messages} />
      </div>
    </DeskLayout>
  );
}
