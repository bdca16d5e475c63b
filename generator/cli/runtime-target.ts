/**
 * What `eventsmith relay` and `eventsmith audit` need to reach a running system: the
 * generated SDK's catalog (a module exporting `catalog`), a transport and a PostgreSQL pool.
 * The transport clients and `pg` are optional peer dependencies, so they are imported here,
 * only when a command needs them.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { CatalogDefinition } from "../../runtime/bus/catalog.js";
import type { Transport } from "../../runtime/bus/transport.js";
import type pg from "pg";

export const TRANSPORTS = ["nats", "redis"] as const;
export type TransportKind = (typeof TRANSPORTS)[number];

export interface TargetOptions {
  sdk: string;
  transport: TransportKind;
  /** Broker URL (nats://… or redis://…). */
  url?: string;
  /** More transport options as JSON, e.g. `{"subjectPrefix":"prod"}`. */
  transportOptions?: string;
}

/** A usage problem: the command prints it and exits 2. */
export class TargetError extends Error {}

/** The runtime parts these commands use, loaded on first use so other commands start without them. */
export async function loadRuntime() {
  const [{ createBus }, { consoleLogger }, postgres] = await Promise.all([
    import("../../runtime/bus/bus.js"),
    import("../../runtime/bus/logger.js"),
    import("../../runtime/postgres/index.js"),
  ]);
  return { createBus, consoleLogger, postgresOutbox: postgres.postgresOutbox, postgresAudit: postgres.postgresAudit };
}

export async function loadCatalog(cwd: string, sdk: string): Promise<CatalogDefinition> {
  const module = (await import(pathToFileURL(resolve(cwd, sdk)).href)) as { catalog?: CatalogDefinition };
  if (typeof module.catalog !== "object" || module.catalog === null || typeof module.catalog.events !== "object") {
    throw new TargetError(`${sdk} does not export the catalog of a generated SDK (export const catalog = defineCatalog(...))`);
  }
  return module.catalog;
}

export async function openTransport(options: TargetOptions): Promise<Transport> {
  let extra: Record<string, unknown> = {};
  if (options.transportOptions !== undefined) {
    try {
      extra = JSON.parse(options.transportOptions) as Record<string, unknown>;
    } catch (error) {
      throw new TargetError(`--transport-options is not JSON: ${(error as Error).message}`);
    }
  }
  switch (options.transport) {
    case "nats": {
      const { natsTransport } = await optionalPeer(() => import("../../runtime/transports/nats/index.js"), "@nats-io/transport-node @nats-io/jetstream");
      return natsTransport({ ...(options.url === undefined ? {} : { servers: options.url }), ...extra });
    }
    case "redis": {
      const { redisTransport } = await optionalPeer(() => import("../../runtime/transports/redis/index.js"), "ioredis");
      return redisTransport({ ...(options.url === undefined ? {} : { connection: options.url }), ...extra });
    }
  }
}

export async function openPool(databaseUrl: string | undefined): Promise<pg.Pool> {
  const url = databaseUrl ?? process.env["DATABASE_URL"];
  if (url === undefined) throw new TargetError("no database: pass --database-url or set DATABASE_URL");
  const { default: pgModule } = await optionalPeer(() => import("pg"), "pg");
  const pool = new pgModule.Pool({ connectionString: url });
  pool.on("error", () => undefined); // a lost idle connection is replaced on the next checkout
  return pool;
}

/** Imports a module that needs an optional peer dependency; a missing one is a usage error naming the install command. */
async function optionalPeer<T>(load: () => Promise<T>, packages: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_MODULE_NOT_FOUND") throw new TargetError(`this command needs ${packages}: npm install ${packages}`);
    throw error;
  }
}
