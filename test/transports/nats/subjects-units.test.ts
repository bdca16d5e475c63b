/** The NATS transport's pure helpers: subject layout and matching, durations and sizes as catalogs write them. */
import { describe, expect, test } from "vitest";
import { covers, Subjects } from "../../../runtime/transports/nats/subjects.js";
import { formatDuration, formatSize, parseDuration, parseSize } from "../../../runtime/transports/nats/units.js";

describe("subjects", () => {
  test.each([
    { have: "contact.>", want: "contact.created", covered: true },
    { have: "contact.>", want: "contact.consent.granted", covered: true },
    { have: "contact.>", want: "contact", covered: false },
    { have: "contact.*", want: "contact.created", covered: true },
    { have: "contact.*", want: "contact.consent.granted", covered: false },
    { have: "contact.*", want: "contact.>", covered: false },
    { have: ">", want: "contact.>", covered: true },
    { have: "a.b", want: "a.b", covered: true },
    { have: "a.b", want: "a.*", covered: false },
  ])("$have covers $want: $covered", ({ have, want, covered }) => {
    expect(covers(have, want)).toBe(covered);
  });

  test.each([
    { prefix: "", dlq: "dlq", want: { event: "contact.created", dlq: "dlq.contact.created", all: "dlq.>", stream: ["contact.>", "ping", "segment.>"] } },
    { prefix: "acme", dlq: "dead", want: { event: "acme.contact.created", dlq: "dead.acme.contact.created", all: "dead.acme.>", stream: ["acme.>"] } },
  ])("prefix '$prefix', dead letters under '$dlq'", ({ prefix, dlq, want }) => {
    const subjects = new Subjects(prefix, dlq);
    expect({
      event: subjects.event("contact.created"),
      dlq: subjects.deadLetter(subjects.event("contact.created")),
      all: subjects.deadLetterAll(),
      stream: subjects.streamSubjects(["contact.created", "contact.consent.granted", "segment.member.added", "ping"]),
    }).toEqual(want);
  });
});

describe("units", () => {
  test.each([
    { given: "7d", want: 604_800_000 },
    { given: "1.5h", want: 5_400_000 },
    { given: "2m", want: 120_000 },
    { given: "250ms", want: 250 },
    { given: "1w", want: 604_800_000 },
    { given: 1500, want: 1500 },
  ])("duration $given -> $want ms", ({ given, want }) => {
    expect(parseDuration(given, "maxAge")).toBe(want);
  });

  test.each([
    { given: "10GB", want: 10 * 2 ** 30 },
    { given: "512mb", want: 512 * 2 ** 20 },
    { given: 1024, want: 1024 },
    { given: -1, want: -1 },
  ])("size $given -> $want bytes", ({ given, want }) => {
    expect(parseSize(given, "maxBytes")).toBe(want);
  });

  test.each([
    { given: () => parseDuration("a week", "stream.maxAge"), want: 'stream.maxAge: must be a duration such as 30s, 2m, 7d or milliseconds (got "a week")' },
    { given: () => parseDuration(-5, "stream.maxAge"), want: "stream.maxAge: must be a duration" },
    { given: () => parseSize("10 parsecs", "stream.maxBytes"), want: 'stream.maxBytes: must be a size such as 512MB, 10GB, a number of bytes, or -1 (got "10 parsecs")' },
  ])("refuses $want", ({ given, want }) => {
    expect(given).toThrow(want);
  });

  test.each([
    { given: formatDuration(604_800_000), want: "7d" },
    { given: formatDuration(90_000), want: "90s" },
    { given: formatDuration(0), want: "unlimited" },
    { given: formatSize(10 * 2 ** 30), want: "10GB" },
    { given: formatSize(-1), want: "unlimited" },
  ])("formats $want", ({ given, want }) => {
    expect(given).toBe(want);
  });
});
