import { describe, expect, it } from "vitest";
import { InvalidPatternError, isUuidV7, newId, UnknownEventError, uuidV7Time } from "eventsmith/runtime";
import { matchesTokens, parsePattern, resolvePattern } from "../../runtime/bus/patterns.js";

describe("newId", () => {
  it("makes UUIDv7 ids carrying the current time, strictly increasing and unique", () => {
    const before = Date.now();
    const ids = Array.from({ length: 200_000 }, () => newId());
    const after = Date.now();
    expect(ids.every(isUuidV7)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    expect(uuidV7Time(ids[0]!)).toBeGreaterThanOrEqual(before);
    expect(uuidV7Time(ids.at(-1)!)).toBeLessThanOrEqual(after + 1);
  });

  it("stays increasing when the clock goes back", () => {
    const later = newId(Date.now() + 60_000);
    const earlier = newId(Date.now());
    expect(earlier > later).toBe(true);
  });
});

const names = ["contact.created", "contact.consent.granted", "contact.deleted", "order.placed", "course.graduated"];

describe("patterns", () => {
  it.each([
    { pattern: "contact.created", want: ["contact.created"] },
    { pattern: "contact.*", want: ["contact.created", "contact.deleted"] },
    { pattern: "contact.>", want: ["contact.consent.granted", "contact.created", "contact.deleted"] },
    { pattern: "*.created", want: ["contact.created"] },
    { pattern: "*.*.granted", want: ["contact.consent.granted"] },
    { pattern: "*.>", want: names.slice().sort() },
    { pattern: ">", want: names.slice().sort() },
    { pattern: "*", want: null },
    { pattern: "contact.created.>", want: null },
    { pattern: "order", want: null },
  ])("$pattern resolves to $want", ({ pattern, want }) => {
    if (want === null) expect(() => resolvePattern(pattern, names)).toThrow(UnknownEventError);
    else expect(resolvePattern(pattern, names)).toEqual(want);
  });

  it.each([
    { pattern: "", reason: "it is empty" },
    { pattern: "contact..created", reason: "token 2 is empty" },
    { pattern: ".contact", reason: "token 1 is empty" },
    { pattern: ">.created", reason: "`>` may only be the last token" },
    { pattern: "contact.cre*", reason: 'wildcards must be whole tokens, not part of "cre*"' },
    { pattern: "contact. created", reason: "it contains whitespace" },
  ])("refuses $pattern: $reason", ({ pattern, reason }) => {
    expect(() => parsePattern(pattern)).toThrow(new InvalidPatternError(pattern, reason));
  });

  it("names the catalog's events when nothing matches", () => {
    expect(() => resolvePattern("contact.merged", names)).toThrow(
      'unknown event "contact.merged": the catalog has contact.created, contact.consent.granted, contact.deleted, order.placed, course.graduated',
    );
  });

  it("matches token by token", () => {
    expect(matchesTokens(["a", "*"], "a.b")).toBe(true);
    expect(matchesTokens(["a", "*"], "a.b.c")).toBe(false);
    expect(matchesTokens(["a", ">"], "a")).toBe(false);
    expect(matchesTokens(["a", ">"], "a.b.c")).toBe(true);
  });
});
