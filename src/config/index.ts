// Owns configuration: the schema, the loader and the only reads of process.env.
export * from './config.js';
