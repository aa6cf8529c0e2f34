// Owns the first-start demo content (zh, en) and its loading into an empty store.
// Writes only through app/ services; must not import legacy/, http/ or site/, nor query db/ itself.
export * from './demo-content.js';
export * from './load-demo.js';
