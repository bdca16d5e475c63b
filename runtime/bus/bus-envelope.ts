/**
 * Envelopes built by a bus. They are plain CloudEvents to everyone else; two private
 * fields serve the in-process hot path:
 * - which validator accepted the data at publish, so that the memory transport handing
 *   the same object to a subscriber of the same catalog does not validate it again
 *   (envelopes that crossed a broker, or were made elsewhere, are validated on receive);
 * - the generation sequence of the id when this process generated it (see ids.ts), so
 *   that the memory transport's dedup window can tell a new id from a possible duplicate,
 *   and remember it, without reading the id string.
 */
import type { CloudEvent } from "./envelope.js";
import type { Validator } from "./validation.js";

export class BusEnvelope<TType extends string = string, TData = unknown> implements CloudEvent<TType, TData> {
  readonly specversion = "1.0";
  readonly datacontenttype = "application/json";
  declare tenantid?: string;
  declare causationid?: string;
  declare traceparent?: string;
  readonly #validatedBy: Validator<unknown>;
  /** The id's generation sequence (ids increase with it), or -1 for an id given by the publisher. */
  readonly #sequence: number;

  constructor(
    readonly id: string,
    readonly source: string,
    readonly type: TType,
    readonly time: string,
    readonly dataschema: string,
    readonly correlationid: string,
    readonly data: TData,
    validatedBy: Validator<unknown>,
    idSequence: number,
  ) {
    this.#validatedBy = validatedBy;
    this.#sequence = idSequence;
  }

  /** True when `event` is a bus envelope whose data `validate` already accepted. */
  static validatedBy(event: CloudEvent, validate: Validator<unknown>): boolean {
    return #validatedBy in event && event.#validatedBy === validate;
  }

  /** The generation sequence of a bus envelope's id made by `newId`, or -1 (given ids, foreign events). */
  static sequenceOf(event: CloudEvent): number {
    return #sequence in event ? event.#sequence : -1;
  }
}

