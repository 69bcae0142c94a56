import type { Database, DatabaseHandle } from './db/client.js';
import * as schema from './db/schema/index.js';
import { createPublicArticles } from './features/articles/public.js';
import { createArticlesService } from './features/articles/service.js';
import { createAuditService } from './features/audit/service.js';
import { createPlanner } from './features/editions/plan.js';
import { createPublicEditions } from './features/editions/public.js';
import { createReleases } from './features/editions/release.js';
import * as editionsRepo from './features/editions/repository.js';
import { createEditionsService } from './features/editions/service.js';
import { createImportsService } from './features/imports/service.js';
import { createNoticeKindsService } from './features/notices/kinds.js';
import { createPublicNotices } from './features/notices/public.js';
import { createNoticesService } from './features/notices/service.js';
import { createPeopleService } from './features/people/service.js';
import { createPhotosService, photoSearchSources } from './features/photos/service.js';
import { createPrintService } from './features/print/service.js';
import { createSearchIndexer } from './features/search/reindex.js';
import { createSearchService } from './features/search/service.js';
import { createSectionsService } from './features/sections/service.js';
import { createSessionsService } from './features/sessions/service.js';
import { createCredentialSource, createUsersService } from './features/users/service.js';
import { createFeeds } from './features/web/feeds.js';
import { createWebService } from './features/web/service.js';
import type { Clock } from './lib/clock.js';
import { CredentialCache } from './plugins/credentials.js';
import type { ContentCache } from './publishing/content-cache.js';
import type { PublishableKind } from './publishing/publisher.js';
import { claimDue, overdueScheduled } from './publishing/status.js';
import type { MediaStore } from './render/media/store.js';
import type { PrintPool } from './render/print/pool.js';

/** What the services read of the configuration. */
export interface ServicesConfig {
  /** Where the public site and API are served; public URLs in content start with it. */
  publicBaseUrl: string;
  /** The paper's name, in page headers and the site's title. */
  siteName: string;
  /** The paper's time zone: plain dates and day bounds are read in it. */
  timeZone: string;
  /** A desk session unused this many minutes ends (default 480). */
  deskIdleMinutes?: number;
  /** A desk session ends this many hours after sign-in (default 24). */
  deskSessionHours?: number;
}

export interface ServiceDependencies {
  db: Database;
  /** The same database with settings of its own for a service's statements (search's). */
  withSettings: DatabaseHandle['withSettings'];
  /** Rendered public items, dropped when a change is announced. */
  cache: ContentCache;
  /** Worker processes that set print pages. */
  printPool: PrintPool;
  /** Where photos' originals and renditions are kept. */
  media: MediaStore;
  clock: Clock;
  config: ServicesConfig;
}

/** How long a known token or desk session is trusted before it is checked again, whatever notifications said. */
const CREDENTIAL_TTL_MS = 30_000;
/** Live tokens kept in memory (about 200 bytes each); a newsroom has far fewer. */
const MAX_CREDENTIALS = 20_000;

export type Services = ReturnType<typeof createServices>;

/**
 * The composition root: every service of the newsroom built once, each given only what it uses.
 * A service that works inside another's transaction takes that transaction as an argument;
 * none builds another. The app hands each route plugin the services it calls.
 */
export function createServices({ db, withSettings, cache, printPool, media, clock, config }: ServiceDependencies) {
  const { publicBaseUrl: baseUrl, siteName, timeZone } = config;

  const credentials = new CredentialCache(createCredentialSource(db), { ttlMs: CREDENTIAL_TTL_MS, maxEntries: MAX_CREDENTIALS });
  const sessions = createSessionsService({
    db,
    idleMs: (config.deskIdleMinutes ?? 480) * 60_000,
    lifetimeMs: (config.deskSessionHours ?? 24) * 3_600_000,
    trustMs: CREDENTIAL_TTL_MS,
  });
  const users = createUsersService({ db, credentials, sessions, clock });
  const sections = createSectionsService({ db });
  // A byline is searched: a person renamed is found by the new name in everything crediting them.
  const people = createPeopleService({ db, renamed: (tx, personId) => searchIndex.reindexCredited(tx, personId) });
  const articles = createArticlesService({ db, timeZone });
  const photos = createPhotosService({ db, store: media, cache, timeZone });
  const notices = createNoticesService({ db, timeZone });
  const noticeKinds = createNoticeKindsService({ db });
  const editions = createEditionsService({ db });
  const releases = createReleases({ db, articles, notices, timeZone });
  const print = createPrintService({ db, pool: printPool, paper: siteName, articles, notices, photos });
  const planner = createPlanner({ db, print, clock });
  const imports = createImportsService({ db, articles, notices, editions, timeZone });
  const audit = createAuditService({ db, timeZone });
  const search = createSearchService({ db, withSettings, baseUrl, timeZone });
  const searchIndex = createSearchIndexer({ db, sources: { article: articles.searchSources, notice: notices.searchSources, photo: photoSearchSources } });

  // A change of everything (a credited person renamed) reaches bylines without new item versions.
  cache.onClear(() => print.forget());
  // Print keeps stories' pages by their versions; a photo's caption or focal point changes without a new story version.
  cache.onChange('photo', () => print.forget());
  // A public edition lists its published articles and notices and names its page editors: any change of one may change it.
  cache.dependOn('edition', ['article', 'notice', 'user']);
  // An article shows its photos' captions, credits and alt text; a photo is public while a published article shows it.
  cache.dependOn('article', ['photo']);
  cache.dependOn('photo', ['article']);
  const published = {
    articles: createPublicArticles({ db, cache, baseUrl, timeZone }),
    notices: createPublicNotices({ db, cache, baseUrl, timeZone }),
    editions: createPublicEditions({ db, cache, baseUrl }),
  };
  const web = createWebService({ db, cache, site: { name: siteName, baseUrl, timeZone }, ...published, search });
  const feeds = createFeeds({ db, cache, baseUrl, siteName });

  /**
   * What the scheduled-publication loop publishes, in this order: an edition goes public only
   * once every item due with it is published (see claimDueEditions).
   */
  const publishable: PublishableKind<{ id: number; publishAt: Date | null }>[] = [
    {
      name: 'article',
      claimDue: (tx, limit) => claimDue(tx, schema.articles, limit),
      publish: articles.publishDue,
      overdue: (db, before) => overdueScheduled(db, schema.articles, before),
    },
    {
      name: 'notice',
      claimDue: (tx, limit) => claimDue(tx, schema.notices, limit),
      publish: notices.publishDue,
      overdue: (db, before) => overdueScheduled(db, schema.notices, before),
    },
    { name: 'edition', claimDue: editionsRepo.claimDueEditions, publish: releases.goLive, overdue: editionsRepo.overdueEditions },
  ];

  return { credentials, users, sessions, audit, search, searchIndex, sections, people, articles, photos, notices, noticeKinds, editions, releases, planner, print, imports, published, web, feeds, publishable };
}
