// Owns news articles and their order; imports db/, richtext/ and shared/ only.
export * from './news.types.js';
export * from './news.repo.js';
export * from './news.service.js';
export * from './news.workflow.js';
export * from './news.diff.js';
export * from './news.mentions.js';
