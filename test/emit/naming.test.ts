import { describe, expect, it } from "vitest";
import { assignNames, camel, kebab, pascal } from "../../generator/emit/naming.js";
import { irWith } from "../support/ir-fixture.js";

describe("naming", () => {
  it.each([
    ["contact.created", "ContactCreated"],
    ["workflow.run.goal_reached", "WorkflowRunGoalReached"],
    ["buying-signal.detected", "BuyingSignalDetected"],
    ["lightMeasured", "LightMeasured"],
    ["2fa.enabled", "T2faEnabled"],
    ["", "Unnamed"],
  ])("pascal(%j) = %j", (given, want) => expect(pascal(given)).toBe(want));

  it.each([
    ["ContactCreated", "contact-created"],
    ["HTTPRequestSent", "http-request-sent"],
    ["T2faEnabled", "t2fa-enabled"],
  ])("kebab(%j) = %j", (given, want) => expect(kebab(given)).toBe(want));

  it("camel-cases channel keys", () => expect(camel("user/signedup")).toBe("userSignedup"));

  it("gives events their own name and keeps named schemas' names", () => {
    const names = assignNames(
      irWith({
        events: { "contact.created": { $ref: "#/$defs/ContactCreated" }, "contact.updated": { $ref: "#/$defs/ContactPayload" } },
        schemas: { ContactCreated: { type: "object" }, ContactPayload: { type: "object" } },
      }),
    );
    expect(names.eventType("contact.created")).toBe("ContactCreated");
    expect(names.schemaType("ContactCreated")).toBe("ContactCreated");
    expect(names.eventType("contact.updated")).toBe("ContactUpdated");
    expect(names.schemaType("ContactPayload")).toBe("ContactPayload");
  });

  it("resolves clashes deterministically and never shadows names the SDK needs", () => {
    const names = assignNames(
      irWith({
        events: { "a.b-c": {}, "a-b.c": {}, "event.map": {} },
        schemas: { ABC: { type: "string" }, Record: { type: "object" }, EventMap: { type: "object" } },
      }),
    );
    // events are named in sorted order: "a-b.c" < "a.b-c"
    expect(["a-b.c", "a.b-c"].map((e) => names.eventType(e))).toEqual(["ABC", "ABC2"]);
    expect(names.schemaType("ABC")).toBe("ABC3");
    expect(names.schemaType("Record")).toBe("Record2");
    expect(names.eventType("event.map")).toBe("EventMap2");
    expect(names.schemaType("EventMap")).toBe("EventMap3");
    expect(names.eventFile("a-b.c")).toBe("abc");
    expect(names.eventFile("a.b-c")).toBe("abc2");
  });
});
