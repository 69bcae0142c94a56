import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isEditor } from '../../lib/actor.js';
import { problems } from '../../lib/schemas.js';
import { CHECKED_CANDIDATES, PublicSearchPage, PublicSearchQuery, RANKED_CANDIDATES, SearchPage, SearchQuery } from './schemas.js';
import type { SearchService } from './service.js';

const RANKING =
  `Ranked by where the words stand in the heads (headline and kicker first, then subtitle and summary, byline; a match in the text alone counts a little) and by how recent the item is. ` +
  `Only the newest ${RANKED_CANDIDATES} matches are ranked, and a phrase (or an exclusion) is checked against the newest ${CHECKED_CANDIDATES} items holding its characters: ` +
  '`bounded` says when more may match; narrow the query or give `from`/`to` to reach older ones. A search running past 5 s on PostgreSQL is stopped (503). ' +
  'A query search cannot read (empty, a single character, only punctuation, a whole ID number, over 200 characters) is a 400 whose `reason` says which.';

/** The newsroom's search. */
export const searchRoutes: FastifyPluginAsyncTypebox<{ search: SearchService }> = async (app, { search }) => {
  app.get(
    '/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Search stories, notices and photos',
        description:
          'Editors find items in every state; reporters their own (filed by them or crediting them) in every state, and everyone’s published ones. ' +
          `Notices come with their matching table rows. ${RANKING}`,
        querystring: SearchQuery,
        response: { 200: SearchPage, ...problems(400, 401) },
      },
    },
    async (request) => search.newsroom({ userId: request.actor.userId, editor: isEditor(request.actor) }, request.query),
  );
};

/** The public's search. */
export const publicSearchRoutes: FastifyPluginAsyncTypebox<{ search: SearchService }> = async (app, { search }) => {
  app.get(
    '/search',
    {
      schema: {
        tags: ['content'],
        summary: 'Search published stories and notices',
        description:
          'Public. Only what is published: an item withdrawn is gone from the next search. A notice’s matching table rows show names and places as printed, ' +
          `ID numbers masked. Not cached: a search always answers from what is published now. ${RANKING}`,
        querystring: PublicSearchQuery,
        response: { 200: PublicSearchPage, ...problems(400) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-cache');
      return search.published(request.query);
    },
  );
};
