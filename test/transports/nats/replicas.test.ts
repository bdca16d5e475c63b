/**
 * Where a stream's replica count comes from: `replicas` (every stream) or `stream.replicas`
 * (the event stream), in the catalog's `x-eventsmith.nats` or the transport options; options
 * beat the catalog, the specific beats the general, and the dead-letter stream follows.
 */
import { expect, test } from "vitest";
import { natsTransport, type NatsTransportOptions } from "eventsmith/nats";
import { checkNatsSettings, resolveNatsSettings, type NatsCatalogSettings } from "../../../runtime/transports/nats/settings.js";

test.each<{ catalog: NatsCatalogSettings; options: NatsCatalogSettings; want: number }>([
  { catalog: {}, options: {}, want: 1 },
  { catalog: { replicas: 3 }, options: {}, want: 3 },
  { catalog: { replicas: 3, stream: { replicas: 5 } }, options: {}, want: 5 },
  // Seed 001 writes replicas: 1 for its single server; a deployment on a cluster says 3.
  { catalog: { stream: { replicas: 1 } }, options: { replicas: 3 }, want: 3 },
  { catalog: { replicas: 5 }, options: { replicas: 3, stream: { replicas: 1 } }, want: 1 },
])("catalog $catalog, options $options -> R$want", ({ catalog, options, want }) => {
  const settings = resolveNatsSettings("alum", checkNatsSettings(catalog, "x-eventsmith.nats"), checkNatsSettings(options, "options"));
  expect(settings.stream.replicas).toBe(want);
});

test.each([
  { given: { replicas: 0 }, want: "natsTransport options.replicas: must be an integer from 1 to 5" },
  { given: { replicas: 2.5 }, want: "natsTransport options.replicas: must be an integer from 1 to 5" },
  { given: { replicas: 7 }, want: "natsTransport options.replicas: must be an integer from 1 to 5" },
])("options $given -> $want", ({ given, want }) => {
  expect(() => natsTransport(given as NatsTransportOptions)).toThrow(want);
});

test("a catalog's replicas are checked where it is read", () => {
  expect(() => checkNatsSettings({ replicas: "three" }, "x-eventsmith.nats")).toThrow("x-eventsmith.nats.replicas: must be an integer from 1 to 5");
});
