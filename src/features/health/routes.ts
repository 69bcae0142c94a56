import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sendProblem } from '../../plugins/problem-details.js';
import { problems } from '../../lib/schemas.js';

const READY_TIMEOUT_MS = 2000;

/** Liveness and readiness for load balancers and orchestrators. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      logLevel: 'warn',
      schema: {
        tags: ['operations'],
        summary: 'The process is alive',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      logLevel: 'warn',
      schema: {
        tags: ['operations'],
        summary: 'The database answers',
        response: {
          200: Type.Object({ status: Type.Literal('ready'), database: Type.String({ description: 'postgres or pglite' }) }),
          ...problems(503),
        },
      },
    },
    async (request, reply) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          app.database.ping(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('database ping timed out')), READY_TIMEOUT_MS);
          }),
        ]);
        return { status: 'ready' as const, database: app.database.driver };
      } catch (err) {
        request.log.warn({ err }, 'not ready');
        // As every other 503 of the service: when to ask again.
        reply.header('retry-after', '5');
        return sendProblem(request, reply, {
          status: 503,
          slug: 'not-ready',
          title: 'Not ready',
          detail: 'The database does not answer',
        });
      } finally {
        clearTimeout(timer);
      }
    },
  );
};
