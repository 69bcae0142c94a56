/** What a signed-in user may do: a reporter files, an editor edits and publishes, an admin also manages users. */
export const USER_ROLES = ['reporter', 'editor', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** Who is making a request: the signed-in user behind the bearer token. */
export interface Actor {
  readonly userId: number;
  readonly login: string;
  readonly role: UserRole;
  readonly tokenId: number;
  readonly requestId: string;
}

export const isEditor = (actor: Actor): boolean => actor.role === 'editor' || actor.role === 'admin';
