/**
 * What keeps a Redis deployment bounded without losing work: trimming that never drops an
 * unacknowledged entry, entries trimmed while pending counted and logged as lost, and removal
 * of fan-out groups whose process died without unsubscribing.
 */
import { describe, expect, test } from "vitest";
import { contact, recordingLogger, until, useHarness } from "./harness.js";

const h = useHarness();

/**
 * Waits for proof that a maintenance round ran, rather than for a sleep to be long enough:
 * publishes a marker event to a stream no group reads and waits until a round trims it. That
 * round also went through every stream the transport touched before the marker's (rounds visit
 * them in the order they were touched), when their older entries were past the retention too.
 */
async function aRoundTrimmed(bus: ReturnType<typeof h.bus>, marker: "contact.created" | "order.placed"): Promise<void> {
  const stream = `${bus.namespace}:stream:${marker}`;
  if (marker === "contact.created") await bus.bus.publish("contact.created", contact(99));
  else await bus.bus.publish("order.placed", { orderId: "marker", amount: 1, currency: "EUR" });
  await until(`a maintenance round to trim the marker on ${stream}`, async () => (await h.raw.xlen(stream)) === 0);
}

describe("trimming", () => {
  test("entries past the retention go only once every group has acknowledged them", async () => {
    const opened = h.bus({ retentionSeconds: 0.1 });
    const { bus, namespace, transport } = opened;
    const stream = `${namespace}:stream:contact.created`;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let fast = 0;
    await bus.subscribe("contact.created", () => gate, { group: "slow", concurrency: 2 });
    await bus.subscribe("contact.created", () => void fast++, { group: "fast" });
    await bus.publishMany(Array.from({ length: 10 }, (_, n) => ({ name: "contact.created" as const, data: contact(n) })));
    await until("the fast group", () => fast === 10);
    await aRoundTrimmed(opened, "order.placed");
    expect(await h.raw.xlen(stream)).toBe(10); // "slow" holds the first two, has not read the rest
    release();
    await until("everything trimmed", async () => (await h.raw.xlen(stream)) === 0);
    expect(transport.metrics().trimmed).toBe(10 + 1); // and the marker
  });

  test.each([
    { given: "no group reads the stream", groups: [] as { name: string; read: number; ack: number }[], want: 0 },
    { given: "a group read 6 and acknowledged 4", groups: [{ name: "a", read: 6, ack: 4 }], want: 6 },
    { given: "a group acknowledged all it read (3)", groups: [{ name: "a", read: 3, ack: 3 }], want: 7 },
    { given: "two groups, the slower one read nothing", groups: [{ name: "a", read: 10, ack: 10 }, { name: "b", read: 0, ack: 0 }], want: 10 },
  ])("$given -> $want of 10 old entries kept", async ({ groups, want }) => {
    const opened = h.bus({ retentionSeconds: 0.05 });
    const { bus, namespace } = opened;
    const stream = `${namespace}:stream:order.placed`;
    const published = await bus.publishMany(
      Array.from({ length: 10 }, (_, n) => ({ name: "order.placed" as const, data: { orderId: `o${n}`, amount: n, currency: "EUR" } })),
    );
    expect(published).toHaveLength(10);
    for (const group of groups) {
      await h.raw.xgroup("CREATE", stream, group.name, "0");
      const read = group.read === 0 ? null : ((await h.raw.xreadgroup("GROUP", group.name, "c", "COUNT", group.read, "STREAMS", stream, ">")) as [string, [string, string[]][]][]);
      const ids = read?.[0]?.[1].map(([id]) => id) ?? [];
      if (group.ack > 0) await h.raw.xack(stream, group.name, ...ids.slice(0, group.ack));
    }
    await aRoundTrimmed(opened, "contact.created");
    expect(await h.raw.xlen(stream)).toBe(want);
  });
});

describe("entries trimmed while pending", () => {
  test.each([
    { given: "a dead consumer's entries, found by the reaper's XAUTOCLAIM", holder: "someone-else/0", via: "claim" },
    { given: "this consumer's own entries from before a restart, found by the re-read from 0", holder: "stable/0", via: "recovery" },
  ])("$given -> counted as lost and logged, never silently", async ({ holder }) => {
    const logger = recordingLogger();
    const namespace = `lost-${holder.replace(/\W/g, "")}`;
    const stream = `${namespace}:stream:contact.created`;
    for (let n = 0; n < 3; n++) await h.raw.xadd(stream, "*", "data", "{}");
    await h.raw.xgroup("CREATE", stream, "g", "0");
    await h.raw.xreadgroup("GROUP", "g", holder, "COUNT", 2, "STREAMS", stream, ">");
    await h.raw.xtrim(stream, "MAXLEN", 0); // an operator's trim: two pending entries are gone
    const { bus, transport } = h.bus({ namespace, consumerName: "stable" }, logger);
    await bus.subscribe("contact.created", () => undefined, { group: "g", ackTimeoutMs: 50 });
    await until("the loss to be noticed", () => transport.metrics().lost === 2);
    const errors = logger.lines.filter((line) => line.level === "error" && line.message.includes("lost"));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.flatMap((line) => line.fields?.["ids"] as string[])).toHaveLength(2);
    const summary = (await h.raw.xpending(stream, "g")) as [number];
    expect(summary[0]).toBe(0);
  });
});

describe("abandoned fan-out groups", () => {
  test("a fan-out group without a heartbeat is removed from its streams, a durable one is kept", async () => {
    const { bus, namespace } = h.bus();
    const stream = `${namespace}:stream:contact.created`;
    await bus.publish("contact.created", contact(0));
    for (const [name, durable] of [["ephemeral-dead", false], ["kept", true]] as const) {
      await h.raw.xgroup("CREATE", stream, name, "$");
      await h.raw.hset(`${namespace}:groups`, name, JSON.stringify({ group: name, durable, createdAt: 0, streams: [stream] }));
    }
    await until("the dead group's removal", async () => !(await groupNames(stream)).includes("ephemeral-dead"));
    expect(await groupNames(stream)).toEqual(["kept"]);
    expect(await h.raw.hexists(`${namespace}:groups`, "ephemeral-dead")).toBe(0);
  });

  test("a live fan-out subscription keeps its group; unsubscribing removes it", async () => {
    const { bus, namespace } = h.bus();
    const stream = `${namespace}:stream:contact.created`;
    const sub = await bus.subscribe("contact.created", () => undefined);
    // The marker: a fan-out group without a heartbeat on the same stream. Once a round has removed
    // it, that round also looked at the live group and kept it.
    await h.raw.xgroup("CREATE", stream, "ephemeral-dead", "$");
    await h.raw.hset(`${namespace}:groups`, "ephemeral-dead", JSON.stringify({ group: "ephemeral-dead", durable: false, createdAt: 0, streams: [stream] }));
    await until("the dead group's removal", async () => !(await groupNames(stream)).includes("ephemeral-dead"));
    expect(await groupNames(stream)).toEqual([sub.group]);
    await sub.unsubscribe();
    expect(await groupNames(stream)).toEqual([]);
  });
});

async function groupNames(stream: string): Promise<string[]> {
  const rows = (await h.raw.xinfo("GROUPS", stream)) as unknown[][];
  return rows.map((row) => String(row[1])).sort();
}
