// Owns standalone pages (About…); imports db/, richtext/ and shared/ only.
export * from './pages.types.js';
export * from './pages.repo.js';
export * from './pages.service.js';
