/**
 * What every conformance test needs: buses over fresh transports from the factory
 * (closed after each test), unique tenants and groups so tests sharing one broker never
 * see each other's events, and polling waits instead of fixed sleeps.
 */
import { randomUUID } from "node:crypto";
import { createBus, silentLogger, type EventBus, type Logger, type Transport, type TransportCapabilities } from "eventsmith/runtime";
import { catalog, type EventMap } from "../fixtures/runtime/catalog.js";

export interface ConformanceOptions {
  /** Shown in the suite title, e.g. "memory", "nats", "redis". */
  name: string;
  /**
   * A new, not yet started transport. Every call within one test must reach the same
   * broker (and namespace): some tests open a second bus to see what a restarted service sees.
   */
  createTransport: () => Promise<Transport>;
  /** What the transport declares; tests it cannot honour are skipped, naming the capability. */
  capabilities: TransportCapabilities;
  /** Runs after each test, once its buses are closed (e.g. to reset broker state). */
  afterEach?: () => Promise<void>;
  /**
   * Required with `crashRecovery`: makes a transport vanish like a killed process, dropping
   * its connections without acknowledging or closing anything.
   */
  crash?: (transport: Transport) => Promise<void>;
  /**
   * For transports with a broker (outage tests, skipped without it): a private broker that is
   * down, and a transport for it whose bounded outage wait is `outageTimeoutMs`.
   */
  brokerDown?: (outageTimeoutMs: number) => Promise<DownBroker>;
  /** Puts `count` messages that no decoder accepts where a subscription to `type` reads (skipped without it). */
  poison?: (type: string, count: number) => Promise<void>;
  /**
   * What order a subscription sees: `total` (default) is publish order across keys; `per-key` is
   * publish order per partition key only (Redis stream partitions), where an event id is also
   * recognised again only when republished with the same key (dedup is per partition).
   */
  ordering?: "total" | "per-key";
}

export interface DownBroker {
  transport: Transport;
  /** Starts the broker (on the address the transport was given). */
  up(): Promise<void>;
  /** Kills it (SIGKILL), as a crash or a network cut would take it away. */
  down(): Promise<void>;
  /** Stops the broker and removes its data. */
  stop(): Promise<void>;
}

export type Bus = EventBus<EventMap>;

export interface Opened {
  bus: Bus;
  transport: Transport;
}

export class Harness {
  private opened: Opened[] = [];

  constructor(readonly options: ConformanceOptions) {}

  get caps(): TransportCapabilities {
    return this.options.capabilities;
  }

  /** Whether events of different keys arrive in publish order. */
  get totalOrder(): boolean {
    return (this.options.ordering ?? "total") === "total";
  }

  /** A bus over a new transport; closed after the test unless the test closed it. */
  async open(source = "conformance", given?: { transport: Transport; logger?: Logger }): Promise<Opened> {
    const transport = given?.transport ?? (await this.options.createTransport());
    const bus = createBus(catalog, { transport, source, logger: given?.logger ?? silentLogger });
    const opened = { bus, transport };
    this.opened.push(opened);
    return opened;
  }

  /** Forgets a bus the test made unusable on purpose (crashed). */
  abandon(opened: Opened): void {
    this.opened = this.opened.filter((o) => o !== opened);
  }

  async cleanup(): Promise<void> {
    const opened = this.opened;
    this.opened = [];
    await Promise.all(opened.map(({ bus }) => bus.close()));
    await this.options.afterEach?.();
  }
}

export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Polls `condition` every 10 ms; fails with `what` and the last state after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string | (() => string), timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === "string" ? what : what()}`);
    await sleep(10);
  }
}

/** A logger that keeps every line, to count what a transport said. */
export function recordingLogger(): Logger & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  const at = (level: string) => (message: string) => void lines.push({ level, message });
  return { lines, debug: () => undefined, info: at("info"), warn: at("warn"), error: at("error") };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A promise with its resolve function, to hold handlers until a test releases them. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
