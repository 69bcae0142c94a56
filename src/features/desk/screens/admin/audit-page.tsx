import { chineseDateTime } from '../../../../lib/chinese-dates.js';
import { isDay } from '../../../../lib/time.js';
import type { AuditEvent } from '../../../audit/schemas.js';
import type { User } from '../../../users/schemas.js';
import type { Desk } from '../../context.js';
import type { FieldMessages } from '../../forms.js';
import { DeskLayout, FieldError, FormError } from '../../layout.js';
import { ACTION_NAMES, actionName, compactDetails, ENTITY_NAMES, entityName } from './audit-words.js';
import { describedBy } from './fields.js';
import { ADMIN_STYLES, AdminNav } from './nav.js';

/** The filters as the URL has them (and the form shows them): all text, blank for none. */
export interface AuditFilters {
  action: string;
  entity: string;
  entityId: string;
  actor: string;
  from: string;
  to: string;
}

export const FILTER_NAMES = ['action', 'entity', 'entityId', 'actor', 'from', 'to'] as const satisfies readonly (keyof AuditFilters)[];

/** The audit page for these filters, at a later page when a cursor is given. */
export function auditUrl(filters: AuditFilters, cursor?: string): string {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) if (filters[name]) params.set(name, filters[name]);
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return query ? `/desk/admin/audit?${query}` : '/desk/admin/audit';
}

export interface AuditPageProps {
  desk: Desk;
  events: AuditEvent[];
  next: string | null;
  /** Whether this is a later page (a link back to the newest is shown). */
  later: boolean;
  filters: AuditFilters;
  /** Every user, for the user filter and to name who acted. */
  users: User[];
  messages: FieldMessages;
}

/** A select of known values, keeping one from the URL the desk has no words for. */
function Choice({ id, name, value, options, messages }: { id: string; name: keyof AuditFilters; value: string; options: [string, string][]; messages: FieldMessages }) {
  const known = value === '' || options.some(([v]) => v === value);
  return (
    <select id={id} name={name} {...describedBy(name, messages)}>
      <option value="">全部</option>
      {!known && (
        <option value={value} selected>
          {value}
        </option>
      )}
      {options.map(([v, label]) => (
        <option value={v} selected={v === value}>
          {label}
        </option>
      ))}
    </select>
  );
}

/** The filters; a date input shows only a real day (a browser cannot show another), its message says what was wrong. */
function Filters({ filters, users, messages }: { filters: AuditFilters; users: User[]; messages: FieldMessages }) {
  const actions = Object.entries(ACTION_NAMES);
  const people = users.map((u): [string, string] => [String(u.id), `${u.name}（${u.login}）`]);
  return (
    <form method="get" action="/desk/admin/audit" class="filters" id="audit-filters" aria-label="筛选审计记录">
      <FormError messages={messages} />
      <div>
        <label for="f-action">操作</label>
        <Choice id="f-action" name="action" value={filters.action} options={actions} messages={messages} />
        <FieldError name="action" messages={messages} />
      </div>
      <div>
        <label for="f-entity">对象</label>
        <Choice id="f-entity" name="entity" value={filters.entity} options={Object.entries(ENTITY_NAMES)} messages={messages} />
        <FieldError name="entity" messages={messages} />
      </div>
      <div>
        <label for="f-entity-id">对象编号</label>
        <input id="f-entity-id" name="entityId" value={filters.entityId} size={10} maxLength={64} {...describedBy('entityId', messages)} />
        <FieldError name="entityId" messages={messages} />
      </div>
      <div>
        <label for="f-actor">用户</label>
        <Choice id="f-actor" name="actor" value={filters.actor} options={people} messages={messages} />
        <FieldError name="actor" messages={messages} />
      </div>
      <div>
        <label for="f-from">从</label>
        <input id="f-from" name="from" type="date" value={isDay(filters.from) ? filters.from : ''} {...describedBy('from', messages)} />
        <FieldError name="from" messages={messages} />
      </div>
      <div>
        <label for="f-to">到</label>
        <input id="f-to" name="to" type="date" value={isDay(filters.to) ? filters.to : ''} {...describedBy('to', messages)} />
        <FieldError name="to" messages={messages} />
      </div>
      <div class="shrink">
        <button type="submit" class="primary">
          筛选
        </button>{' '}
        <a href="/desk/admin/audit">清除筛选</a>
      </div>
    </form>
  );
}

function Who({ actorId, users }: { actorId: number | null; users: Map<number, User> }) {
  if (actorId === null) return <>系统</>;
  const user = users.get(actorId);
  return user ? <a href={`/desk/admin/users/${user.id}`}>{user.name}</a> : <>用户 {actorId}</>;
}

/** The item acted on; a user is named and linked. */
function What({ event, users }: { event: AuditEvent; users: Map<number, User> }) {
  const user = event.entity === 'user' && /^\d{1,9}$/.test(event.entityId) ? users.get(Number(event.entityId)) : undefined;
  if (user) return <a href={`/desk/admin/users/${user.id}`}>用户 {user.name}</a>;
  return <>{`${entityName(event.entity)} ${event.entityId}`}</>;
}

function Details({ details }: { details: AuditEvent['details'] }) {
  const { line, full } = compactDetails(details);
  if (!full) return <>{line}</>;
  return (
    <details>
      <summary>{line}</summary>
      <pre class="audit-json">{full}</pre>
    </details>
  );
}

function EventsTable({ desk, events, users }: { desk: Desk; events: AuditEvent[]; users: Map<number, User> }) {
  if (events.length === 0) return <p id="audit-empty">没有符合条件的记录。</p>;
  return (
    <table class="list" id="audit">
      <thead>
        <tr>
          <th scope="col">时间</th>
          <th scope="col">用户</th>
          <th scope="col">操作</th>
          <th scope="col">对象</th>
          <th scope="col">详情</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr>
            <td class="nowrap">{chineseDateTime(event.at, desk.site.timeZone)}</td>
            <td>
              <Who actorId={event.actorId} users={users} />
            </td>
            <td data-action={event.action}>{actionName(event.action)}</td>
            <td>
              <What event={event} users={users} />
            </td>
            <td class="audit-details">
              <Details details={event.details} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** 审计日志: who did what to which item and when, newest first, filtered by the URL. */
export function AuditPage({ desk, events, next, later, filters, users, messages }: AuditPageProps) {
  const byId = new Map(users.map((u) => [u.id, u]));
  return (
    <DeskLayout desk={desk} title="审计日志" styles={ADMIN_STYLES} wide>
      <AdminNav desk={desk} />
      <Filters filters={filters} users={users} messages={messages} />
      <div class="scroll-x">
        <EventsTable desk={desk} events={events} users={byId} />
      </div>
      {(next || later) && (
        <nav class="pager" aria-label="翻页">
          {later && <a href={auditUrl(filters)}>回到最新</a>}
          {next && <a href={auditUrl(filters, next)}>更早的记录</a>}
        </nav>
      )}
    </DeskLayout>
  );
}
