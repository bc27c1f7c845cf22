/** The app roles of the API's registration, as they appear in a token's `roles` claim. */
export const APP_ROLES = {
  read: 'BulkAssign.Read',
  write: 'BulkAssign.Write',
  admin: 'BulkAssign.Admin',
} as const;

export type AppRole = (typeof APP_ROLES)[keyof typeof APP_ROLES];

/** Whether `held` grants `needed`: each role grants itself, and Admin grants every role. */
export function grantsRole(held: readonly string[], needed: AppRole): boolean {
  return held.includes(needed) || held.includes(APP_ROLES.admin);
}
