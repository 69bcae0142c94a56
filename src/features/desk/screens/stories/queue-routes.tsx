import type { FastifyPluginAsync } from 'fastify';
import { NotFound } from '../../../../errors.js';
import { todayIn } from '../../../../lib/time.js';
import { actorOf, deskOf, isEditorRole, sendPage } from '../../context.js';
import type { ScreenOptions } from '../options.js';
import { QueuePage } from './queue-page.js';
import { parseQueueFilters, statesOf } from './queue-query.js';

/** Stories a page of the queue shows. */
const PAGE_SIZE = 50;

/** `GET /desk/stories`: the story queue (稿件), filtered by its URL. */
export const queueRoutes: FastifyPluginAsync<ScreenOptions> = async (app, { services, site }) => {
  const { articles, people } = services;

  app.get('/stories', { schema: { hide: true } }, async (request, reply) => {
    const desk = deskOf(request, site);
    const filters = parseQueueFilters(request.query, isEditorRole(desk.user.role));
    const [page, choices, personName] = await Promise.all([
      articles.queue(actorOf(request), {
        statuses: statesOf(filters.state),
        section: filters.section,
        reporter: filters.reporter,
        person: filters.person,
        cursor: filters.cursor,
        limit: PAGE_SIZE,
      }),
      articles.queueChoices(),
      filters.person === undefined ? null : people.get(filters.person).then((p) => p.name, (error: unknown) => (error instanceof NotFound ? null : Promise.reject(error))),
    ]);
    return sendPage(reply, <QueuePage desk={desk} filters={filters} items={page.items} nextCursor={page.nextCursor} choices={choices} personName={personName} today={todayIn(site.timeZone)} />);
  });
};
