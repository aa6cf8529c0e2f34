// Owns the old site's export formats and their import; calls domain services, never SQL.
export * from './legacy.types.js';
export * from './parse.js';
export * from './importer.js';
export * from './legacy-map.js';
