/**
 * The names client generators give the service's operations, owned here in one table so they are
 * chosen, not derived: moving a route to another path leaves its name as it was, and a route the
 * table does not know is caught by the OpenAPI test rather than named by an algorithm. Each entry
 * may also describe the success answers whose schema has no description of its own.
 *
 * Keys are the method and the path as registered (`:param`); HEAD follows its GET and is not listed.
 */
export interface OperationName {
  operationId: string;
  /** Descriptions of success responses, by status, for responses the route leaves undescribed. */
  responses?: Record<number, string>;
}

export const OPERATIONS: Readonly<Record<string, OperationName>> = {
  'GET /healthz': { operationId: 'getHealth', responses: { 200: 'The process is alive' } },
  'GET /readyz': { operationId: 'getReadiness', responses: { 200: 'Ready: the database answers' } },

  'POST /api/v1/users': { operationId: 'createUser', responses: { 201: 'The user as created' } },
  'GET /api/v1/users': { operationId: 'listUsers' },
  'GET /api/v1/users/:id': { operationId: 'getUser', responses: { 200: 'The user' } },
  'PATCH /api/v1/users/:id': { operationId: 'updateUser', responses: { 200: 'The user as changed, at its new version' } },
  'POST /api/v1/users/:id/tokens': {
    operationId: 'createToken',
    responses: { 201: 'The token issued; its secret is shown in this answer only' },
  },
  'GET /api/v1/users/:id/tokens': { operationId: 'listTokens', responses: { 200: 'The user’s tokens, without their secrets' } },
  'DELETE /api/v1/tokens/:id': { operationId: 'revokeToken' },
  'GET /api/v1/me': { operationId: 'getMe' },

  'POST /api/v1/sections': { operationId: 'createSection' },
  'GET /api/v1/sections': { operationId: 'listSections' },
  'GET /api/v1/sections/:id': { operationId: 'getSection' },
  'PATCH /api/v1/sections/:id': { operationId: 'updateSection' },
  'DELETE /api/v1/sections/:id': { operationId: 'deleteSection' },

  'POST /api/v1/people': { operationId: 'createPerson' },
  'GET /api/v1/people': { operationId: 'listPeople' },
  'GET /api/v1/people/:id': { operationId: 'getPerson' },
  'PATCH /api/v1/people/:id': { operationId: 'updatePerson' },
  'DELETE /api/v1/people/:id': { operationId: 'deletePerson' },

  'POST /api/v1/articles': { operationId: 'createArticle', responses: { 201: 'The article as filed: a draft at version 1' } },
  'GET /api/v1/articles': { operationId: 'listArticles' },
  'GET /api/v1/articles/:id': { operationId: 'getArticle', responses: { 200: 'The article, with its current version in `ETag`' } },
  'PATCH /api/v1/articles/:id': { operationId: 'updateArticle', responses: { 200: 'The article as changed, at its new version' } },
  'POST /api/v1/articles/:id/status': {
    operationId: 'setArticleStatus',
    responses: { 200: 'The article in its new state, at its new version' },
  },
  'GET /api/v1/articles/:id/revisions': { operationId: 'listArticleRevisions', responses: { 200: 'Every saved version of the article' } },
  'GET /api/v1/articles/:id/revisions/:version': { operationId: 'getArticleRevision', responses: { 200: 'The article as it was saved at that version' } },
  'GET /api/v1/articles/:id/corrections': { operationId: 'listArticleCorrections', responses: { 200: 'The article’s corrections, oldest first' } },
  'POST /api/v1/articles/:id/corrections': { operationId: 'createArticleCorrection', responses: { 201: 'The correction as appended' } },

  'POST /api/v1/notices': { operationId: 'createNotice', responses: { 201: 'The notice as filed, with the rows whose ID numbers were masked' } },
  'GET /api/v1/notices': { operationId: 'listNotices' },
  'GET /api/v1/notices/:id': { operationId: 'getNotice', responses: { 200: 'The notice, with its current version in `ETag`' } },
  'PATCH /api/v1/notices/:id': { operationId: 'updateNotice', responses: { 200: 'The notice as changed, at its new version' } },
  'GET /api/v1/notices/:id/rows': { operationId: 'listNoticeRows' },
  'PUT /api/v1/notices/:id/table': { operationId: 'replaceNoticeTable', responses: { 200: 'The notice with its new table, at its new version' } },
  'POST /api/v1/notices/:id/status': { operationId: 'setNoticeStatus', responses: { 200: 'The notice in its new state, at its new version' } },
  'GET /api/v1/notices/:id/revisions': { operationId: 'listNoticeRevisions', responses: { 200: 'Every saved version of the notice' } },
  'GET /api/v1/notices/:id/revisions/:version': { operationId: 'getNoticeRevision', responses: { 200: 'The notice as it was saved at that version' } },
  'GET /api/v1/notice-kinds': { operationId: 'listNoticeKinds', responses: { 200: 'Every kind of notice' } },
  'POST /api/v1/notice-kinds': { operationId: 'createNoticeKind', responses: { 201: 'The kind as added' } },
  'GET /api/v1/notice-kinds/:key': { operationId: 'getNoticeKind', responses: { 200: 'The kind of notice' } },
  'PATCH /api/v1/notice-kinds/:key': { operationId: 'updateNoticeKind', responses: { 200: 'The kind as changed, at its new version' } },

  'POST /api/v1/editions': { operationId: 'createEdition' },
  'GET /api/v1/editions': { operationId: 'listEditions' },
  'GET /api/v1/editions/:date': { operationId: 'getEdition' },
  'PATCH /api/v1/editions/:date': { operationId: 'updateEdition' },
  'DELETE /api/v1/editions/:date': { operationId: 'deleteEdition' },
  'GET /api/v1/editions/:date/pages': { operationId: 'listEditionPages', responses: { 200: 'Every page of the edition, with its placements' } },
  'GET /api/v1/editions/:date/pages/:label': { operationId: 'getEditionPage' },
  'PUT /api/v1/editions/:date/pages/:label': { operationId: 'putEditionPage' },
  'DELETE /api/v1/editions/:date/pages/:label': { operationId: 'deleteEditionPage' },
  'GET /api/v1/editions/:date/plan': { operationId: 'getEditionPlan' },
  'POST /api/v1/editions/:date/release': {
    operationId: 'releaseEdition',
    responses: { 200: 'The edition as released: its items scheduled for the release time, or published' },
  },

  'POST /api/v1/imports/page': {
    operationId: 'importPage',
    responses: { 200: 'The page was imported before: the first import’s drafts', 201: 'The drafts made from the page, and every repair' },
  },
  'GET /api/v1/audit': { operationId: 'listAuditEvents' },

  'GET /print/editions/:date.pdf': { operationId: 'renderEditionPdf' },
  'GET /print/editions/:date/pages/:label.pdf': { operationId: 'renderEditionPagePdf' },
  'GET /print/editions/:date/pages/:label/fit': { operationId: 'getEditionPageFit' },
  'GET /print/articles/:id.pdf': { operationId: 'renderArticleGalley' },

  'GET /content/v1/sections': { operationId: 'listPublicSections', responses: { 200: 'Every section of the paper' } },
  'GET /content/v1/articles': { operationId: 'listPublicArticles', responses: { 200: 'A page of published articles, newest first' } },
  'GET /content/v1/articles/:id': { operationId: 'getPublicArticle', responses: { 200: 'The published article' } },
  'GET /content/v1/notices': { operationId: 'listPublicNotices', responses: { 200: 'A page of published notices, newest first' } },
  'GET /content/v1/notices/:id': { operationId: 'getPublicNotice', responses: { 200: 'The published notice' } },
  'GET /content/v1/notices/:id/rows': { operationId: 'listPublicNoticeRows' },
  'GET /content/v1/editions': { operationId: 'listPublicEditions', responses: { 200: 'A page of public editions, newest first' } },
  'GET /content/v1/editions/:date': { operationId: 'getPublicEdition', responses: { 200: 'The public edition, its pages and what each holds' } },

  'GET /': { operationId: 'getWebHome' },
  'GET /editions': { operationId: 'getWebEditions' },
  'GET /editions/:date': { operationId: 'getWebEdition' },
  'GET /editions/:date/:label': { operationId: 'getWebEditionPage' },
  'GET /editions/:date/:label.pdf': { operationId: 'getWebEditionPagePdf' },
  'GET /articles/:id': { operationId: 'getWebArticle' },
  'GET /notices/:id': { operationId: 'getWebNotice' },
  'GET /sections/:slug': { operationId: 'getWebSection' },
  'GET /feed.xml': { operationId: 'getFeed' },
  'GET /sitemap.xml': { operationId: 'getSitemap' },
  'GET /news-sitemap.xml': { operationId: 'getNewsSitemap' },
};
