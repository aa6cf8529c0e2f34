// A slice of a longer list, as every list service and the JSON API return it.
export interface Paged<T> {
  items: T[];
  total: number;
}
export interface PageRequest {
  offset: number;
  limit: number;
}
export const pageRequest = (page: number, perPage: number): PageRequest => ({
  offset: (Math.max(1, page) - 1) * perPage,
  limit: perPage,
});
