// Owns the search index (segmentation, ranking, snippets); imports db/, shared/, richtext/ and the
// content modules' types only.
export * from './search.types.js';
export * from './search.params.js';
export * from './search.repo.js';
export * from './search.service.js';
export * from './search.suggest.js';
export * from './search.docs.js';
export * from './segment.js';
export * from './search.version.js';
