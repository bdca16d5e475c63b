/**
 * Fault (c): poison and schema-invalid entries written straight into a stream with a raw
 * client land in the DLQ with their reason, and the subscription keeps going.
 */
import { expect, test } from "vitest";
import { contact, until, useHarness } from "../transports/redis/harness.js";

const h = useHarness();

const envelope = (overrides: Record<string, string>) => ({
  "content-type": "application/json",
  "ce-id": `poison-${Math.random().toString(36).slice(2)}`,
  "ce-source": "raw-client",
  "ce-type": "contact.created",
  "ce-time": new Date().toISOString(),
  "ce-specversion": "1.0",
  "ce-dataschema": "runtime-fixture/contact.created/1.0",
  "ce-correlationid": "c",
  data: JSON.stringify(contact(99)),
  ...overrides,
});

const POISON = [
  { given: "no CloudEvents attributes at all", fields: { data: "{}" }, code: "MISSING_ATTRIBUTE", message: "missing CloudEvents attribute ce-id" },
  { given: "no data field", fields: withoutData(envelope({})), code: "MISSING_ATTRIBUTE", message: 'entry has no "data" field' },
  { given: "data that is not JSON", fields: envelope({ data: "{not json" }), code: "INVALID_JSON", message: "data is not valid JSON" },
  { given: "specversion 0.3", fields: envelope({ "ce-specversion": "0.3" }), code: "UNSUPPORTED_SPECVERSION", message: "unsupported specversion 0.3" },
  { given: "a payload that breaks the schema", fields: envelope({ data: JSON.stringify({ contactId: "nope" }) }), code: "VALIDATION_FAILED", message: "failed validation" },
  { given: "another event's type on this stream", fields: envelope({ "ce-type": "order.placed" }), code: "UNKNOWN_EVENT", message: "is not one of this subscription's events" },
];

test("poison and schema-invalid entries are dead-lettered with their reason; valid events around them are delivered", async () => {
  const { bus, namespace, transport } = h.bus();
  const stream = `${namespace}:stream:contact.created`;
  const handled: string[] = [];
  await bus.subscribe("contact.created", (event) => void handled.push(event.data.email), { group: "g", concurrency: 2 });

  const valid: string[] = [];
  for (const [n, poison] of POISON.entries()) {
    await bus.publish("contact.created", contact(n));
    valid.push(contact(n).email);
    await h.raw.xadd(stream, "*", ...Object.entries(poison.fields).flat());
  }
  await until("every valid event", () => handled.length === valid.length);
  await until("every dead letter", async () => (await bus.deadLetters.list()).length === POISON.length);

  // The subscription keeps going after all that.
  await bus.publish("contact.created", contact(100));
  await until("the event after the poison", () => handled.length === valid.length + 1);
  expect(handled).toEqual([...valid, contact(100).email]);

  const letters = await bus.deadLetters.list();
  expect(letters.map((letter) => letter.error.code)).toEqual(POISON.map((p) => p.code));
  for (const [i, letter] of letters.entries()) {
    expect(letter.error.message, POISON[i]!.given).toContain(POISON[i]!.message);
    expect(letter).toMatchObject({ group: "g", error: { attempts: 1 } });
  }
  // Undecodable entries keep what they carried, as a raw message.
  expect(letters[0]!.originalEvent).toEqual({ headers: {}, body: "{}" });
  expect(letters[2]!.originalEvent).toMatchObject({ body: "{not json", headers: { "ce-source": "raw-client" } });
  expect(((await h.raw.xpending(stream, "g")) as [number])[0]).toBe(0);
  expect(transport.metrics().deadLettered).toBe(POISON.length);
});

function withoutData(fields: Record<string, string>): Record<string, string> {
  const { data: _data, ...rest } = fields;
  return rest;
}
