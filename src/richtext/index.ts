// Owns the rich-text document model (schema, conversions); imports nothing but shared/ and zod.
export * from './richtext.js';
export * from './from-html.js';
export * from './from-editor.js';
export * from './mentions.js';
export * from './checks.js';
