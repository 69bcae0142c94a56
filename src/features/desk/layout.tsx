import type { ComponentChildren } from 'preact';
import type { UserRole } from '../../lib/actor.js';
import { assetPath } from './assets.js';
import type { Desk } from './context.js';
import { SearchBox } from './search-box.js';

/**
 * The desk's navigation: one entry per area, each open to some roles. A later area adds its
 * entry here and its screens under `screens/`. Search has no entry: its box is in every bar.
 */
export const NAVIGATION: readonly { href: string; label: string; roles?: readonly UserRole[]; match?: string }[] = [
  { href: '/desk/stories', label: '稿件' },
  { href: '/desk/photos', label: '图片' },
  { href: '/desk/imports', label: '导入' },
  { href: '/desk/notices', label: '公告', roles: ['editor', 'admin'] },
  { href: '/desk/editions', label: '版面', roles: ['editor', 'admin'] },
  { href: '/desk/admin/users', label: '管理', roles: ['admin'], match: '/desk/admin' },
];

export const ROLE_NAMES: Record<UserRole, string> = { reporter: '记者', editor: '编辑', admin: '管理员' };

/** The form token every desk form carries; the server refuses a form without it. */
export function Csrf({ desk }: { desk: Pick<Desk, 'csrf'> }) {
  return <input type="hidden" name="_csrf" value={desk.csrf} />;
}

/** What every desk page's head starts with: the character set, the viewport, no indexing, the title, the stylesheet. */
function HeadBasics({ title, siteName }: { title: string; siteName: string }) {
  return (
    <>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex" />
      <title>{`${title} - ${siteName} 编辑部`}</title>
      <link rel="stylesheet" href={assetPath('desk.css')} />
    </>
  );
}

export interface LayoutProps {
  desk: Desk;
  /** The page's title: its `h1` and the first part of the window title. */
  title: string;
  /** Controls beside the title (a "new story" link…). */
  actions?: ComponentChildren;
  /** Scripts (asset names under /desk/assets) the page enhances itself with; it works without them. */
  scripts?: readonly string[];
  /** An area's own stylesheet (asset names), after the desk's. */
  styles?: readonly string[];
  /** A wider main column for grids and flatplans. */
  wide?: boolean;
  children: ComponentChildren;
}

/**
 * Every desk page: the bar with the navigation, the search box, the signed-in user, the password
 * link and the sign-out button; the page's title and actions; the one-off message; the page. Scripts are
 * modules from the desk's own assets (the strict CSP allows nothing else).
 */
export function DeskLayout({ desk, title, actions, scripts = [], styles = [], wide = false, children }: LayoutProps) {
  const entries = NAVIGATION.filter((entry) => !entry.roles || entry.roles.includes(desk.user.role));
  const current = entries.find((entry) => {
    const area = entry.match ?? entry.href;
    return desk.path === area || desk.path.startsWith(`${area}/`);
  });
  return (
    <html lang="zh-CN">
      <head>
        <HeadBasics title={title} siteName={desk.site.name} />
        {styles.map((name) => (
          <link rel="stylesheet" href={assetPath(name)} />
        ))}
        <script type="module" src={assetPath('desk.js')} />
        {scripts.map((name) => (
          <script type="module" src={assetPath(name)} />
        ))}
      </head>
      <body class="desk">
        <a class="skip" href="#main">
          跳到正文
        </a>
        <header class="bar">
          <a class="bar-name" href="/desk">
            {desk.site.name} · 编辑部
          </a>
          <nav aria-label="编辑部导航">
            <ul>
              {entries.map((entry) => (
                <li>
                  <a href={entry.href} aria-current={entry === current ? 'page' : undefined}>
                    {entry.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <SearchBox id="bar-search" label="搜索稿件、公告和图片" placeholder="搜索" class="bar-search" />
          <div class="bar-user">
            <a href="/desk/account" aria-current={desk.path === '/desk/account' ? 'page' : undefined}>
              {desk.user.name}（{ROLE_NAMES[desk.user.role]}）
            </a>
            <form method="post" action="/desk/logout" class="inline">
              <Csrf desk={desk} />
              <button type="submit" class="link">
                退出登录
              </button>
            </form>
          </div>
        </header>
        <main id="main" class={wide ? 'wide' : undefined}>
          <div class="title-row">
            <h1>{title}</h1>
            {actions && <div class="actions">{actions}</div>}
          </div>
          {desk.flash && (
            <p class="flash" role="status">
              {desk.flash}
            </p>
          )}
          {children}
        </main>
      </body>
    </html>
  );
}

/** A page outside the signed-in desk (sign-in, errors before sign-in): the same look without the bar. */
export function BareLayout({ siteName, title, children }: { siteName: string; title: string; children: ComponentChildren }) {
  return (
    <html lang="zh-CN">
      <head>
        <HeadBasics title={title} siteName={siteName} />
      </head>
      <body class="desk bare">
        <main id="main">
          <p class="bar-name">{siteName} · 编辑部</p>
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}

/** A field's message under it, tied to the field by `aria-describedby` (`${name}-error`). */
export function FieldError({ name, messages }: { name: string; messages: Record<string, string> }) {
  const message = messages[name];
  return message ? (
    <p class="field-error" id={`${name}-error`}>
      {message}
    </p>
  ) : null;
}

/** A form's problem that names no field, at its top. */
export function FormError({ messages }: { messages: Record<string, string> }) {
  const message = messages[''];
  return message ? (
    <p class="form-error" role="alert">
      {message}
    </p>
  ) : null;
}
