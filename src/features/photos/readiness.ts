import type { Database } from '../../db/client.js';
import { storiesWithPhotosLackingAlt } from './repository.js';

/**
 * Why each of these stories may not go public however far it went, by id: a photo it shows has
 * no alt text (a screen reader's only picture). A status move refuses them, an edition's
 * release skips or refuses them, and the flatplan says so.
 */
export async function lackingAlt(db: Database, articleIds: readonly number[]): Promise<Map<number, string>> {
  const lacking = await storiesWithPhotosLackingAlt(db, articleIds);
  return new Map([...lacking].map(([id, photoIds]) => [id, `shows photo ${photoIds.join(', ')} without alt text`]));
}
