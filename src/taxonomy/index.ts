// Owns channels and (later) terms; imports db/ and shared/ only.
export * from './taxonomy.repo.js';
