/**
 * Acknowledged JetStream publishes with a bound. A publish waits for the connection and
 * retries transient failures (broker restarting, JetStream not ready yet, ack timeout)
 * until `timeoutMs` has passed since it started, then fails with the last reason. An attempt
 * in flight when the connection drops is given up at once and retried after the reconnect;
 * an outage longer than `outageTimeoutMs` fails it with TRANSPORT_UNAVAILABLE. Every attempt
 * carries the same `Nats-Msg-Id`, so a retry of a publish the broker did store is dropped as
 * a duplicate instead of stored twice. The same holds through a cluster's leader election:
 * the attempts meet no leader, then the new one, which dedups on the replicated id window.
 */
import { JetStreamApiError, type PubAck } from "@nats-io/jetstream";
import {
  ClosedConnectionError,
  DrainingConnectionError,
  InvalidArgumentError,
  InvalidSubjectError,
  PermissionViolationError,
  type MsgHdrs,
} from "@nats-io/nats-core";
import { EventsmithError } from "../../bus/errors.js";
import type { Connection } from "./connection.js";

const ATTEMPT_TIMEOUT_MS = 5000;
const MAX_PAUSE_MS = 1000;

export class JetStreamPublisher {
  constructor(
    private readonly connection: Connection,
    private readonly timeoutMs: number,
    private readonly outageTimeoutMs: number,
  ) {}

  /** Resolves with the broker's acknowledgement; `what` names the message in errors. */
  publish(subject: string, body: string, headers: MsgHdrs, msgID: string, what: string): Promise<PubAck> {
    const deadline = Date.now() + this.timeoutMs;
    const link = this.connection.current();
    if (link === undefined) return this.retry(subject, body, headers, msgID, what, deadline);
    const attempt = link.js.publish(subject, body, { msgID, headers, timeout: Math.min(ATTEMPT_TIMEOUT_MS, this.timeoutMs) });
    return this.connection.unlessDropped(attempt).catch((error: unknown) => {
      if (!isTransient(error)) throw this.failed(what, subject, error, 1);
      return this.retry(subject, body, headers, msgID, what, deadline);
    });
  }

  private async retry(subject: string, body: string, headers: MsgHdrs, msgID: string, what: string, deadline: number): Promise<PubAck> {
    let lastError: unknown;
    for (let attempt = 2; ; attempt++) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw this.failed(what, subject, lastError, attempt - 1);
      // An unreachable broker gets the outage wait, not the (longer) acknowledgement wait.
      const link = await this.connection.whenReady(Math.min(deadline, Date.now() + this.outageTimeoutMs), `publishing ${what}`);
      try {
        const timeout = Math.max(100, Math.min(ATTEMPT_TIMEOUT_MS, deadline - Date.now()));
        return await this.connection.unlessDropped(link.js.publish(subject, body, { msgID, headers, timeout }));
      } catch (error) {
        if (!isTransient(error)) throw this.failed(what, subject, error, attempt);
        lastError = error;
      }
      await pause(Math.min(MAX_PAUSE_MS, 50 * 2 ** Math.min(attempt, 5), Math.max(0, deadline - Date.now())));
    }
  }

  private failed(what: string, subject: string, error: unknown, attempts: number): EventsmithError {
    const reason = error instanceof Error ? error.message : String(error ?? "no reply");
    const hint = /no responders|not enabled/i.test(reason) ? ` (no stream accepted subject ${subject}, or JetStream is unavailable)` : "";
    return new EventsmithError(
      `NATS did not acknowledge ${what} within ${this.timeoutMs} ms after ${attempts} attempt(s): ${reason}${hint}`,
      "NATS_PUBLISH_FAILED",
      { cause: error },
    );
  }
}

/**
 * Whether another attempt may succeed: every failure but those no retry can fix. On a cluster a
 * stream whose leader is being elected answers nothing (no responders, or a timeout) or a 5xx
 * API error ("JetStream system temporarily unavailable", "stream is offline"); all are retried.
 */
function isTransient(error: unknown): boolean {
  return !(
    (error instanceof JetStreamApiError && error.status < 500) ||
    error instanceof ClosedConnectionError ||
    error instanceof DrainingConnectionError ||
    error instanceof InvalidArgumentError ||
    error instanceof InvalidSubjectError ||
    error instanceof PermissionViolationError
  );
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
