// Owns the media library: uploads, their files and variants, and where they are used.
// Imports db/, people/, richtext/ and shared/ only; knows nothing of HTTP.
export * from './media.types.js';
export * from './media.repo.js';
export * from './media.service.js';
export { ACCEPTED_TYPES, detectType } from './media.detect.js';
export { IMAGE_WIDTHS, widthsFor } from './media.images.js';
export { STORED_PATH } from './media.storage.js';
