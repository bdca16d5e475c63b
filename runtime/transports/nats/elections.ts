/**
 * JetStream API calls through a cluster's leader elections. While a stream, consumer or the
 * JetStream meta group has no leader (a node died, or the cluster is just starting), the API
 * answers nothing (timeout, no responders) or a 5xx error ("JetStream system temporarily
 * unavailable"). Such calls are tried again until they succeed or the outage wait is over;
 * a single server behaves the same while it restarts.
 */
import { JetStreamApiError } from "@nats-io/jetstream";
import { RequestError, TimeoutError } from "@nats-io/nats-core";
import { TransportUnavailableError } from "../../bus/errors.js";
import { ConnectionDroppedError, type Connection, type Link } from "./connection.js";

/** Whether `error` (or the error it wraps) is what a JetStream without a leader answers. */
export function isLeaderless(error: unknown): boolean {
  return answersLeaderless(error) || (error instanceof Error && answersLeaderless(error.cause));
}

function answersLeaderless(error: unknown): boolean {
  return (
    error instanceof TimeoutError ||
    // nats.js's answer to "no responders" on a publish; the class is not exported.
    (error instanceof Error && error.name === "JetStreamNotEnabled") ||
    error instanceof ConnectionDroppedError ||
    (error instanceof RequestError && (error.isNoResponders() || error.cause instanceof TimeoutError)) ||
    (error instanceof JetStreamApiError && error.status >= 500)
  );
}

/**
 * `work` on the live connection, tried again while JetStream has no leader, until `deadline`
 * (epoch ms); then TRANSPORT_UNAVAILABLE naming `what` and the last answer.
 */
export async function whileElecting<T>(connection: Connection, deadline: number, what: string, work: (link: Link) => Promise<T>): Promise<T> {
  const startedAt = Date.now();
  for (let round = 0; ; round++) {
    const link = await connection.whenReady(deadline, what);
    let failure: unknown;
    try {
      return await connection.unlessDropped(work(link));
    } catch (error) {
      if (!isLeaderless(error)) throw error;
      failure = error;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new TransportUnavailableError(`${what} (JetStream has no leader)`, "NATS", Date.now() - startedAt, (failure as Error).message);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(remaining, 50 * 2 ** Math.min(round, 4))));
  }
}

/**
 * `work`, or the error `unavailable()` makes once `waitMs` has passed without it settling, plus
 * the grace `extraMs()` gives at that moment (asked once). The work itself goes on.
 */
export function withinOutage<T>(work: Promise<T>, waitMs: number, extraMs: () => number, unavailable: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const extra = extraMs();
      if (extra <= 0) return reject(unavailable());
      timer = setTimeout(() => reject(unavailable()), extra);
    }, waitMs);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
