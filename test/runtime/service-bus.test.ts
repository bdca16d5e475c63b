/**
 * Per-service entry points (`generated/services/*.ts`) at run time: what the types forbid is
 * refused before anything is sent or subscribed (for callers past a cast), and a wildcard
 * subscription of a service never receives an event the service does not receive, over a
 * real NATS JetStream shared with a bus that publishes every event of the catalog.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ServiceEventError, silentLogger, type CloudEvent } from "eventsmith/runtime";
import { natsTransport } from "eventsmith/nats";
import { createEventBus } from "../../generated/index.js";
import * as contactsService from "../../generated/services/contacts-service.js";
import * as segments from "../../generated/services/segments-module.js";
import { startNatsServer, type NatsServer } from "../support/nats-server.js";
import { eventually } from "./eventually.js";

const CONTACT_ID = "8f0e4c9a-1b2d-4e3f-9a8b-7c6d5e4f3a2b";
const segment = { segmentId: CONTACT_ID, name: "Donors", kind: "static" } as const;

const closing: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((bus) => bus.close()));
});
function opened<B extends { close(): Promise<void> }>(bus: B): B {
  closing.push(bus);
  return bus;
}

describe("a service's bus refuses what the service does not do", () => {
  // `as never`: the calls a cast (or JavaScript) lets through, which the types reject
  const cases: { given: string; call: () => Promise<unknown>; want: RegExp }[] = [
    { given: "publish of an event it does not send", call: () => opened(segments.createEventBus({ logger: silentLogger })).publish("contact.created" as never, {} as never), want: /service "SegmentsModule" does not send "contact.created": per the catalog it sends segment.created, / },
    { given: "publishMany holding one such event", call: () => opened(segments.createEventBus({ logger: silentLogger })).publishMany([{ name: "segment.created", data: segment }, { name: "contact.deleted", data: {} } as never]), want: /does not send "contact.deleted"/ },
    { given: "subscribe to an event it sends", call: () => opened(segments.createEventBus({ logger: silentLogger })).subscribe("segment.created" as never, () => undefined), want: /does not receive "segment.created": per the catalog it receives contact.created, / },
    { given: "`>` on a service that receives nothing", call: () => opened(contactsService.createEventBus({ logger: silentLogger })).subscribe(">" as never, () => undefined), want: /service "ContactsService" does not receive ">": per the catalog it receives no events/ },
    { given: "reply to an event it does not receive", call: () => opened(segments.createEventBus({ logger: silentLogger })).reply("segment.created" as never, () => ({ name: "segment.created", data: segment })), want: /does not receive "segment.created"/ },
  ];
  it.each(cases)("$given", async ({ call, want }) => {
    const error = await Promise.resolve().then(call).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceEventError);
    expect(error).toMatchObject({ code: "NOT_A_SERVICE_EVENT", message: expect.stringMatching(want) });
  });

  it("publishes what it sends, with the service as the CloudEvents source", async () => {
    const bus = opened(segments.createEventBus({ logger: silentLogger }));
    const sent = await bus.publish("segment.created", segment);
    expect({ type: sent.type, source: sent.source, data: sent.data }).toEqual({ type: "segment.created", source: "SegmentsModule", data: segment });
  });
});

describe("over NATS JetStream", () => {
  let nats: NatsServer;
  beforeAll(async () => {
    nats = await startNatsServer();
  });
  afterAll(async () => {
    await nats?.stop();
  });
  const transport = () => natsTransport({ servers: nats.url, subjectPrefix: "svc", stream: { name: "SVC_EVENTS" }, deadLetter: { stream: "SVC_DLQ" } });

  it("a wildcard subscription gets only the events the service receives", async () => {
    const everything = opened(createEventBus({ transport: transport(), logger: silentLogger, source: "test" }));
    const service = opened(segments.createEventBus({ transport: transport(), logger: silentLogger }));
    const received: CloudEvent[] = [];
    const subscription = await service.subscribe("contact.>", (event) => void received.push(event.envelope), { group: "segments" });
    // contact.consent.granted and contact.tags.changed match `contact.>` in the catalog, but SegmentsModule does not receive them
    expect(subscription.events).toEqual(["contact.created", "contact.deleted", "contact.tagged", "contact.untagged", "contact.updated"]);
    await everything.publish("contact.consent.granted", { contactId: CONTACT_ID, channel: "email", purpose: "marketing", method: "web_form" });
    await everything.publish("contact.tags.changed", { contactId: CONTACT_ID, email: "ada@example.org", added: ["donor"], removed: [], source: "admin" });
    await everything.publish("contact.created", { contactId: CONTACT_ID, source: "form" });
    await eventually(() => expect(received.map((e) => e.type)).toEqual(["contact.created"]));
  });
});
