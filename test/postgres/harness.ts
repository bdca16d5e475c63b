/**
 * Shared setup for the eventsmith/postgres tests: one private PostgreSQL per test file and a
 * fresh database per test (`database()`), so tables never leak between tests; pools are
 * closed and the server removed after the file.
 */
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { startPostgresServer, type PostgresServer } from "../support/postgres-server.js";

export interface PgHarness {
  server: PostgresServer;
  /** A pool on a new, empty database. */
  database(poolOptions?: pg.PoolConfig): Promise<pg.Pool>;
  /** The connection string of the last database made. */
  url(database: string): string;
}

let databases = 0;

export function usePostgres(): PgHarness {
  const pools: pg.Pool[] = [];
  const harness = {} as PgHarness;
  beforeAll(async () => {
    const server = await startPostgresServer();
    const url = (database: string) => server.url.replace(/\/postgres$/, `/${database}`);
    Object.assign(harness, {
      server,
      url,
      async database(poolOptions: pg.PoolConfig = {}) {
        const name = `t${process.pid}_${++databases}`;
        const admin = new pg.Client({ connectionString: server.url });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${name}`);
        await admin.end();
        const pool = new pg.Pool({ connectionString: url(name), max: 20, ...poolOptions });
        // fault tests kill the server under idle clients (the pool replaces them) and under
        // checked-out ones (their next query fails, which the test handles)
        pool.on("error", () => undefined);
        pool.on("connect", (client) => client.on("error", () => undefined));
        pools.push(pool);
        return pool;
      },
    } satisfies PgHarness);
  }, 60_000);
  afterAll(async () => {
    await Promise.allSettled(pools.map((pool) => pool.end()));
    await harness.server?.stop();
  });
  return harness;
}

/** Resolves once `predicate` holds, polling; fails naming `what` after `timeoutMs`. */
export async function until(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
