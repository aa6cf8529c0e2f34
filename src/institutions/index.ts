// Owns institutions (directory order, profiles); imports db/, richtext/, workflow/ and shared/ only.
export * from './institutions.types.js';
export * from './institutions.repo.js';
export * from './institutions.service.js';
export * from './institutions.workflow.js';
