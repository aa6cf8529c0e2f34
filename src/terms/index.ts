// Owns the sensitive-term list and check; imports db/, people/ and shared/ only.
export * from './terms.js';
export * from './terms.repo.js';
