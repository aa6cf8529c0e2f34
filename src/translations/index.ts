// Owns the translation view: which items lack a version in a language and which versions lag
// behind their source; imports db/, people/ and shared/ only.
export * from './translations.types.js';
export * from './translations.repo.js';
export * from './translations.service.js';
