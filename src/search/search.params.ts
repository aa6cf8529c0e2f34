// A search's parameters as the API and the search page take them from a query string.
import { z } from 'zod';
import { LANGS } from '../shared/lang.js';
import { SEARCH_TYPES } from './search.types.js';

/** The last page of results a query string may ask for (and the pager offers). */
export const MAX_SEARCH_PAGE = 1000;

const Id = z.coerce.number().int().positive().max(2 ** 31 - 1);
export const SearchParamsSchema = z.object({
  q: z.string().trim().min(1).max(200).describe('Words to find, Chinese (simplified or traditional) and/or English'),
  lang: z.enum(LANGS).optional().describe('Only items in this language; both when absent'),
  type: z.enum(SEARCH_TYPES).optional(),
  channel: Id.optional().describe('Only articles of this channel (its id)'),
  institution: Id.optional().describe('Only articles about this institution (its id)'),
  year: z.coerce.number().int().min(1900).max(2200).optional().describe('Only articles published that year (Beijing time)'),
  page: z.coerce.number().int().min(1).max(MAX_SEARCH_PAGE).default(1),
  perPage: z.coerce.number().int().min(1).max(50).default(10),
});
export type SearchParams = z.infer<typeof SearchParamsSchema>;
