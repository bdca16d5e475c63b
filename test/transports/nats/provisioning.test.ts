/**
 * Stream provisioning from the catalog's `x-eventsmith.nats` settings with option
 * overrides: what gets created, idempotence, conflicts named field by field, bad settings.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { nanos } from "@nats-io/nats-core";
import { silentLogger, type CatalogDefinition } from "eventsmith/runtime";
import { natsTransport, type NatsTransport, type NatsTransportOptions } from "eventsmith/nats";
import { catalog } from "../../fixtures/runtime/catalog.js";
import { namespaceOptions, startHarness, type Harness } from "./harness.js";

let h: Harness;
const started: NatsTransport[] = [];
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await Promise.allSettled(started.map((transport) => transport.close()));
  await h.close();
});

/** Seed 001's settings, as catalog/catalog.yaml writes them. */
const seed001 = {
  stream: { name: "ALUM_EVENTS", retention: "limits", maxAge: "7d", maxBytes: "10GB", replicas: 1, duplicateWindow: "2m" },
  deadLetter: { stream: "ALUM_EVENTS_DLQ", subjectPrefix: "dlq" },
};

async function start(nats: Record<string, unknown>, options: NatsTransportOptions): Promise<NatsTransport> {
  const transport = natsTransport(options);
  started.push(transport);
  await transport.start({ catalog: { ...catalog, nats } as CatalogDefinition, logger: silentLogger });
  return transport;
}

describe("provisioning", () => {
  test("without settings: <CATALOG>_EVENTS on one <domain>.> subject per domain, <CATALOG>_EVENTS_DLQ on dlq.>", async () => {
    await start({}, { servers: h.server.url });
    const events = await h.jsm.streams.info("RUNTIME_FIXTURE_EVENTS");
    expect(events.config.subjects).toEqual(["alert.>", "contact.>", "course.>", "notification.>", "order.>", "quote.>", "report.>"]);
    expect(events.config).toMatchObject({ max_age: 0, max_bytes: -1, storage: StorageType.File });
    expect((await h.jsm.streams.info("RUNTIME_FIXTURE_EVENTS_DLQ")).config.subjects).toEqual(["dlq.>"]);
    // dlq.> would overlap the DLQ subjects of the namespaced tests that follow.
    await started.pop()!.close();
    await h.jsm.streams.delete("RUNTIME_FIXTURE_EVENTS_DLQ");
  });

  test("creates the event and DLQ streams from the catalog settings, options overriding field by field", async () => {
    const namespace = h.namespace();
    await start(seed001, namespaceOptions(h.server, namespace));
    const events = await h.jsm.streams.info(namespace.stream);
    const dlq = await h.jsm.streams.info(namespace.deadLetterStream);
    expect(events.config).toMatchObject({
      subjects: [`${namespace.subjectPrefix}.>`],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      max_age: nanos(7 * 86_400_000),
      max_bytes: 10 * 2 ** 30,
      num_replicas: 1,
      duplicate_window: nanos(120_000),
    });
    expect(dlq.config).toMatchObject({ subjects: [`dlq.${namespace.subjectPrefix}.>`], retention: RetentionPolicy.Limits, max_age: 0 });
  });

  test("is idempotent: a second service with the same settings finds the streams as they are", async () => {
    const namespace = h.namespace();
    await start(seed001, namespaceOptions(h.server, namespace));
    const before = await h.jsm.streams.info(namespace.stream);
    await start(seed001, namespaceOptions(h.server, namespace));
    const after = await h.jsm.streams.info(namespace.stream);
    expect(after.config).toEqual(before.config);
    expect(after.created).toBe(before.created);
  });

  test("adds subjects an existing stream lacks, dropping those the new ones cover", async () => {
    const namespace = h.namespace();
    await h.jsm.streams.add({ name: namespace.stream, subjects: [`${namespace.subjectPrefix}.contact.>`] });
    await start({}, namespaceOptions(h.server, namespace));
    expect((await h.jsm.streams.info(namespace.stream)).config.subjects).toEqual([`${namespace.subjectPrefix}.>`]);
  });

  test("an existing stream with other limits is a conflict naming every differing field", async () => {
    const namespace = h.namespace();
    await h.jsm.streams.add({
      name: namespace.stream,
      subjects: [`${namespace.subjectPrefix}.>`],
      storage: StorageType.Memory,
      max_age: nanos(86_400_000),
    });
    await expect(start(seed001, namespaceOptions(h.server, namespace))).rejects.toThrow(
      `NATS stream ${namespace.stream} exists with a different configuration: storage is memory there, file wanted; ` +
        `maxAge is 1d there, 7d wanted; maxBytes is unlimited there, 10GB wanted. Change x-eventsmith.nats.stream`,
    );
  });
});

describe("bad settings", () => {
  test.each([
    { given: { stream: { maxAge: "seven days" } }, want: 'x-eventsmith.nats.stream.maxAge: must be a duration such as 30s, 2m, 7d or milliseconds (got "seven days")' },
    { given: { stream: { maxBytes: "10 parsecs" } }, want: "x-eventsmith.nats.stream.maxBytes: must be a size" },
    { given: { streams: {} }, want: "x-eventsmith.nats.streams: unknown option (expected one of subjectPrefix, replicas, stream, deadLetter)" },
    { given: { deadLetter: { subjectPrefix: "dlq.>" } }, want: "x-eventsmith.nats.deadLetter.subjectPrefix: must be one or more dot-separated subject tokens" },
    { given: { stream: { subjects: ["contact.>"] } }, want: "do not capture events alert.raised, course.graduated" },
  ])("catalog $given -> $want", async ({ given, want }) => {
    await expect(start(given, { servers: h.server.url })).rejects.toThrow(want);
  });

  test.each([
    { given: { stream: { storage: "disk" } }, want: "natsTransport options.stream.storage: must be one of file, memory" },
    { given: { server: "x" }, want: "natsTransport options.server: unknown option" },
    { given: { publishTimeoutMs: -1 }, want: "natsTransport options.publishTimeoutMs: must be a positive number of milliseconds" },
    { given: { pass: "secret" }, want: "natsTransport options.pass: needs user" },
  ])("options $given -> $want", ({ given, want }) => {
    expect(() => natsTransport(given as NatsTransportOptions)).toThrow(want);
  });
});
