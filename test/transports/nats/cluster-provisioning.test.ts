/**
 * Provisioning on a 3-node JetStream cluster: several instances starting together (create
 * races on the stream and on a group's durable consumer) all start, on one R3 stream whose
 * consumer is replicated with it; an instance wanting another replica count is refused with
 * the differing field named.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { createBus, silentLogger, type EventBus } from "eventsmith/runtime";
import { natsTransport, type NatsTransportOptions } from "eventsmith/nats";
import { catalog, type EventMap } from "../../fixtures/runtime/catalog.js";
import { startNatsCluster, type NatsCluster } from "../../support/nats-cluster.js";

let cluster: NatsCluster;
let nc: NatsConnection;
let jsm: JetStreamManager;
const buses: EventBus<EventMap>[] = [];
beforeAll(async () => {
  cluster = await startNatsCluster();
  nc = await connect({ servers: cluster.urls });
  jsm = await jetstreamManager(nc);
});
afterAll(async () => {
  await Promise.allSettled(buses.map((bus) => bus.close()));
  await nc?.close();
  await cluster?.stop();
});

const options = (replicas: number): NatsTransportOptions => ({
  servers: cluster.urls,
  replicas,
  subjectPrefix: "race",
  stream: { name: "RACE_EVENTS" },
  deadLetter: { stream: "RACE_EVENTS_DLQ" },
});
const bus = (replicas: number) => {
  const opened = createBus(catalog, { transport: natsTransport(options(replicas)), source: "race", logger: silentLogger });
  buses.push(opened);
  return opened;
};

test("instances starting together provision one R3 stream pair and share one replicated durable consumer", async () => {
  const instances = Array.from({ length: 5 }, () => bus(3));
  await Promise.all(instances.map((instance) => instance.subscribe("order.placed", () => undefined, { group: "billing" })));
  const events = await jsm.streams.info("RACE_EVENTS");
  const deadLetters = await jsm.streams.info("RACE_EVENTS_DLQ");
  const consumer = await jsm.consumers.info("RACE_EVENTS", "billing");
  expect({
    events: events.config.num_replicas,
    deadLetters: deadLetters.config.num_replicas,
    consumerReplicas: (consumer.cluster?.replicas?.length ?? 0) + 1,
    streams: (await jsm.streams.names().next()).filter((name) => name.startsWith("RACE_")).sort(),
  }).toEqual({ events: 3, deadLetters: 3, consumerReplicas: 3, streams: ["RACE_EVENTS", "RACE_EVENTS_DLQ"] });
});

test("an instance wanting another replica count is refused, naming the field", async () => {
  await expect(bus(1).subscribe("order.placed", () => undefined, { group: "billing" })).rejects.toThrow(
    "NATS stream RACE_EVENTS exists with a different configuration: replicas is 3 there, 1 wanted",
  );
});
