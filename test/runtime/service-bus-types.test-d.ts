/**
 * Type-level tests of the per-service entry points generated from catalog/ (`services/*.ts`):
 * a service's bus publishes only what the service sends and subscribes only to what it
 * receives, and its patterns match only within what it receives. Checked by tsc in vitest's
 * typecheck mode (vitest.config.ts); an `@ts-expect-error` line that compiles fails the test.
 */
import { describe, expectTypeOf, it } from "vitest";
import type { BusEvent, CloudEvent, ServiceBus } from "eventsmith/runtime";
import type { AchievementEarned, CandidatePlaced, ContactCreated, ContactTagged, EventMap, SegmentCreated } from "../../generated/index.js";
import * as achievements from "../../generated/services/achievements.js";
import * as contactsService from "../../generated/services/contacts-service.js";
import * as notifications from "../../generated/services/notifications.js";
import * as segments from "../../generated/services/segments-module.js";

const segmentsBus = segments.createEventBus();
const segment: SegmentCreated = { segmentId: "8f0e4c9a-1b2d-4e3f-9a8b-7c6d5e4f3a2b", name: "Donors", kind: "static" };
// valid payloads, so that each `@ts-expect-error` below stands for the event name alone
const contact: ContactCreated = { contactId: "8f0e4c9a-1b2d-4e3f-9a8b-7c6d5e4f3a2b", source: "form" };
const placed = {} as CandidatePlaced;

describe("what a service sends and receives, as types", () => {
  it("lists the catalog's operations of that service", () => {
    expectTypeOf<segments.Sends>().toEqualTypeOf<
      "segment.created" | "segment.deleted" | "segment.evaluated" | "segment.member.added" | "segment.member.removed" | "segment.updated"
    >();
    expectTypeOf<segments.Receives>().toEqualTypeOf<"contact.created" | "contact.deleted" | "contact.tagged" | "contact.untagged" | "contact.updated">();
    expectTypeOf<notifications.Sends>().toEqualTypeOf<never>();
    expectTypeOf<contactsService.Receives>().toEqualTypeOf<never>();
    expectTypeOf(segmentsBus).toEqualTypeOf<ServiceBus<Pick<EventMap, segments.Sends | segments.Receives>, segments.Sends, segments.Receives>>();
    expectTypeOf<segments.ServiceEventMap>().toEqualTypeOf<Pick<EventMap, segments.Sends | segments.Receives>>();
  });
});

describe("publish accepts only what the service sends", () => {
  it("an event it sends, with that event's payload", () => {
    expectTypeOf(segmentsBus.publish("segment.created", segment)).toEqualTypeOf<Promise<CloudEvent<"segment.created", SegmentCreated>>>();
    void achievements.createEventBus().publish("achievement.earned", { userId: "user-1", achievementId: "first-donation" } satisfies AchievementEarned);
  });

  it("an event another service owns is a compile error", () => {
    // @ts-expect-error contact.created is ContactsModule's event, not SegmentsModule's
    void segmentsBus.publish("contact.created", contact);
    // @ts-expect-error a receive-only service publishes nothing, not even what it receives
    void notifications.createEventBus().publish("course.graduated", { userId: "user-1", courseId: "course-1", finalScore: 95 });
    // @ts-expect-error the service receives candidate.placed; it does not send it
    void achievements.createEventBus().publish("candidate.placed", placed);
  });

  it("publishMany and request follow the same rule", () => {
    void segmentsBus.publishMany([{ name: "segment.created", data: segment }]);
    // @ts-expect-error contact.created is not sent by SegmentsModule
    void segmentsBus.publishMany([{ name: "contact.created", data: contact }]);
    // @ts-expect-error request sends the request event: the service must send it
    void segmentsBus.request("contact.created", contact);
  });

  it("a wrong payload for an event it sends is still a compile error", () => {
    // @ts-expect-error kind must be "dynamic" or "static"
    void segmentsBus.publish("segment.created", { ...segment, kind: "smart" });
  });
});

describe("subscribe accepts only what the service receives", () => {
  it("an exact name it receives narrows the handler", () => {
    void segmentsBus.subscribe("contact.tagged", (event) => {
      expectTypeOf(event).toEqualTypeOf<BusEvent<"contact.tagged", ContactTagged>>();
    });
  });

  it("a wildcard matches only the events the service receives", () => {
    // in the whole catalog `contact.>` also matches contact.address.updated, contact.consent.* and contact.tags.changed
    void segmentsBus.subscribe("contact.>", (event) => {
      expectTypeOf(event.type).toEqualTypeOf<"contact.created" | "contact.deleted" | "contact.tagged" | "contact.untagged" | "contact.updated">();
      if (event.type === "contact.created") expectTypeOf(event.data).toEqualTypeOf<ContactCreated>();
    });
  });

  it("an event the service does not receive is a compile error", () => {
    // @ts-expect-error SegmentsModule sends segment.created; it does not receive it
    void segmentsBus.subscribe("segment.created", () => undefined);
    // @ts-expect-error contact.consent.granted matches nothing SegmentsModule receives
    void segmentsBus.subscribe("contact.consent.*", () => undefined);
    // @ts-expect-error a send-only service subscribes to nothing
    void contactsService.createEventBus().subscribe(">", () => undefined);
    // @ts-expect-error reply answers requests the service receives
    void segmentsBus.reply("segment.created", () => ({ name: "segment.created", data: segment }));
  });

  it("a handler typed for another event is a compile error", () => {
    // @ts-expect-error candidate.placed carries CandidatePlaced, not AchievementEarned
    void achievements.createEventBus().subscribe("candidate.placed", (event: BusEvent<"candidate.placed", AchievementEarned>) => undefined);
  });
});
