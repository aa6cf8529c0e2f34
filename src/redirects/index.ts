// Owns old and moved addresses: redirects, 410 Gone tombstones and the rules of both; imports
// db/, people/ and shared/ only.
export * from './addresses.js';
export * from './redirects.types.js';
export * from './redirects.repo.js';
export * from './redirects.service.js';
