/** Label values stay bounded: group names without tenants or ephemeral ids, error codes without messages. */
import { describe, expect, it } from "vitest";
import { consumerGroupLabel, publishErrorCode } from "../../runtime/prometheus/metric-names.js";

describe("consumerGroupLabel", () => {
  const cases = [
    { given: ["billing", true], want: "billing" },
    { given: ["billing#tenant=acme", true], want: "billing" },
    { given: ["ephemeral-0190a3c4-7d2e-7abc-8def-0123456789ab", false], want: "ephemeral" },
    { given: ["ephemeral-0190a3c4-7d2e-7abc-8def-0123456789ab#tenant=acme", true], want: "ephemeral" },
    { given: ["named-but-not-durable", false], want: "ephemeral" },
  ] as const;
  it.each(cases)("$given.0 -> $want", ({ given, want }) => {
    expect(consumerGroupLabel(given[0], given[1])).toBe(want);
  });
});

describe("publishErrorCode", () => {
  const coded = (code: unknown, name = "Error") => Object.assign(new Error("boom"), { code, name });
  const cases = [
    { given: "a coded error", error: coded("BROKER_UNAVAILABLE"), want: "BROKER_UNAVAILABLE" },
    { given: "a numeric code", error: coded("503", "NatsError"), want: "NatsError" },
    { given: "a code with spaces", error: coded("no responders here", "TimeoutError"), want: "TimeoutError" },
    { given: "a plain error", error: new Error("boom"), want: "Error" },
    { given: "a string", error: "boom", want: "PUBLISH_FAILED" },
    { given: "null", error: null, want: "PUBLISH_FAILED" },
  ];
  it.each(cases)("$given -> $want", ({ error, want }) => {
    expect(publishErrorCode(error)).toBe(want);
  });
});
