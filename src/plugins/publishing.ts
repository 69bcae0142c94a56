import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ContentCache } from '../publishing/content-cache.js';
import { onContentChange } from '../publishing/changes.js';
import { startPublisher, type PublishableKind, type Publisher } from '../publishing/publisher.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Rendered public items, dropped on every instance when one announces a change. */
    contentCache: ContentCache;
    /** The running publisher, when this instance runs one. */
    publisher: Publisher | null;
  }
}

export interface PublishingOptions {
  /** The rendered public items this instance keeps. */
  cache: ContentCache;
  /** What the scheduled-publication loop publishes, in order. */
  kinds: PublishableKind<{ id: number; publishAt: Date | null }>[];
  /** Run the scheduled-publication loop in this instance (the server does; most tests do not). */
  publisher?: false | { intervalMs?: number };
}

/** The public-content cache with its change listener, and the scheduled-publication loop. */
async function publishingPlugin(app: FastifyInstance, options: PublishingOptions): Promise<void> {
  const { cache } = options;
  app.decorate('contentCache', cache);
  app.decorate('publisher', null);
  let unlisten: (() => Promise<void>) | undefined;

  app.addHook('onReady', async () => {
    unlisten = await onContentChange(
      app.database,
      (change) => {
        if (change.entity === 'all') cache.clear();
        else if (change.id === 0) cache.invalidateKind(change.entity);
        else cache.invalidate(change.entity, change.id);
      },
      () => {
        app.log.warn('content change notifications were interrupted; dropped the rendered-content cache');
        cache.clear();
      },
    );
    if (options.publisher) {
      app.publisher = startPublisher({ db: app.db, log: app.log, kinds: options.kinds, intervalMs: options.publisher.intervalMs });
    }
  });

  // Stops before the database plugin closes the database (onClose hooks run in reverse order).
  app.addHook('onClose', async () => {
    await app.publisher?.stop();
    await unlisten?.();
  });
}

export default fp(publishingPlugin, { name: 'publishing', fastify: '5.x', dependencies: ['database'] });
