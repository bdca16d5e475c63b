/**
 * Stream entry encoding: the consumer's one-pass decoder gives exactly what envelope.ts's
 * decodeBinary gives, and leaves every malformed entry to decodeBinary's rules and messages.
 */
import { describe, expect, test } from "vitest";
import { decodeBinary, encodeBinary, EnvelopeError, type CloudEvent } from "eventsmith/runtime";
import { decodeFields, eventFields } from "../../../runtime/transports/redis/entry.js";

const event: CloudEvent = {
  id: "0190c8e2-0000-7000-8000-000000000001",
  source: "svc",
  type: "contact.created",
  time: "2026-01-27T10:00:00.000Z",
  specversion: "1.0",
  datacontenttype: "application/json",
  dataschema: "cat/contact.created/1.0",
  correlationid: "corr",
  data: { contactId: "c1", tags: ["a"] },
};

/** What decodeBinary makes of the same fields (the reference). */
function reference(fields: string[]): unknown {
  const headers: Record<string, string> = {};
  let body = "";
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === "data") body = fields[i + 1]!;
    else headers[fields[i]!] = fields[i + 1]!;
  }
  try {
    return { ok: true, event: decodeBinary((name) => headers[name], body) };
  } catch (error) {
    return { ok: false, code: (error as EnvelopeError).code, message: (error as Error).message };
  }
}

const set = (fields: string[], name: string, value: string) => {
  const out = [...fields];
  const i = out.indexOf(name);
  if (i >= 0) out[i + 1] = value;
  else out.push(name, value);
  return out;
};
const drop = (fields: string[], name: string) => {
  const i = fields.indexOf(name);
  return i < 0 ? fields : [...fields.slice(0, i), ...fields.slice(i + 2)];
};

describe("decodeFields", () => {
  const base = eventFields(event);
  test("eventFields is encodeBinary's headers plus the data field", () => {
    const { headers, body } = encodeBinary(event);
    expect(base).toEqual([...Object.entries(headers).flat(), "data", body]);
  });

  test.each([
    { given: "an event as published", fields: base },
    { given: "all optional attributes", fields: set(set(set(base, "ce-tenantid", "t1"), "ce-causationid", "x"), "ce-traceparent", "00-a-b-01") },
    { given: "an empty optional attribute", fields: set(base, "ce-tenantid", "") },
    { given: "no content-type", fields: drop(base, "content-type") },
    { given: "a retry entry's es-attempt", fields: [...base, "es-attempt", "2"] },
    { given: "missing ce-id", fields: drop(base, "ce-id") },
    { given: "an empty ce-source", fields: set(base, "ce-source", "") },
    { given: "specversion 0.3", fields: set(base, "ce-specversion", "0.3") },
    { given: "data that is not JSON", fields: set(base, "data", "{nope") },
  ])("$given -> the same as decodeBinary", ({ fields }) => {
    const decoded = decodeFields(fields);
    const got = decoded.ok ? decoded : { ok: false, code: decoded.error.code, message: decoded.error.message };
    expect(got).toEqual(reference(fields));
  });

  test("no data field -> MISSING_ATTRIBUTE, the other fields kept as a raw message", () => {
    const decoded = decodeFields(drop(base, "data"));
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) {
      expect(decoded.error).toBeInstanceOf(EnvelopeError);
      expect(decoded.error.code).toBe("MISSING_ATTRIBUTE");
      expect(decoded.raw).toEqual({ headers: Object.fromEntries(pairs(drop(base, "data"))), body: "" });
    }
  });
});

function pairs(flat: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}
