/**
 * `postgresOutbox({ pool, bus })`: an event is written in the caller's transaction, as the
 * envelope `bus.publish` would have sent (validated, with its id), and exists iff that
 * transaction commits. A relay (relay.ts) later sends committed rows through the bus's
 * transport with those ids, so a relay's retry is a duplicate the broker drops.
 */
import type pg from "pg";
import type { EventBus, EventName, PublishMeta } from "../bus/bus-types.js";
import type { EventMapBase } from "../bus/catalog.js";
import type { CloudEvent } from "../bus/envelope.js";
import { InvalidOptionsError } from "../bus/errors.js";
import { checkOptions, isFunction, isObject, type Shape } from "../bus/option-checks.js";
import { migrate } from "./migrations.js";
import { isPool } from "./pool-check.js";
import { preparedBus, type PreparedBus } from "./prepared-bus.js";
import { checkRetention, OutboxRelay, type RelayOptions, type Retention } from "./relay.js";
import { OUTBOX_MIGRATIONS } from "./schema.js";

export interface PostgresOutboxOptions<M extends EventMapBase> {
  pool: pg.Pool;
  /** The typed bus: it validates and builds envelopes, and its transport carries what the relay sends. */
  bus: EventBus<M>;
  /**
   * Events with the same key are published in the order they were written. Default: the event
   * type (the catalog names no partition key). Different keys are independent.
   */
  orderingKey?: (event: CloudEvent) => string;
  /** Published rows: deleted (default), or kept for `keepMs` (e.g. to inspect what was sent). */
  retention?: Retention;
}

/** A client in a transaction (`BEGIN` issued), e.g. from `pool.connect()`. */
export type TransactionClient = Pick<pg.PoolClient, "query">;

export interface PostgresOutbox<M extends EventMapBase> {
  /** Creates or upgrades the outbox table (idempotent, versioned). */
  migrate(): Promise<void>;
  /** Validates like `bus.publish` and writes the event in `client`'s transaction; resolves with its envelope. */
  publish<N extends EventName<M>>(client: TransactionClient, name: N, data: M[N], meta?: PublishMeta): Promise<CloudEvent<N, M[N]>>;
  /** Starts relaying committed rows through the bus's transport (several relays may run at once). */
  startRelay(options?: RelayOptions): OutboxRelay;
}

const OPTIONS: Shape = {
  pool: isPool,
  bus: isObject,
  orderingKey: isFunction,
  retention: checkRetention,
};

const INSERT = {
  name: "eventsmith-outbox-insert",
  text: "INSERT INTO eventsmith_outbox (event_id, type, ordering_key, envelope) VALUES ($1, $2, $3, $4)",
};

export function postgresOutbox<M extends EventMapBase>(options: PostgresOutboxOptions<M>): PostgresOutbox<M> {
  checkOptions(options, OPTIONS, "postgresOutbox options");
  if (options?.pool === undefined || options.bus === undefined) throw new InvalidOptionsError("postgresOutbox options", "needs pool and bus");
  const { pool } = options;
  const bus: PreparedBus<M> = preparedBus(options.bus, "postgresOutbox options.bus");
  const orderingKey = options.orderingKey ?? ((event: CloudEvent) => event.type);
  const retention: Retention = options.retention ?? "delete";
  return {
    async migrate() {
      await migrate(pool, "outbox", OUTBOX_MIGRATIONS);
    },
    async publish(client, name, data, meta) {
      const event = bus.prepare(name, data, meta);
      await client.query({ ...INSERT, values: [event.id, event.type, orderingKey(event), JSON.stringify(event)] });
      return event;
    },
    startRelay(relayOptions) {
      return new OutboxRelay(pool, (events) => bus.publishPrepared(events), retention, () => busGaveUp(bus), relayOptions);
    },
  };
}

/** A bus that failed to start or was closed never sends again; any other failure (a broker outage) is retried. */
async function busGaveUp(bus: EventBus<EventMapBase>): Promise<string | undefined> {
  const { status } = await bus.health();
  return status === "failed" ? "the bus failed" : status === "closed" || status === "closing" ? "the bus was closed" : undefined;
}
