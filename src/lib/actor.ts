import type { UserRole } from '../db/schema/index.js';

/** Who is making a request: the signed-in user behind the bearer token. */
export interface Actor {
  readonly userId: number;
  readonly login: string;
  readonly role: UserRole;
  readonly tokenId: number;
  readonly requestId: string;
}

export const isEditor = (actor: Actor): boolean => actor.role === 'editor' || actor.role === 'admin';
