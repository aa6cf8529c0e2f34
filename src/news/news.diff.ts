// Comparing two revisions of an article: see workflow/, which compares every kind the same way.
export { compareRevisions, diffWords, type DiffPart, type RevisionComparison } from '../workflow/index.js';
