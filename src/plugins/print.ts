import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { PrintPool } from '../render/print/pool.js';

/** The print pool's life: it starts workers only when a first render is asked for, and stops them when the app closes. */
async function printPlugin(app: FastifyInstance, { pool }: { pool: PrintPool }): Promise<void> {
  app.addHook('onClose', async () => pool.close());
}

export default fp(printPlugin, { name: 'print', fastify: '5.x' });
