// Owns standalone pages (About…); imports db/, richtext/, workflow/ and shared/ only.
export * from './pages.types.js';
export * from './pages.repo.js';
export * from './pages.service.js';
export * from './pages.workflow.js';
