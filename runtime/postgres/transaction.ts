/** Pooled clients and transactions that survive the database going away. */
import type pg from "pg";

const guarded = new WeakSet<pg.PoolClient>();
const ignore = () => undefined;

/**
 * A client from the pool. pg-pool removes its error listener while a client is checked out, so
 * a connection lost between two queries (a database restart) would be an uncaught 'error'
 * event; the next query on it fails instead, and the caller handles that.
 */
export async function checkout(pool: pg.Pool): Promise<pg.PoolClient> {
  const client = await pool.connect();
  if (!guarded.has(client)) {
    guarded.add(client);
    client.on("error", ignore);
  }
  return client;
}

/** One transaction on a pooled client: committed when `work` resolves, rolled back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await checkout(pool);
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    broken = await rollback(client, error);
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Rolls back after `error`; returns an error when the connection is unusable (the pool must
 * then discard it rather than hand it out again), else undefined.
 */
export async function rollback(client: pg.PoolClient, error: unknown): Promise<Error | undefined> {
  try {
    await client.query("ROLLBACK");
    return undefined;
  } catch {
    return error instanceof Error ? error : new Error(String(error));
  }
}
