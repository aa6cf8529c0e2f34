import type { Lang } from '../shared/lang.js';

export const ROLES = ['contributor', 'editor', 'publisher', 'administrator'] as const;
export type Role = (typeof ROLES)[number];
export const isRole = (v: unknown): v is Role => ROLES.includes(v as Role);

export interface User {
  id: number;
  name: string;
  displayName: string;
  email: string | null;
  role: Role;
  locale: Lang;
  hasTotp: boolean;
  passwordChangedAt: string;
  failedLogins: number;
  lastFailedAt: string | null;
  lockedUntil: string | null;
  disabledAt: string | null;
  createdAt: string;
}

/** Who is acting: a signed-in user, through a session or an API token. */
export interface Actor {
  id: number;
  name: string;
  role: Role;
  locale: Lang;
  /** What an editor looks after; empty or absent: everything. */
  scope?: Scope;
}

/** Channel ids and institution ids (in both languages) an editor looks after. */
export interface Scope {
  channels: number[];
  institutions: number[];
}

export interface SessionInfo {
  id: number;
  userId: number;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

export interface ApiTokenInfo {
  id: number;
  userId: number;
  userName: string;
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Login and session rules; the MLPS profile tightens them for inspected deployments. */
export interface AuthPolicy {
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  mlps: boolean;
  /** scrypt cost (N); OWASP's 2^17 unless a test asks for less. */
  scryptN: number;
}

export const DEFAULT_AUTH_POLICY: AuthPolicy = { sessionIdleMinutes: 30, sessionMaxHours: 12, mlps: false, scryptN: 2 ** 17 };

export interface AuditEntry {
  actor: Pick<Actor, 'id' | 'name'> | null;
  action: string;
  entityType?: string;
  entityId?: number;
  from?: string | null;
  to?: string | null;
  comment?: string | null;
  clientAddress?: string | null;
}
