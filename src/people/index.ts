// Owns accounts, login, sessions, API tokens, roles and the audit log; imports db/ and shared/ only.
export * from './people.types.js';
export * from './people.repo.js';
export * from './passwords.js';
export * from './permissions.js';
export * from './auth.service.js';
export * from './audit.repo.js';
export * from './audit.js';
