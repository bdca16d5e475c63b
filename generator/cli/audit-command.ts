/**
 * `eventsmith audit query|replay`: reads seed 003's audit trail (eventsmith/postgres) or
 * publishes matching events again.
 *   audit query  [--type p] [--tenant t] [--correlation-id c] [--from t] [--to t] [--limit n]   one JSON line per event
 *   audit replay [the same filter] --sdk <module> --transport nats|redis [--url]              new ids, causation = original
 */
import { Command, Option } from "commander";
import type { AuditFilter } from "../../runtime/postgres/audit-filter.js";
import { EXIT, type CliIO } from "./io.js";
import { loadCatalog, loadRuntime, openPool, openTransport, TargetError, TRANSPORTS, type TargetOptions } from "./runtime-target.js";

interface FilterOptions {
  databaseUrl?: string;
  type?: string;
  tenant?: string;
  correlationId?: string;
  from?: string;
  to?: string;
  limit?: string;
}

function withFilter(command: Command): Command {
  return command
    .option("--database-url <url>", "PostgreSQL connection string (default: $DATABASE_URL)")
    .option("--type <pattern>", "event name or pattern (contact.*, contact.>)")
    .option("--tenant <id>", "tenant id")
    .option("--correlation-id <id>", "correlation id")
    .option("--from <time>", "events at or after this RFC 3339 time")
    .option("--to <time>", "events before this RFC 3339 time")
    .option("--limit <n>", "at most this many events");
}

function filterOf(options: FilterOptions): AuditFilter {
  return {
    ...(options.type === undefined ? {} : { type: options.type }),
    ...(options.tenant === undefined ? {} : { tenantId: options.tenant }),
    ...(options.correlationId === undefined ? {} : { correlationId: options.correlationId }),
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.to === undefined ? {} : { to: options.to }),
    ...(options.limit === undefined ? {} : { limit: Number(options.limit) }),
  };
}

export function auditCommand(io: CliIO): Command {
  const audit = new Command("audit").description("query or replay the audit trail (system_events) of eventsmith/postgres");
  audit.addCommand(
    withFilter(new Command("query").description("print matching events, one JSON line each, oldest first")).action(async (options: FilterOptions) => {
      io.exitCode = await runAuditQuery(io, options);
    }),
  );
  audit.addCommand(
    withFilter(new Command("replay").description("publish matching events again (new ids; causation id = the original's)"))
      .requiredOption("--sdk <module>", "the generated SDK module that exports the catalog")
      .addOption(new Option("--transport <kind>", "the transport to publish on").choices(TRANSPORTS).makeOptionMandatory())
      .option("--url <url>", "broker URL")
      .option("--transport-options <json>", "more transport options, as JSON")
      .action(async (options: FilterOptions & TargetOptions) => {
        io.exitCode = await runAuditReplay(io, options);
      }),
  );
  return audit;
}

export async function runAuditQuery(io: CliIO, options: FilterOptions): Promise<number> {
  return withPool(io, "query", options, async (pool) => {
    const { postgresAudit } = await loadRuntime();
    // query publishes nothing: the audit only needs something shaped like a bus
    const records = await postgresAudit({ pool, bus: {} as never }).query(filterOf(options));
    for (const record of records) io.stdout(`${JSON.stringify(record)}\n`);
    return EXIT.ok;
  });
}

export async function runAuditReplay(io: CliIO, options: FilterOptions & TargetOptions): Promise<number> {
  return withPool(io, "replay", options, async (pool) => {
    const { createBus, consoleLogger, postgresAudit } = await loadRuntime();
    const catalog = await loadCatalog(io.cwd, options.sdk);
    const bus = createBus(catalog, { transport: await openTransport(options), logger: consoleLogger, source: "eventsmith-replay" });
    try {
      const result = await postgresAudit({ pool, bus }).replay(filterOf(options));
      io.stdout(`${JSON.stringify(result)}\n`);
      return EXIT.ok;
    } finally {
      await bus.close();
    }
  });
}

async function withPool(io: CliIO, name: string, options: FilterOptions, work: (pool: import("pg").Pool) => Promise<number>): Promise<number> {
  let pool;
  try {
    pool = await openPool(options.databaseUrl);
    return await work(pool);
  } catch (error) {
    const known = error instanceof TargetError || (error as { name?: string }).name === "InvalidOptionsError";
    io.stderr(`eventsmith audit ${name}: ${known ? (error as Error).message : ((error as Error).stack ?? String(error))}\n`);
    return EXIT.usage;
  } finally {
    await pool?.end().catch(() => undefined);
  }
}
