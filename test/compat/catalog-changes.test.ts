import { describe, expect, it } from "vitest";
import { compareCatalogs } from "../../generator/compat/compare-catalogs.js";
import { catalogIR, type FixtureCatalog } from "./ir-fixture.js";

const payload = { type: "object", properties: { id: { type: "string" } }, required: ["id"] };
const event = (name: string, extra: Partial<FixtureCatalog["events"][number]> = {}) => ({ name, payload, channels: [name], ...extra });
const channel = (id: string, extra: Record<string, unknown> = {}) => ({ id, ...extra });

/** Findings as `direction severity rule pointer: message` lines, for exact, readable expectations. */
function lines(before: FixtureCatalog, after: FixtureCatalog, options: Parameters<typeof compareCatalogs>[2] = {}): string[] {
  return compareCatalogs(catalogIR(before), catalogIR(after), options).findings.map(
    (f) => `${f.event} ${f.direction} ${f.severity} ${f.rule} ${f.pointer || "(event)"} @${f.side}:${f.file}:${f.line}: ${f.message}`,
  );
}

describe("catalog changes around the schemas", () => {
  const base: FixtureCatalog = { events: [event("a.created"), event("b.created")], channels: [channel("a.created"), channel("b.created")] };

  it.each<{ name: string; before?: FixtureCatalog; after: FixtureCatalog; want: string[] }>([
    {
      name: "adding an event is not a finding",
      after: { ...base, events: [...base.events, event("c.created")], channels: [...base.channels!, channel("c.created")] },
      want: [],
    },
    {
      name: "an event removed is breaking, located in the old catalog",
      after: { events: [event("a.created")], channels: [channel("a.created")] },
      want: ["b.created backward error event-removed (event) @old:events.yaml:1999: event `b.created` was removed"],
    },
    {
      name: "removing a deprecated event is a warning",
      before: { ...base, events: [event("a.created"), event("b.created", { deprecated: true })] },
      after: { events: [event("a.created")], channels: [channel("a.created")] },
      want: ["b.created backward warning event-removed (event) @old:events.yaml:1999: event `b.created` was removed (it was deprecated)"],
    },
    {
      name: "an event renamed (same payload, same channel)",
      after: { events: [event("a.created"), event("b.made", { channels: ["b.created"] })], channels: base.channels! },
      want: ["b.created backward error event-renamed (event) @new:events.yaml:1999: event `b.created` was renamed to `b.made`: consumers of `b.created` no longer receive it"],
    },
    {
      name: "the channel address changed",
      after: { events: [event("a.created", { channels: ["a.created.v2"] }), event("b.created")], channels: [channel("a.created.v2"), channel("b.created")] },
      want: ["a.created backward error channel-address-changed /channels/a.created @new:channels.yaml:10: channel address changed from `a.created` to `a.created.v2`"],
    },
    {
      name: "the event moved to another existing channel",
      after: { events: [event("a.created", { channels: ["b.created"] }), event("b.created")], channels: base.channels! },
      want: ["a.created backward error channel-moved /channels/a.created @new:channels.yaml:20: event moved from channel `a.created` to channel `b.created`"],
    },
    {
      name: "a channel parameter narrowed",
      before: { ...base, channels: [channel("a.created", { parameters: [{ name: "tenant", schema: { type: "string" }, location: { file: "channels.yaml", line: 11, column: 3 } }] }), channel("b.created")] },
      after: { ...base, channels: [channel("a.created", { parameters: [{ name: "tenant", schema: { type: "string", enum: ["eu", "us"] }, location: { file: "channels.yaml", line: 12, column: 3 } }] }), channel("b.created")] },
      want: ["a.created backward error channel-parameters-changed /channels/a.created/parameters/tenant @new:channels.yaml:12: parameter `tenant` of channel `a.created`: value \"\" is no longer accepted at the parameter value"],
    },
    {
      name: "the content type changed",
      after: { ...base, events: [event("a.created", { contentType: "application/avro" }), event("b.created")] },
      want: ["a.created backward error content-type-changed /contentType @new:events.yaml:999: content type changed from `application/json` to `application/avro`"],
    },
    {
      name: "a headers schema added with a required header",
      after: { ...base, events: [event("a.created", { headers: { type: "object", properties: { trace: { type: "string" } }, required: ["trace"] } }), event("b.created")] },
      want: [
        "a.created backward error additional-properties /headers/properties/trace @new:events.yaml:1501: property `trace` added to the headers with a schema; before, the open object accepted any value for it",
        "a.created backward error property-required /headers/properties/trace @new:events.yaml:1501: property `trace` became required",
      ],
    },
    {
      name: "an operation now receives what it sent",
      before: { ...base, operations: [{ id: "sendA", action: "send", events: ["a.created"] }] },
      after: { ...base, operations: [{ id: "sendA", action: "receive", events: ["a.created"] }] },
      want: ["a.created backward error operation-direction-changed /operations/sendA @new:operations.yaml:10: operation `sendA` of service `svc` now receives the event instead of sending it"],
    },
  ])("$name", ({ before, after, want }) => {
    expect(lines(before ?? base, after)).toEqual(want);
  });

  it("reports a change to a shared component for every event using it, at the component's node", () => {
    const uses = (name: string) => ({ name, payload: { type: "object", properties: { address: { $ref: "#/$defs/Address" } } } });
    const address = (city: object) => ({ Address: { type: "object", properties: { city } } });
    const found = lines(
      { events: [uses("a.created"), uses("b.created")], schemas: address({ type: "string" }) },
      { events: [uses("a.created"), uses("b.created")], schemas: address({ type: "string", maxLength: 10 }) },
    );
    expect(found).toEqual([
      "a.created backward error string-length /payload/properties/address/properties/city @new:schemas.yaml:101: `maxLength: 10` added to /address/city",
      "b.created backward error string-length /payload/properties/address/properties/city @new:schemas.yaml:101: `maxLength: 10` added to /address/city",
    ]);
  });

  it("reads the mode per event (x-compat-mode), else the catalog's, and --mode overrides both", () => {
    const widened = (mode?: string) => ({ name: "a.created", payload: { type: "number" }, ...(mode ? { extensions: { "x-compat-mode": mode } } : {}) });
    const narrowOld = (mode?: string) => ({ events: [{ ...widened(mode), payload: { type: "integer" } }] });
    // integer -> number breaks forward only
    expect(lines(narrowOld(), { events: [widened()] })).toHaveLength(1);
    expect(lines(narrowOld(), { events: [widened("backward")] })).toEqual([]);
    expect(lines(narrowOld(), { events: [widened("none")] })).toEqual([]);
    expect(lines(narrowOld(), { events: [widened()], mode: "backward" })).toEqual([]);
    expect(lines(narrowOld(), { events: [widened("backward")] }, { mode: "forward" })).toHaveLength(1);
    expect(() => lines(narrowOld(), { events: [widened("sideways")] })).toThrow(/x-compat-mode must be one of backward, forward, full, none \(got "sideways"\)/);
  });

  it("gives fingerprints that do not depend on line numbers, and differ per direction and event", () => {
    const before = catalogIR({ events: [{ name: "a.created", payload: { type: "integer" } }] });
    const after = catalogIR({ events: [{ name: "a.created", payload: { type: "string" } }] });
    const moved = structuredClone(after);
    for (const loc of Object.values(moved.events[0]!.payload.locations)) loc.line += 40;
    const [x, y] = [compareCatalogs(before, after).findings, compareCatalogs(before, moved).findings];
    expect(x.map((f) => f.fingerprint)).toEqual(y.map((f) => f.fingerprint));
    expect(x[0]!.line).not.toBe(y[0]!.line);
    expect(new Set(x.map((f) => f.fingerprint)).size).toBe(x.length);
  });
});
