/**
 * Fault (c): poison and schema-invalid messages published with a raw nats client, in between
 * good events. Each lands in the DLQ stream with its reason (the message kept as it arrived
 * when it never decoded into an event), and the subscription keeps delivering.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { headers } from "@nats-io/nats-core";
import { contact, startHarness, until, type Harness } from "../transports/nats/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const ce = (overrides: Record<string, string | undefined> = {}): Record<string, string> => {
  const all: Record<string, string | undefined> = {
    "ce-id": `raw-${Math.random().toString(36).slice(2)}`,
    "ce-source": "raw-client",
    "ce-type": "contact.created",
    "ce-time": "2026-01-27T10:00:00.000Z",
    "ce-specversion": "1.0",
    "ce-dataschema": "runtime-fixture/contact.created/1.0",
    "ce-correlationid": "raw",
    ...overrides,
  };
  return Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined));
};

const POISON = [
  { given: "no headers at all", headers: {}, body: JSON.stringify(contact(1)), code: "MISSING_ATTRIBUTE", reason: /missing CloudEvents attribute ce-id/, raw: true },
  { given: "a missing ce-source", headers: ce({ "ce-source": undefined }), body: JSON.stringify(contact(1)), code: "MISSING_ATTRIBUTE", reason: /ce-source/, raw: true },
  { given: "data that is not JSON", headers: ce(), body: "{contactId:", code: "INVALID_JSON", reason: /data is not valid JSON/, raw: true },
  { given: "specversion 0.3", headers: ce({ "ce-specversion": "0.3" }), body: JSON.stringify(contact(1)), code: "UNSUPPORTED_SPECVERSION", reason: /unsupported specversion 0.3/, raw: true },
  { given: "data failing the schema", headers: ce(), body: JSON.stringify({ contactId: 42 }), code: "VALIDATION_FAILED", reason: /contactId/, raw: false },
  { given: "a type the subscription does not take", headers: ce({ "ce-type": "order.placed" }), body: "{}", code: "UNKNOWN_EVENT", reason: /order.placed/, raw: false },
];

test("poison and schema-invalid messages land in the DLQ with their reason while the subscription keeps going", async () => {
  const { bus, namespace } = h.bus();
  const received: string[] = [];
  await bus.subscribe("contact.created", (event) => void received.push(event.id), { group: "ingest", concurrency: 1 });
  const subject = `${namespace.subjectPrefix}.contact.created`;
  const good: string[] = [];
  for (const [i, poison] of POISON.entries()) {
    good.push((await bus.publish("contact.created", contact(i))).id);
    const raw = headers();
    for (const [key, value] of Object.entries(poison.headers)) raw.set(key, value);
    await h.js.publish(subject, poison.body, { headers: raw });
  }
  good.push((await bus.publish("contact.created", contact(99))).id);

  await until(() => `${good.length} good events (got ${received.length})`, () => received.length >= good.length);
  await until("a dead letter per poison message", async () => (await bus.deadLetters.list()).length >= POISON.length);
  expect(received).toEqual(good);
  const letters = await bus.deadLetters.list({ group: "ingest" });
  expect(letters).toHaveLength(POISON.length);
  for (const [i, poison] of POISON.entries()) {
    const letter = letters[i]!;
    expect(letter.error, poison.given).toMatchObject({ code: poison.code, attempts: 1 });
    expect(letter.error.message, poison.given).toMatch(poison.reason);
    if (poison.raw) expect(letter.originalEvent, poison.given).toEqual({ headers: poison.headers, body: poison.body });
    else expect(letter.originalEvent, poison.given).toMatchObject({ id: poison.headers["ce-id"], data: JSON.parse(poison.body) });
  }
  const stored = await h.jsm.streams.getMessage(namespace.deadLetterStream, { seq: Number(letters[0]!.id) });
  expect(stored!.subject).toBe(`dlq.${subject}`);
  const consumer = await h.jsm.consumers.info(namespace.stream, "ingest");
  expect({ pending: consumer.num_pending, ackPending: consumer.num_ack_pending }).toEqual({ pending: 0, ackPending: 0 });
});
