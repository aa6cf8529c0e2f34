// Owns the editorial workflow shared by articles, pages and institutions (transitions, roles,
// revisions, the terms gate, the audit trail, schedules); imports db/, people/, richtext/, terms/ and shared/ only.
export * from './workflow.types.js';
export * from './workflow.diff.js';
export * from './workflow.repo.js';
export * from './workflow.service.js';
export * from './workflow.translations.js';
