import type { Desk } from '../../context.js';

/** The admin area's own entries, under the desk's navigation. */
const ENTRIES = [
  { href: '/desk/admin/users', label: '用户' },
  { href: '/desk/admin/audit', label: '审计日志' },
] as const;

/** The sub-navigation between the admin screens; the entry whose screen is open is marked current. */
export function AdminNav({ desk }: { desk: Desk }) {
  return (
    <nav class="admin-nav" aria-label="管理导航">
      <ul>
        {ENTRIES.map((entry) => (
          <li>
            <a href={entry.href} aria-current={desk.path === entry.href || desk.path.startsWith(`${entry.href}/`) ? 'page' : undefined}>
              {entry.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** An admin page's styles, after the desk's own. */
export const ADMIN_STYLES = ['admin.css'] as const;
