/**
 * One consumer's blocking read loop, on its own connection: one XREADGROUP over every stream
 * (the events' streams and the group's retry streams) while the dispatcher has free slots.
 * At start and after every reconnect it first re-reads its own pending entries (XREADGROUP from
 * id 0); entries the dispatcher already holds are skipped, so a reconnect never hands the same
 * entry to a handler twice.
 */
import type { RedisClient, RedisContext } from "./context.js";
import { slotNode } from "./connections.js";
import type { Dispatcher } from "./dispatcher.js";
import type { ReadReply } from "./entry.js";
import type { HeldEntry } from "./held.js";
import { readOwnPending, type GroupMember } from "./pending-reads.js";
import { sleep } from "./retrying.js";

export class ReadLoop {
  private needsRecovery = true;
  private connectedBefore = false;
  private stopping = false;
  private wakeScheduled = false;
  private clientId: string | undefined;
  private wake: (() => void) | undefined;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly context: RedisContext,
    private readonly reader: RedisClient,
    private readonly member: GroupMember,
    /** Every stream read, highest priority first. */
    private readonly streams: readonly string[],
    private readonly dispatcher: Dispatcher,
    /** The group is gone (server data lost): recreate it. */
    private readonly ensureGroups: () => Promise<void>,
  ) {
    reader.on("ready", () => {
      if (this.connectedBefore) context.metrics.reconnects++;
      this.connectedBefore = true;
      this.needsRecovery = true;
    });
    // A cluster client stays ready through a failover; its new node is a new connection to recover on.
    reader.on("+node", () => (this.needsRecovery = true));
  }

  start(): void {
    this.loop = this.run();
  }

  /** Stops reading: CLIENT UNBLOCK the blocking read (retried: it may not have blocked yet), then quits. */
  async stop(): Promise<void> {
    this.halt();
    const exited = this.loop.then(() => true);
    const deadline = Date.now() + this.context.options.blockMs + 1000;
    let interrupted = false;
    while (!interrupted && Date.now() < deadline) {
      const id = this.clientId;
      if (id !== undefined) await slotNode(this.context.redis, this.streams[0]!).then((node) => node.client("UNBLOCK", id)).catch(() => 0);
      interrupted = await Promise.race([exited, sleep(50).then(() => false)]);
    }
    if (!interrupted) {
      this.reader.disconnect();
      await this.loop;
    }
    await this.reader.quit().catch(() => this.reader.disconnect());
  }

  /** Drops the connection, as a killed process would (see RedisTransport.abort). */
  abort(): void {
    this.halt();
    this.reader.disconnect();
  }

  /**
   * Wakes the loop once the current turn is over: one turn usually frees a whole batch of
   * slots, and reading after the first of them would fetch one entry at a time.
   */
  wakeSoon(): void {
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      const wake = this.wake;
      this.wake = undefined;
      wake?.();
    });
  }

  private halt(): void {
    this.stopping = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    for (let failures = 0; !this.stopping; ) {
      try {
        if (this.needsRecovery) {
          this.needsRecovery = false;
          // The id of the connection that blocks: on a cluster, the one to the namespace's node.
          this.clientId = String(await (await slotNode(this.reader, this.streams[0]!)).client("ID"));
          await this.recover();
        } else if (this.dispatcher.free() <= 0) {
          await new Promise<void>((resolve) => (this.wake = resolve));
        } else {
          await this.readNew();
        }
        failures = 0;
      } catch (error) {
        if (this.stopping) break;
        this.needsRecovery = true;
        failures++;
        if (error instanceof Error && error.message.startsWith("NOGROUP")) {
          this.context.logger.warn(`redis: consumer group ${this.member.group} is gone (server data lost?); recreating it`, { error: error.message });
          await this.ensureGroups().catch(() => undefined);
        } else if (failures === 1) {
          this.context.logger.warn(`redis: read loop of ${this.member.consumer} failed, retrying`, { error: String(error) });
        }
        await sleep(Math.min(50 * 2 ** failures, 2000));
      }
    }
  }

  /** One XREADGROUP over every stream, blocking only while nothing is parked (read-order.ts). */
  private async readNew(): Promise<void> {
    const count = Math.min(this.dispatcher.free(), this.context.options.readBatch);
    const block = this.dispatcher.nothingParked ? ["BLOCK", this.context.options.blockMs] : [];
    const reply = (await this.reader.call(
      "XREADGROUP", "GROUP", this.member.group, this.member.consumer, "COUNT", count, ...block,
      "STREAMS", ...this.streams, ...this.streams.map(() => ">"),
    )) as ReadReply;
    const fetched: HeldEntry[] = [];
    const full = new Set<string>();
    for (const [stream, entries] of reply ?? []) {
      if (entries.length >= count) full.add(stream);
      for (const [id, fields] of entries) {
        const entry = this.dispatcher.take(stream, id, fields, 1);
        if (entry !== undefined) fetched.push(entry);
      }
    }
    this.dispatcher.fetched(fetched, full);
  }

  /** Re-reads this consumer's own pending entries (after a start or a reconnect). */
  private async recover(): Promise<void> {
    const count = this.context.options.readBatch;
    for (const stream of this.streams) {
      for (let after = "0"; ; ) {
        const entries = await readOwnPending(this.reader, stream, this.member, count, after);
        for (const entry of entries) this.dispatcher.enqueue(this.dispatcher.take(stream, entry.id, entry.fields, entry.deliveries));
        if (entries.length < count) break;
        after = entries[entries.length - 1]!.id;
      }
    }
    this.dispatcher.pump();
  }
}
