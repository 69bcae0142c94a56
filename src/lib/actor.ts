/** What a signed-in user may do: a reporter files, an editor edits and publishes, an admin also manages users. */
export const USER_ROLES = ['reporter', 'editor', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** Who is making a request: the signed-in user behind the bearer token or the desk session. */
export interface Actor {
  readonly userId: number;
  readonly login: string;
  readonly role: UserRole;
  /** The API token used; null when signed in to the desk. */
  readonly tokenId: number | null;
  /** The desk session, when signed in there. */
  readonly sessionId?: number;
  readonly requestId: string;
}

export const isEditor = (actor: Actor): boolean => actor.role === 'editor' || actor.role === 'admin';
