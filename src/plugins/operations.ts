/**
 * The names client generators give the service's operations, owned here in one table so they are
 * chosen, not derived: moving a route to another path leaves its name as it was, and a route the
 * table does not know is caught by the OpenAPI test rather than named by an algorithm. Each entry
 * may also describe the success answers whose schema has no description of its own, and name the
 * headers its handler sets on them (the OpenAPI test checks both against the running service).
 *
 * Keys are the method and the path as registered (`:param`); HEAD follows its GET and is not listed.
 */
export interface OperationName {
  operationId: string;
  /** Descriptions of success responses, by status, for responses the route leaves undescribed. */
  responses?: Record<number, string>;
  /** The headers the handler sets on its success responses, by status (error responses get theirs from `problems()`). */
  headers?: Readonly<Record<number, readonly SuccessHeader[]>>;
}

/**
 * A header a success response carries, by what it means (documented by `SUCCESS_HEADERS` in
 * plugins/openapi.ts): `version` the `ETag` `tagVersion` sets (lib/versions.ts), `location` a
 * created item's path, `contentTag` the `ETag` of public content (plugins/caching.ts), and
 * `galleyLines` a galley proof's `X-Galley-Lines`.
 */
export type SuccessHeader = 'version' | 'location' | 'contentTag' | 'galleyLines';

/** A versioned item read or written: its version in `ETag`. */
const VERSIONED = { 200: ['version'] } as const;
/** A versioned item created: its version, and where it now is. */
const CREATED = { 201: ['version', 'location'] } as const;
/** Public content (`sendCacheable`, `sendRendered`): its `ETag`, also on the 304 that answers a matching `If-None-Match`. */
const CACHEABLE = { 200: ['contentTag'], 304: ['contentTag'] } as const;

