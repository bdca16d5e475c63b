/**
 * `eventsmith relay --sdk <module> --transport nats|redis [--url] [--database-url]`: runs an
 * outbox relay (eventsmith/postgres) until SIGINT or SIGTERM, sending committed outbox rows
 * through the given transport. Several may run at once.
 */
import { Command, Option } from "commander";
import { EXIT, type CliIO } from "./io.js";
import { loadCatalog, loadRuntime, openPool, openTransport, TargetError, TRANSPORTS, type TargetOptions } from "./runtime-target.js";

export interface RelayCommandOptions extends TargetOptions {
  databaseUrl?: string;
  batchSize?: string;
  pollMs?: string;
}

export function relayCommand(io: CliIO): Command {
  return new Command("relay")
    .description("publish committed outbox rows (eventsmith/postgres) through a transport until stopped")
    .requiredOption("--sdk <module>", "the generated SDK module that exports the catalog (e.g. dist/generated/index.js)")
    .addOption(new Option("--transport <kind>", "the transport to publish on").choices(TRANSPORTS).makeOptionMandatory())
    .option("--url <url>", "broker URL (nats://… or redis://…)")
    .option("--transport-options <json>", "more transport options, as JSON")
    .option("--database-url <url>", "PostgreSQL connection string (default: $DATABASE_URL)")
    .option("--batch-size <n>", "rows per batch")
    .option("--poll-ms <ms>", "poll interval when no notification arrives")
    .action(async (options: RelayCommandOptions) => {
      const stop = new AbortController();
      const abort = () => stop.abort();
      process.once("SIGINT", abort).once("SIGTERM", abort);
      try {
        io.exitCode = await runRelay(io, options, stop.signal);
      } finally {
        process.off("SIGINT", abort).off("SIGTERM", abort);
      }
    });
}

export async function runRelay(io: CliIO, options: RelayCommandOptions, signal: AbortSignal): Promise<number> {
  let pool;
  let bus;
  try {
    const { createBus, consoleLogger, postgresOutbox } = await loadRuntime();
    const catalog = await loadCatalog(io.cwd, options.sdk);
    pool = await openPool(options.databaseUrl);
    bus = createBus(catalog, { transport: await openTransport(options), logger: consoleLogger });
    const outbox = postgresOutbox({ pool, bus });
    // a relay started while PostgreSQL is down (a restart, a deploy) waits for it, as transports wait for brokers
    await retryUntilDone(() => outbox.migrate(), signal, (error, delayMs) =>
      io.stderr(`eventsmith relay: cannot reach PostgreSQL (${(error as Error).message}); retrying in ${delayMs} ms\n`),
    );
    const relay = outbox.startRelay({
      ...(options.batchSize === undefined ? {} : { batchSize: Number(options.batchSize) }),
      ...(options.pollMs === undefined ? {} : { pollIntervalMs: Number(options.pollMs) }),
    });
    io.stdout(`eventsmith relay: publishing outbox rows on ${options.transport}\n`);
    // an empty batch waits for the bus to open and rejects with its start error (a broker never reached)
    const opened = bus.publishMany([]);
    // until stopped, or until the bus fails: at its start, or later when the relay gives up on it
    const failure = await new Promise<unknown>((resolve) => {
      opened.catch(resolve);
      relay.done.catch(resolve);
      if (signal.aborted) return resolve(undefined);
      signal.addEventListener("abort", () => resolve(undefined), { once: true });
    });
    await relay.stop();
    if (failure !== undefined) {
      io.stderr(`eventsmith relay: the bus cannot send (${describe(failure)}); stopped after ${relay.stats.published} events, committed rows stay in the outbox\n`);
      return EXIT.usage;
    }
    io.stdout(`eventsmith relay: stopped after ${relay.stats.published} events\n`);
    return EXIT.ok;
  } catch (error) {
    io.stderr(`eventsmith relay: ${error instanceof TargetError ? error.message : ((error as Error).stack ?? String(error))}\n`);
    return EXIT.usage;
  } finally {
    await bus?.close().catch(() => undefined);
    await pool?.end().catch(() => undefined);
  }
}

/** An error as one line: its code (eventsmith errors carry one) and message. */
function describe(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === "string" ? `${code}: ${message}` : message;
}

/** Runs `action` until it succeeds or `signal` aborts, backing off from 200 ms to 5 s. */
async function retryUntilDone(action: () => Promise<void>, signal: AbortSignal, onRetry: (error: unknown, delayMs: number) => void): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (signal.aborted) throw error;
      const delayMs = Math.min(200 * 2 ** attempt, 5000);
      onRetry(error, delayMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
