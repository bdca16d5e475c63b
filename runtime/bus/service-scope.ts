/**
 * What one service of the catalog may do on the bus (the `x-service` of its operations):
 * publish the events it sends, subscribe to the events it receives. `ServiceBus` makes a
 * breach a compile error; this makes it a runtime error too, for callers the types do not
 * reach (JavaScript, casts), before anything is sent or subscribed.
 */
import { InvalidOptionsError, ServiceEventError } from "./errors.js";
import { matchingNames } from "./patterns.js";

/** One service as the generated per-service entry point describes it. */
export interface ServiceDefinition<S extends string = string, R extends string = string> {
  /** The service's name in the catalog; the default CloudEvents `source` of what it publishes. */
  readonly name: string;
  /** Events it publishes, sorted. */
  readonly sends: readonly S[];
  /** Events it subscribes to, sorted. */
  readonly receives: readonly R[];
}

export class ServiceScope {
  private readonly sends: ReadonlySet<string>;
  private readonly receives: ReadonlySet<string>;

  constructor(
    readonly service: ServiceDefinition,
    catalogEvents: readonly string[],
  ) {
    const known = new Set(catalogEvents);
    for (const list of ["sends", "receives"] as const) {
      const unknown = service[list].find((name) => !known.has(name));
      if (unknown !== undefined) throw new InvalidOptionsError(`service.${list}`, `"${unknown}" is not an event of the catalog`);
    }
    this.sends = new Set(service.sends);
    this.receives = new Set(service.receives);
  }

  checkSend(name: string): void {
    if (!this.sends.has(name)) throw new ServiceEventError(this.service.name, name, "send", this.service.sends);
  }

  checkReceive(name: string): void {
    if (!this.receives.has(name)) throw new ServiceEventError(this.service.name, name, "receive", this.service.receives);
  }

  /** The received events a subscription pattern matches: never an event the service does not receive. */
  resolve(pattern: string): string[] {
    const matched = matchingNames(pattern, this.service.receives);
    if (matched.length === 0) throw new ServiceEventError(this.service.name, pattern, "receive", this.service.receives);
    return matched;
  }
}
