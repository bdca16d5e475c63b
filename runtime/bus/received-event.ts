/** The object a handler receives: the envelope's attributes in camelCase plus the attempt number. */
import type { BusEvent } from "./bus-types.js";
import type { CloudEvent } from "./envelope.js";

export class ReceivedEvent<N extends string = string, D = unknown> implements BusEvent<N, D> {
  readonly id: string;
  readonly type: N;
  readonly source: string;
  readonly time: string;
  readonly dataschema: string;
  readonly tenantId: string | undefined;
  readonly correlationId: string;
  readonly causationId: string | undefined;
  readonly traceparent: string | undefined;
  readonly data: D;

  constructor(
    readonly envelope: CloudEvent<N, D>,
    readonly attempt: number,
  ) {
    this.id = envelope.id;
    this.type = envelope.type;
    this.source = envelope.source;
    this.time = envelope.time;
    this.dataschema = envelope.dataschema;
    this.tenantId = envelope.tenantid;
    this.correlationId = envelope.correlationid;
    this.causationId = envelope.causationid;
    this.traceparent = envelope.traceparent;
    this.data = envelope.data;
  }

  /** The last segment of `dataschema` (`<catalog>/<event>/<version>`). */
  get version(): string {
    return this.dataschema.slice(this.dataschema.lastIndexOf("/") + 1);
  }
}
