// Owns the store: connections, migrations and row types. Imports only config/ and shared/.
export * from './backup.js';
export * from './database.js';
export * from './dialect.js';
export * from './prepared.js';
export type * from './schema.js';
export * from './audit-chain.js';
export * from './listen.js';
