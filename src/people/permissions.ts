// Who may do what. Roles are ordered: each can do what the ones before it can, and more.
import { AppError } from '../shared/errors.js';
import { ROLES, type Actor, type Role } from './people.types.js';

const rank = (role: Role) => ROLES.indexOf(role);

export const hasRole = (actor: Actor | undefined, least: Role): boolean => actor !== undefined && rank(actor.role) >= rank(least);

export function requireRole(actor: Actor | undefined, least: Role, what: string): Actor {
  if (!actor) throw new AppError('unauthenticated', 'SIGN_IN_REQUIRED', 'Sign in first', { isPublic: true });
  if (!hasRole(actor, least)) throw new AppError('forbidden', 'ROLE_FORBIDDEN', `Only a ${least} or above may ${what}`, { isPublic: true });
  return actor;
}
