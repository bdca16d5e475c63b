/**
 * Subject layout. An event travels on its name, optionally prefixed (`acme.contact.created`),
 * so subscription patterns (`contact.*`, `contact.>`) mean exactly what NATS wildcards mean
 * and a pattern is directly a consumer's filter subject. Dead letters go to
 * `<dlq prefix>.<original subject>` (seed 001: `dlq.contact.created`). Requests travel on
 * core NATS under `_eventsmith.request.`, outside every stream: a stream capturing a request
 * subject would answer it with its own publish acknowledgement.
 */
import { EventsmithError } from "../../bus/errors.js";

const TOKEN = /^[^\s.*>]+$/;

export class Subjects {
  private readonly prefix: string;

  constructor(
    prefix: string,
    private readonly deadLetterPrefix: string,
  ) {
    this.prefix = prefix === "" ? "" : `${prefix}.`;
  }

  /** The subject an event type is published on. */
  event(type: string): string {
    return this.prefix + type;
  }

  /** The consumer filter subject for a subscription pattern (wildcards as they are). */
  filter(pattern: string): string {
    return this.prefix + pattern;
  }

  deadLetter(subject: string): string {
    return `${this.deadLetterPrefix}.${subject}`;
  }

  /** Every dead-letter subject of this catalog (the DLQ stream may be shared with others). */
  deadLetterAll(): string {
    return `${this.deadLetterPrefix}.${this.prefix}>`;
  }

  request(type: string): string {
    return `_eventsmith.request.${this.event(type)}`;
  }

  /**
   * The subjects a stream needs for these events: everything under the prefix when there is
   * one, otherwise `<first token>.>` per domain (a new event in a known domain needs no
   * stream change) and the exact name of single-token events.
   */
  streamSubjects(types: readonly string[]): string[] {
    if (this.prefix !== "") return [`${this.prefix}>`];
    const subjects = new Set<string>();
    for (const type of types) {
      const dot = type.indexOf(".");
      subjects.add(dot === -1 ? type : `${type.slice(0, dot)}.>`);
    }
    return [...subjects].sort();
  }
}

/** Every event name must be usable as a subject: dot-separated tokens, no spaces or wildcards. */
export function checkEventSubjects(types: readonly string[]): void {
  const bad = types.filter((type) => !type.split(".").every((token) => TOKEN.test(token)));
  if (bad.length > 0) {
    throw new EventsmithError(
      `event names ${bad.map((name) => JSON.stringify(name)).join(", ")} cannot be NATS subjects (empty tokens, spaces, * or > are not allowed)`,
      "INVALID_SUBJECT",
    );
  }
}

/** Whether subject pattern `have` matches everything pattern `want` matches. */
export function covers(have: string, want: string): boolean {
  const a = have.split(".");
  const b = want.split(".");
  for (let i = 0; i < a.length; i++) {
    if (a[i] === ">") return b.length > i;
    if (i >= b.length || b[i] === ">") return false;
    if (a[i] !== "*" && a[i] !== b[i]) return false;
  }
  return a.length === b.length;
}
