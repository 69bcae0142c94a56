import type { Database } from '../db/client.js';
import { etagOf } from '../lib/etag.js';

/** A rendered public item, ready to send. */
export interface Rendered {
  body: string;
  etag: string;
}

type Entry = Rendered & { version: number };

/**
 * Rendered public items keyed by (entity, id) and variant (e.g. JSON or ninjs), holding the
 * version they render. An item is dropped when any instance announces a change of it (see
 * changes.ts), and everything when notifications may have been missed. Least recently used
 * items go first when the cache is full.
 */
/** What a public content service is made from: the database, this cache, the site's base URL and the paper's time zone. */
export interface PublicContentDeps {
  db: Database;
  cache: ContentCache;
  baseUrl: string;
  /** The paper's, for plain-day bounds (default Asia/Shanghai). */
  timeZone?: string;
}

export class ContentCache {
  private readonly items = new Map<string, Map<string, Entry>>();
  /** Rendered lists by entity, then by normalised query; any change of that entity drops them. */
  private readonly lists = new Map<string, Map<string, Rendered>>();
  /** Kinds whose renderings show items of another kind, by that kind: an edition lists articles. */
  private readonly dependents = new Map<string, Set<string>>();
  /** Bumped by every invalidation: a rendering begun before one may be stale and is not kept. */
  private epoch = 0;

  private readonly clearListeners: (() => void)[] = [];
  /** Listeners to changes of one kind of item, by kind. */
  private readonly changeListeners = new Map<string, (() => void)[]>();

  constructor(private readonly maxItems = 5000) {}

  get(entity: string, id: number, variant: string): Entry | undefined {
    const key = `${entity}:${id}`;
    const variants = this.items.get(key);
    if (!variants) return undefined;
    // Map keeps insertion order: re-inserting makes this the most recently used.
    this.items.delete(key);
    this.items.set(key, variants);
    return variants.get(variant);
  }

  /** Take before reading the item from the database; hand back to `set`. */
  ticket(): number {
    return this.epoch;
  }

  set(entity: string, id: number, variant: string, version: number, rendered: Rendered, ticket: number): void {
    if (ticket !== this.epoch) return;
    const key = `${entity}:${id}`;
    let variants = this.items.get(key);
    if (!variants || [...variants.values()].some((entry) => entry.version !== version)) variants = new Map();
    variants.set(variant, { ...rendered, version });
    this.items.delete(key);
    this.items.set(key, variants);
    while (this.items.size > this.maxItems) this.items.delete(this.items.keys().next().value as string);
  }

  /**
   * Reads an item through the cache: a hit, or `load` (null when there is no such public item)
   * serialised (as JSON unless `serialize` says otherwise; a web page is its HTML) and kept for
   * its version. The ticket is taken before the read, so a change announced meanwhile keeps
   * the possibly stale rendering out.
   */
  async readItem<T>(
    entity: string,
    id: number,
    variant: string,
    load: () => Promise<{ version: number; value: T } | null>,
    serialize: (value: T) => string = JSON.stringify,
  ): Promise<Rendered | null> {
    const hit = this.get(entity, id, variant);
    if (hit) return hit;
    const ticket = this.ticket();
    const loaded = await load();
    if (!loaded) return null;
    const body = serialize(loaded.value);
    const rendered = { body, etag: etagOf(body) };
    this.set(entity, id, variant, loaded.version, rendered, ticket);
    return rendered;
  }

  /** Reads a list through the cache: a hit, or `render` serialised (JSON by default), kept until the entity changes. */
  async readList<T>(entity: string, query: string, render: () => Promise<T>, serialize: (value: T) => string = JSON.stringify): Promise<Rendered> {
    const hit = this.getList(entity, query);
    if (hit) return hit;
    const ticket = this.ticket();
    const body = serialize(await render());
    const rendered = { body, etag: etagOf(body) };
    this.setList(entity, query, rendered, ticket);
    return rendered;
  }

  getList(entity: string, query: string): Rendered | undefined {
    return this.lists.get(entity)?.get(query);
  }

  setList(entity: string, query: string, rendered: Rendered, ticket: number): void {
    if (ticket !== this.epoch) return;
    let lists = this.lists.get(entity);
    if (!lists) this.lists.set(entity, (lists = new Map()));
    lists.set(query, rendered);
    while (lists.size > this.maxItems) lists.delete(lists.keys().next().value as string);
  }

  /** Renderings of `entity` show items of the kinds `on`: a change of any of those drops every `entity` rendering. */
  dependOn(entity: string, on: readonly string[]): void {
    for (const kind of on) {
      const dependents = this.dependents.get(kind) ?? new Set();
      dependents.add(entity);
      this.dependents.set(kind, dependents);
    }
  }

  /** Drops an item, every list of its kind and every rendering of the kinds that show it. */
  invalidate(entity: string, id: number): void {
    this.epoch++;
    this.items.delete(`${entity}:${id}`);
    this.lists.delete(entity);
    this.dropDependents(entity);
    this.tell(entity);
  }

  /** Drops every item and list of one kind (a change every item of the kind shows), and of the kinds that show it. */
  invalidateKind(entity: string): void {
    this.epoch++;
    this.dropKind(entity);
    this.dropDependents(entity);
    this.tell(entity);
  }

  private tell(entity: string): void {
    for (const listener of this.changeListeners.get(entity) ?? []) listener();
  }

  private dropKind(entity: string): void {
    for (const key of [...this.items.keys()]) if (key.startsWith(`${entity}:`)) this.items.delete(key);
    this.lists.delete(entity);
  }

  private dropDependents(entity: string): void {
    for (const dependent of this.dependents.get(entity) ?? []) this.dropKind(dependent);
  }

  clear(): void {
    this.epoch++;
    this.items.clear();
    this.lists.clear();
    for (const listener of this.clearListeners) listener();
  }

  /** Calls `listener` whenever an item of kind `entity` is announced changed: for other caches of what shows it (print's). */
  onChange(entity: string, listener: () => void): void {
    this.changeListeners.set(entity, [...(this.changeListeners.get(entity) ?? []), listener]);
  }

  /** Calls `listener` whenever everything is dropped: for other caches of what depends on any content (print's). */
  onClear(listener: () => void): void {
    this.clearListeners.push(listener);
  }

  get size(): number {
    return this.items.size;
  }
}
