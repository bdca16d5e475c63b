/**
 * `durability: "replicated"` on one primary: a publish resolves once a replica acknowledged it
 * (WAIT 1), and fails with REPLICATION_TIMEOUT when no replica does; publishing the same event
 * again after that is deduplicated. (On a cluster: test/faults/redis-cluster-failover.test.ts.)
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { Redis } from "ioredis";
import { ReplicationTimeoutError } from "eventsmith/runtime";
import { startBrokerProcess, requireBinary, type BrokerProcess } from "../../support/broker-process.js";
import { contact, until, useHarness } from "./harness.js";

const h = useHarness();
let replica: BrokerProcess;

beforeAll(async () => {
  // A second server replicating the harness's: `WAIT 1` has someone to count.
  replica = await startBrokerProcess({
    name: "redis-replica",
    binary: requireBinary("redis-server", "redis-server"),
    args: (port, dir) => ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--replicaof", "127.0.0.1", String(h.server.port)],
  });
  await synced();
});

async function synced(): Promise<void> {
  const raw = new Redis(replica.port, "127.0.0.1");
  await until("the replica to sync", async () => /master_link_status:up/.test(await raw.info("replication")), 20_000);
  raw.disconnect();
}
afterAll(async () => {
  await replica?.stop();
});

test("resolves once a replica has the entry; the replica holds it", async () => {
  const { bus, namespace } = h.bus({ durability: "replicated" });
  const event = await bus.publish("contact.created", contact(1));
  const raw = new Redis(replica.port, "127.0.0.1");
  const entries = await raw.xrange(`${namespace}:stream:contact.created`, "-", "+");
  raw.disconnect();
  expect(entries.map(([, fields]) => fields[fields.indexOf("ce-id") + 1])).toEqual([event.id]);
});

test("fails with REPLICATION_TIMEOUT when no replica acknowledges in time; a republish of the same id is deduplicated", async () => {
  const { bus, transport } = h.bus({ durability: "replicated", replicaTimeoutMs: 200 });
  await replica.kill();
  try {
    const started = Date.now();
    const failed = bus.publish("contact.created", contact(2), { id: "replicated-1" });
    await expect(failed).rejects.toBeInstanceOf(ReplicationTimeoutError);
    await expect(failed).rejects.toMatchObject({ code: "REPLICATION_TIMEOUT" });
    expect(Date.now() - started).toBeLessThan(5000);
  } finally {
    await replica.restart();
    await synced();
  }
  await bus.publish("contact.created", contact(2), { id: "replicated-1" });
  // Stored on the primary by the failed call (counted as published), so the republish is a duplicate.
  expect(transport.metrics()).toMatchObject({ published: 1, duplicates: 1 });
});
