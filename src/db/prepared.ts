// Queries built and compiled once, then run with new values (both dialects).
import type { Compilable, CompiledQuery, Kysely } from 'kysely';

/**
 * Kysely builds and compiles a query on every call, which on a lookup by key costs more than
 * SQLite takes to run it. `build` is called once, with a stand-in for each value; the compiled
 * query's parameters that are stand-ins take the values of each call, the others stay as built.
 * A stand-in must be used as a value only (compared, inserted), never inspected.
 */
export function prepared<P extends object, R>(db: Pick<Kysely<never>, 'executeQuery'>, build: (values: P) => Compilable<R>) {
  let compiled: CompiledQuery<R> | undefined;
  let slots: (string | undefined)[] = [];
  return async (values: P): Promise<R[]> => {
    if (!compiled) {
      const names = new Map<object, string>();
      const standIns = new Proxy({} as P, {
        get(_, name) {
          const standIn = { name };
          names.set(standIn, String(name));
          return standIn;
        },
      });
      const built = build(standIns).compile();
      if (![...names.keys()].every((standIn) => built.parameters.includes(standIn))) throw new Error(`prepared query: a stand-in is not a parameter of ${built.sql}`);
      slots = built.parameters.map((p) => (typeof p === 'object' && p !== null ? names.get(p) : undefined));
      compiled = built;
    }
    const parameters = compiled.parameters.map((p, i) => (slots[i] === undefined ? p : values[slots[i] as keyof P]));
    return (await db.executeQuery<R>({ ...compiled, parameters })).rows;
  };
}
