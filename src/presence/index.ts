// Owns who has an item open in the workspace (the editor's "also editing" banner).
// Imports db/, people/ and shared/ only; what an actor may open is told to it by the caller.
export * from './presence.repo.js';
export * from './presence.service.js';
