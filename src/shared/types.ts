/** count(*) comes back as a number from SQLite and as a string from PostgreSQL. */
export type Countable = string | number | bigint;
