import type { FastifyPluginAsync } from 'fastify';
import { BadRequest } from '../../../../errors.js';
import { isEditor } from '../../../../lib/actor.js';
import { todayIn } from '../../../../lib/time.js';
import type { QueryRefusal } from '../../../../lib/search/query.js';
import { actorOf, deskOf, sendPage } from '../../context.js';
import type { ScreenOptions } from '../options.js';
import { parseSearchFilters, type SearchFilters } from './query.js';
import { SearchPage } from './search-page.js';
import { REFUSALS, REFUSED } from './words.js';

/** Hits a page of the search shows. */
const PAGE_SIZE = 20;

/** The refusal's words when `error` is the service saying the query cannot be searched. */
function refusalOf(error: unknown): { reason: QueryRefusal | null; message: string } | null {
  if (!(error instanceof BadRequest) || typeof error.extensions.reason !== 'string') return null;
  const reason = error.extensions.reason as QueryRefusal;
  return { reason, message: REFUSALS[reason] ?? REFUSED };
}

/**
 * 搜索: `GET /desk/search`, open to every role (the service narrows what a reporter finds).
 * Without a query it is the empty form; a query the search refuses is the form again with why,
 * as a 400.
 */
export const searchScreens: FastifyPluginAsync<ScreenOptions> = async (app, { services, site }) => {
  const { search, articles } = services;

  app.get('/search', { schema: { hide: true } }, async (request, reply) => {
    const desk = deskOf(request, site);
    const filters = parseSearchFilters(request.query);
    const today = todayIn(site.timeZone);
    const { sections } = await articles.queueChoices();
    const page = (shown: SearchFilters, results: Awaited<ReturnType<typeof search.newsroom>> | null, refusal: string | null, status = 200) =>
      sendPage(reply, <SearchPage desk={desk} filters={shown} sections={sections} results={results} refusal={refusal} today={today} />, status);

    if (!filters.q.trim()) return page(filters, null, null);
    if (filters.from && filters.to && filters.from > filters.to) return page(filters, null, '开始日期晚于结束日期，请对调或重新选择。', 400);
    const actor = actorOf(request);
    try {
      const results = await search.newsroom({ userId: actor.userId, editor: isEditor(actor) }, { ...filters, limit: PAGE_SIZE });
      return page(filters, results, null);
    } catch (error) {
      const refused = refusalOf(error);
      if (!refused) throw error;
      // A whole ID number is never shown back, not even in the field it was typed into.
      return page(refused.reason === 'full-id-number' ? { ...filters, q: '' } : filters, null, refused.message, 400);
    }
  });
};
