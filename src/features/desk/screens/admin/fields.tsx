import { USER_ROLES, type UserRole } from '../../../../lib/actor.js';
import type { FieldMessages } from '../../forms.js';
import { ROLE_NAMES } from '../../layout.js';

/**
 * The attributes tying a field to its hint and its message (`FieldError` writes `${name}-error`),
 * so a screen reader reads both with the field.
 */
export function describedBy(name: string, messages: FieldMessages, hint?: string) {
  const ids = [hint, messages[name] ? `${name}-error` : undefined].filter(Boolean).join(' ');
  return { 'aria-describedby': ids || undefined, 'aria-invalid': messages[name] ? ('true' as const) : undefined };
}

/** The role picker, its options in words. */
export function RoleSelect({ id, value, messages }: { id: string; value: string; messages: FieldMessages }) {
  return (
    <select id={id} name="role" {...describedBy('role', messages, 'role-hint')}>
      {USER_ROLES.map((role) => (
        <option value={role} selected={role === value}>
          {ROLE_NAMES[role]}
        </option>
      ))}
    </select>
  );
}

/** What each role may do, under the role picker. */
export function RoleHint() {
  return (
    <p class="hint" id="role-hint">
      记者：写稿、提交自己的稿件；编辑：编辑、排期、组版和发布；管理员：另外管理用户和令牌。
    </p>
  );
}

/** A role's name, or the raw value for one the desk does not know. */
export const roleName = (role: string): string => ROLE_NAMES[role as UserRole] ?? role;
