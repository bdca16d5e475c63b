/**
 * Type-level tests against the generated SDK of catalog/: handler narrowing for exact
 * names and wildcards, and compile errors for unknown names and wrong payloads. Vitest runs
 * this file in typecheck mode (vitest.config.ts): each test passes only when tsc checked it,
 * and an `@ts-expect-error` line that compiles fails it. Nothing here is executed.
 */
import { describe, expectTypeOf, it } from "vitest";
import type { BusEvent, CloudEvent, EventsMatching, MatchingNames, PatternOf, Subscription } from "eventsmith/runtime";
import {
  createEventBus,
  type CourseGraduated,
  type EventMap,
  type NotificationSend,
  type ShiftCreated,
  type ShiftDeleted,
  type ShiftSignup,
  type ShiftSignupCancelled,
  type ShiftSignupCreated,
  type ShiftUpdated,
} from "../../generated/index.js";

const bus = createEventBus();
const graduation: CourseGraduated = { userId: "user-1", courseId: "course-1", finalScore: 95 };

describe("handler types narrow on the pattern", () => {
  it("an exact name gives that event's payload", () => {
    void bus.subscribe("course.graduated", (event) => {
      expectTypeOf(event).toEqualTypeOf<BusEvent<"course.graduated", CourseGraduated>>();
      expectTypeOf(event.data.finalScore).toEqualTypeOf<number>();
      expectTypeOf(event.type).toEqualTypeOf<"course.graduated">();
    });
  });

  it("`shift.*` gives the union of the one-level shift events, discriminated on type", () => {
    void bus.subscribe("shift.*", (event) => {
      expectTypeOf(event.type).toEqualTypeOf<"shift.created" | "shift.deleted" | "shift.signup" | "shift.updated">();
      expectTypeOf(event).toEqualTypeOf<
        | BusEvent<"shift.created", ShiftCreated>
        | BusEvent<"shift.deleted", ShiftDeleted>
        | BusEvent<"shift.signup", ShiftSignup>
        | BusEvent<"shift.updated", ShiftUpdated>
      >();
      if (event.type === "shift.created") expectTypeOf(event.data).toEqualTypeOf<ShiftCreated>();
    });
  });

  it("`shift.>` also gives the deeper shift events", () => {
    void bus.subscribe("shift.>", (event) => {
      expectTypeOf(event.type).toEqualTypeOf<
        "shift.created" | "shift.deleted" | "shift.signup" | "shift.signup.cancelled" | "shift.signup.created" | "shift.updated"
      >();
      if (event.type === "shift.signup.cancelled") expectTypeOf(event.data).toEqualTypeOf<ShiftSignupCancelled>();
      if (event.type === "shift.signup.created") expectTypeOf(event.data).toEqualTypeOf<ShiftSignupCreated>();
    });
  });

  it("`*` in the middle and `>` alone match across modules", () => {
    expectTypeOf<MatchingNames<keyof EventMap & string, "*.graduated">>().toEqualTypeOf<"course.graduated">();
    void bus.subscribe(">", (event) => {
      expectTypeOf(event.type).toEqualTypeOf<keyof EventMap>();
    });
  });

  it("the filter option sees the same narrowed event", () => {
    void bus.subscribe("notification.send", () => undefined, {
      filter: (event) => {
        expectTypeOf(event.data).toEqualTypeOf<NotificationSend>();
        return event.data.type === "warning";
      },
    });
  });

  it("subscribe resolves with a subscription handle", () => {
    expectTypeOf(bus.subscribe("course.graduated", () => undefined)).resolves.toEqualTypeOf<Subscription>();
  });
});

describe("patterns the catalog does not have are compile errors", () => {
  it("unknown names and patterns matching nothing are rejected", () => {
    // @ts-expect-error: no such event
    void bus.subscribe("course.graduate", () => undefined);
    // @ts-expect-error: `*` is one token: nothing is named `course.graduated.x`
    void bus.subscribe("course.graduated.*", () => undefined);
    // @ts-expect-error: wildcards are whole tokens
    void bus.subscribe("shift.sign*", () => undefined);
    expectTypeOf<"nope.*">().not.toMatchTypeOf<PatternOf<EventMap>>();
    expectTypeOf<"course.graduated">().toMatchTypeOf<PatternOf<EventMap>>();
    expectTypeOf<EventsMatching<EventMap, "course.*">["type"]>().toEqualTypeOf<"course.graduated">();
  });

  it("a handler expecting another event's payload is rejected", () => {
    // @ts-expect-error: course.graduated carries CourseGraduated, not NotificationSend
    void bus.subscribe("course.graduated", (event: BusEvent<"course.graduated", NotificationSend>) => void event);
  });
});

describe("publish is typed by event name", () => {
  it("accepts the event's payload and resolves with its envelope", () => {
    expectTypeOf(bus.publish("course.graduated", graduation)).resolves.toEqualTypeOf<CloudEvent<"course.graduated", CourseGraduated>>();
  });

  it("rejects unknown names and wrong payloads", () => {
    // @ts-expect-error: no such event
    void bus.publish("course.graduate", graduation);
    // @ts-expect-error: finalScore is a number
    void bus.publish("course.graduated", { ...graduation, finalScore: "95" });
    // @ts-expect-error: courseId is required
    void bus.publish("course.graduated", { userId: "user-1", finalScore: 95 });
    void bus.publishMany([
      { name: "course.graduated", data: graduation },
      // @ts-expect-error: the payload of a batch item is checked against its name
      { name: "notification.send", data: graduation },
    ]);
  });

  it("types reply handlers and replies by name", () => {
    void bus.reply("course.graduated", (request) => {
      expectTypeOf(request.data).toEqualTypeOf<CourseGraduated>();
      return { name: "notification.send", data: { userId: request.data.userId, title: "Congrats", message: "!", type: "success" } };
    });
  });
});
