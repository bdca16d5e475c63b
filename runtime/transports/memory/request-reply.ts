/**
 * Request/reply in process: responders registered per event, taking turns; a request
 * resolves with the responder's reply or rejects on its error, timeout or abort.
 */
import type { CloudEvent } from "../../bus/envelope.js";
import { AbortedError, NoRespondersError, RequestTimeoutError } from "../../bus/errors.js";
import type { SubscriptionSpec, TransportSubscription } from "../../bus/transport.js";

type Responder = (event: CloudEvent) => Promise<CloudEvent>;

export class MemoryRequests {
  private readonly responders = new Map<string, Responder[]>();
  private turn = 0;
  private readonly pending = new Set<Promise<unknown>>();

  serve(spec: SubscriptionSpec, responder: Responder): TransportSubscription {
    for (const name of spec.events) this.responders.set(name, [...(this.responders.get(name) ?? []), responder]);
    return {
      unsubscribe: async () => {
        for (const name of spec.events) {
          const left = (this.responders.get(name) ?? []).filter((r) => r !== responder);
          if (left.length > 0) this.responders.set(name, left);
          else this.responders.delete(name);
        }
      },
    };
  }

  request(event: CloudEvent, options: { timeoutMs: number; signal?: AbortSignal }): Promise<CloudEvent> {
    const responders = this.responders.get(event.type);
    if (responders === undefined) return Promise.reject(new NoRespondersError(event.type));
    const responder = responders[this.turn++ % responders.length]!;
    const { timeoutMs, signal } = options;
    const reply = new Promise<CloudEvent>((resolve, reject) => {
      const timer = setTimeout(() => finish(() => reject(new RequestTimeoutError(event.type, timeoutMs))), timeoutMs);
      const onAbort = () => finish(() => reject(new AbortedError(`request "${event.type}"`, signal?.reason)));
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        settle();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      responder(event).then(
        (answer) => finish(() => resolve(answer)),
        (error: unknown) => finish(() => reject(error)),
      );
    });
    const tracked = reply.catch(() => undefined);
    this.pending.add(tracked);
    void tracked.then(() => this.pending.delete(tracked));
    return reply;
  }

  /** Waits for requests in flight; later requests find no responders. */
  async close(): Promise<void> {
    this.responders.clear();
    await Promise.all(this.pending);
  }
}