export const OPERATIONS: Readonly<Record<string, OperationName>> = {
  'GET /healthz': { operationId: 'getHealth', responses: { 200: 'The process is alive' } },
  'GET /readyz': { operationId: 'getReadiness', responses: { 200: 'Ready: the database answers' } },

  'POST /api/v1/users': { operationId: 'createUser', responses: { 201: 'The user as created' }, headers: CREATED },
  'GET /api/v1/users': { operationId: 'listUsers' },
  'GET /api/v1/users/:id': { operationId: 'getUser', responses: { 200: 'The user' }, headers: VERSIONED },
  'PATCH /api/v1/users/:id': { operationId: 'updateUser', responses: { 200: 'The user as changed, at its new version' }, headers: VERSIONED },
  'POST /api/v1/users/:id/tokens': {
    operationId: 'createToken',
    responses: { 201: 'The token issued; its secret is shown in this answer only' },
  },
  'GET /api/v1/users/:id/tokens': { operationId: 'listTokens', responses: { 200: 'The user’s tokens, without their secrets' } },
  'DELETE /api/v1/tokens/:id': { operationId: 'revokeToken' },
  'GET /api/v1/me': { operationId: 'getMe' },

  'POST /api/v1/sections': { operationId: 'createSection', headers: CREATED },
  'GET /api/v1/sections': { operationId: 'listSections' },
  'GET /api/v1/sections/:id': { operationId: 'getSection', headers: VERSIONED },
  'PATCH /api/v1/sections/:id': { operationId: 'updateSection', headers: VERSIONED },
  'DELETE /api/v1/sections/:id': { operationId: 'deleteSection' },

  'POST /api/v1/people': { operationId: 'createPerson', headers: CREATED },
  'GET /api/v1/people': { operationId: 'listPeople' },
  'GET /api/v1/people/:id': { operationId: 'getPerson', headers: VERSIONED },
  'PATCH /api/v1/people/:id': { operationId: 'updatePerson', headers: VERSIONED },
  'DELETE /api/v1/people/:id': { operationId: 'deletePerson' },

  'POST /api/v1/articles': { operationId: 'createArticle', responses: { 201: 'The article as filed: a draft at version 1' }, headers: CREATED },
  'GET /api/v1/articles': { operationId: 'listArticles' },
  'GET /api/v1/articles/:id': { operationId: 'getArticle', responses: { 200: 'The article, with its current version in `ETag`' }, headers: VERSIONED },
  'PATCH /api/v1/articles/:id': { operationId: 'updateArticle', responses: { 200: 'The article as changed, at its new version' }, headers: VERSIONED },
  'POST /api/v1/articles/:id/status': {
    operationId: 'setArticleStatus',
    responses: { 200: 'The article in its new state, at its new version' },
    headers: VERSIONED,
  },
  'GET /api/v1/articles/:id/revisions': { operationId: 'listArticleRevisions', responses: { 200: 'Every saved version of the article' } },
  'GET /api/v1/articles/:id/revisions/:version': { operationId: 'getArticleRevision', responses: { 200: 'The article as it was saved at that version' } },
  'GET /api/v1/articles/:id/corrections': { operationId: 'listArticleCorrections', responses: { 200: 'The article’s corrections, oldest first' } },
  'POST /api/v1/articles/:id/corrections': { operationId: 'createArticleCorrection', responses: { 201: 'The correction as appended' }, headers: { 201: ['version'] } },

  'POST /api/v1/photos': {
    operationId: 'uploadPhoto',
    responses: { 200: 'The photo these bytes were uploaded as before', 201: 'The photo as uploaded, prefilled from the file’s metadata' },
    headers: { 200: ['version', 'location'], 201: ['version', 'location'] },
  },
  'GET /api/v1/photos': { operationId: 'listPhotos' },
  'GET /api/v1/photos/:id': { operationId: 'getPhoto', responses: { 200: 'The photo, with its current version in `ETag`' }, headers: VERSIONED },
  'PATCH /api/v1/photos/:id': { operationId: 'updatePhoto', responses: { 200: 'The photo as changed, at its new version' }, headers: VERSIONED },
  'GET /api/v1/photos/:id/revisions': { operationId: 'listPhotoRevisions', responses: { 200: 'Every saved version of the photo’s fields' } },
  'GET /api/v1/photos/:id/original': { operationId: 'getPhotoOriginal' },
  'GET /api/v1/photos/:id/renditions/:variant/:file': { operationId: 'getPhotoRendition' },
  'GET /media/photos/:id/:variant/:file': { operationId: 'getPublishedPhotoRendition', headers: CACHEABLE },

  'POST /api/v1/notices': { operationId: 'createNotice', responses: { 201: 'The notice as filed, with the rows whose ID numbers were masked' }, headers: CREATED },
  'GET /api/v1/notices': { operationId: 'listNotices' },
  'GET /api/v1/notices/:id': { operationId: 'getNotice', responses: { 200: 'The notice, with its current version in `ETag`' }, headers: VERSIONED },
  'PATCH /api/v1/notices/:id': { operationId: 'updateNotice', responses: { 200: 'The notice as changed, at its new version' }, headers: VERSIONED },
  'GET /api/v1/notices/:id/rows': { operationId: 'listNoticeRows' },
  'PUT /api/v1/notices/:id/table': { operationId: 'replaceNoticeTable', responses: { 200: 'The notice with its new table, at its new version' }, headers: VERSIONED },
  'POST /api/v1/notices/:id/status': { operationId: 'setNoticeStatus', responses: { 200: 'The notice in its new state, at its new version' }, headers: VERSIONED },
  'GET /api/v1/notices/:id/revisions': { operationId: 'listNoticeRevisions', responses: { 200: 'Every saved version of the notice' } },
  'GET /api/v1/notices/:id/revisions/:version': { operationId: 'getNoticeRevision', responses: { 200: 'The notice as it was saved at that version' } },
  'GET /api/v1/notice-kinds': { operationId: 'listNoticeKinds', responses: { 200: 'Every kind of notice' } },
  'POST /api/v1/notice-kinds': { operationId: 'createNoticeKind', responses: { 201: 'The kind as added' }, headers: CREATED },
  'GET /api/v1/notice-kinds/:key': { operationId: 'getNoticeKind', responses: { 200: 'The kind of notice' }, headers: VERSIONED },
  'PATCH /api/v1/notice-kinds/:key': { operationId: 'updateNoticeKind', responses: { 200: 'The kind as changed, at its new version' }, headers: VERSIONED },

  'POST /api/v1/editions': { operationId: 'createEdition', headers: CREATED },
  'GET /api/v1/editions': { operationId: 'listEditions' },
  'GET /api/v1/editions/:date': { operationId: 'getEdition', headers: VERSIONED },
  'PATCH /api/v1/editions/:date': { operationId: 'updateEdition', headers: VERSIONED },
  'DELETE /api/v1/editions/:date': { operationId: 'deleteEdition' },
  'GET /api/v1/editions/:date/pages': { operationId: 'listEditionPages', responses: { 200: 'Every page of the edition, with its placements' } },
  'GET /api/v1/editions/:date/pages/:label': { operationId: 'getEditionPage', headers: VERSIONED },
  'PUT /api/v1/editions/:date/pages/:label': { operationId: 'putEditionPage', headers: { ...VERSIONED, ...CREATED } },
  'DELETE /api/v1/editions/:date/pages/:label': { operationId: 'deleteEditionPage' },
  'GET /api/v1/editions/:date/plan': { operationId: 'getEditionPlan', headers: VERSIONED },
  'POST /api/v1/editions/:date/release': {
    operationId: 'releaseEdition',
    responses: { 200: 'The edition as released: its items scheduled for the release time, or published' },
    headers: VERSIONED,
  },

  'POST /api/v1/imports/page/preview': { operationId: 'previewPageImport', responses: { 200: 'What an import would make of the page; nothing is stored' } },
  'POST /api/v1/imports/page': {
    operationId: 'importPage',
    responses: { 200: 'The page was imported before: the first import’s drafts', 201: 'The drafts made from the page, and every repair' },
  },
  'GET /api/v1/audit': { operationId: 'listAuditEvents' },
  'GET /api/v1/search': { operationId: 'search', responses: { 200: 'A page of hits, best first' } },

  'GET /print/editions/:date.pdf': { operationId: 'renderEditionPdf' },
  'GET /print/editions/:date/pages/:label.pdf': { operationId: 'renderEditionPagePdf' },
  'GET /print/editions/:date/pages/:label/fit': { operationId: 'getEditionPageFit' },
  'GET /print/articles/:id.pdf': { operationId: 'renderArticleGalley', headers: { 200: ['galleyLines'] } },
  'POST /print/articles/:id/fit': { operationId: 'measureArticleDraft' },

  'GET /content/v1/sections': { operationId: 'listPublicSections', responses: { 200: 'Every section of the paper' }, headers: CACHEABLE },
  'GET /content/v1/articles': { operationId: 'listPublicArticles', responses: { 200: 'A page of published articles, newest first' }, headers: CACHEABLE },
  'GET /content/v1/articles/:id': { operationId: 'getPublicArticle', responses: { 200: 'The published article' }, headers: CACHEABLE },
  'GET /content/v1/notices': { operationId: 'listPublicNotices', responses: { 200: 'A page of published notices, newest first' }, headers: CACHEABLE },
  'GET /content/v1/notices/:id': { operationId: 'getPublicNotice', responses: { 200: 'The published notice' }, headers: CACHEABLE },
  'GET /content/v1/notices/:id/rows': { operationId: 'listPublicNoticeRows', headers: CACHEABLE },
  'GET /content/v1/editions': { operationId: 'listPublicEditions', responses: { 200: 'A page of public editions, newest first' }, headers: CACHEABLE },
  'GET /content/v1/editions/:date': { operationId: 'getPublicEdition', responses: { 200: 'The public edition, its pages and what each holds' }, headers: CACHEABLE },
  'GET /content/v1/search': { operationId: 'searchPublished', responses: { 200: 'A page of published hits, best first' } },

  'GET /': { operationId: 'getWebHome', headers: CACHEABLE },
  'GET /editions': { operationId: 'getWebEditions', headers: CACHEABLE },
  'GET /editions/:date': { operationId: 'getWebEdition', headers: CACHEABLE },
  'GET /editions/:date/:label': { operationId: 'getWebEditionPage', headers: CACHEABLE },
  'GET /editions/:date/:label.pdf': { operationId: 'getWebEditionPagePdf', headers: CACHEABLE },
  'GET /articles/:id': { operationId: 'getWebArticle', headers: CACHEABLE },
  'GET /notices/:id': { operationId: 'getWebNotice', headers: CACHEABLE },
  'GET /search': { operationId: 'getWebSearch' },
  'GET /sections/:slug': { operationId: 'getWebSection', headers: CACHEABLE },
  'GET /feed.xml': { operationId: 'getFeed', headers: CACHEABLE },
  'GET /sitemap.xml': { operationId: 'getSitemap', headers: CACHEABLE },
  'GET /news-sitemap.xml': { operationId: 'getNewsSitemap', headers: CACHEABLE },
};
