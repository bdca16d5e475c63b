/**
 * Request/reply over core NATS (not JetStream: a request is answered now or not at all).
 * Requests and replies travel in binary mode like every event. Responders of one group
 * share requests through a queue subscription. A responder that fails answers with an
 * `Eventsmith-Error: <code>` header and `{ name, message }`, which the requester throws
 * as an error with that code (InvalidReplyError for INVALID_REPLY).
 */
import { RequestError, TimeoutError, type Msg, type Subscription } from "@nats-io/nats-core";
import type { CloudEvent } from "../../bus/envelope.js";
import { AbortedError, EventsmithError, InvalidReplyError, NoRespondersError, RequestTimeoutError } from "../../bus/errors.js";
import type { Logger, SubscriptionSpec, TransportSubscription } from "../../bus/transport.js";
import type { Connection } from "./connection.js";
import { decodeEvent, encodeEvent, HEADER, readHeaders, toHeaders, type HeaderMap } from "./message-codec.js";
import type { Subjects } from "./subjects.js";

export interface RequestDeps {
  connection: Connection;
  subjects: Subjects;
  outageTimeoutMs: number;
  logger: Logger;
}

export class NatsRequests {
  private readonly serving = new Set<TransportSubscription>();

  constructor(private readonly deps: RequestDeps) {}

  async request(event: CloudEvent, options: { timeoutMs: number; signal?: AbortSignal }): Promise<CloudEvent> {
    const { timeoutMs, signal } = options;
    const link = await this.deps.connection.whenReady(Date.now() + timeoutMs, `request "${event.type}"`);
    const { headers, body } = encodeEvent(event, { [HEADER.timeout]: String(timeoutMs) });
    const pending = link.nc.request(this.deps.subjects.request(event.type), body, { timeout: timeoutMs, headers });
    let reply: Msg;
    try {
      reply = await (signal === undefined ? pending : abortable(pending, signal, event.type));
    } catch (error) {
      if (error instanceof TimeoutError) throw new RequestTimeoutError(event.type, timeoutMs);
      if (error instanceof RequestError && error.isNoResponders()) throw new NoRespondersError(event.type);
      throw error;
    }
    const replyHeaders = readHeaders(reply);
    const code = replyHeaders.get(HEADER.error);
    if (code) {
      const message = errorMessage(reply.string());
      throw code === "INVALID_REPLY" ? new InvalidReplyError(message) : new EventsmithError(message, code);
    }
    try {
      return decodeEvent(replyHeaders, reply.string());
    } catch (error) {
      throw new InvalidReplyError(`the reply to "${event.type}" is not an event: ${(error as Error).message}`);
    }
  }

  async serve(spec: SubscriptionSpec, handler: (event: CloudEvent) => Promise<CloudEvent>): Promise<TransportSubscription> {
    const { connection, subjects, outageTimeoutMs } = this.deps;
    const link = await connection.whenReady(Date.now() + outageTimeoutMs, `serving "${spec.pattern}"`);
    const answering = new Set<Promise<void>>();
    const subscriptions: Subscription[] = spec.events.map((type) =>
      link.nc.subscribe(subjects.request(type), {
        queue: spec.group,
        callback: (error, msg) => {
          if (error !== null) return this.deps.logger.error("request subscription failed", { event: type, error: error.message });
          const answer = this.answer(msg, handler);
          answering.add(answer);
          void answer.then(() => answering.delete(answer));
        },
      }),
    );
    let done: Promise<void> | undefined;
    const served: TransportSubscription = {
      unsubscribe: () =>
        (done ??= (async () => {
          this.serving.delete(served);
          await Promise.all(subscriptions.map((subscription) => subscription.drain().catch(() => undefined)));
          await Promise.all(answering);
        })()),
    };
    this.serving.add(served);
    return served;
  }

  /** Stops answering and waits for answers in progress. */
  async close(): Promise<void> {
    await Promise.all([...this.serving].map((served) => served.unsubscribe()));
  }

  /**
   * Resolves once the reply is sent, or once its requester has stopped waiting (its timeout
   * travels in a header): close() must not hang on a responder that never finishes.
   */
  private answer(msg: Msg, handler: (event: CloudEvent) => Promise<CloudEvent>): Promise<void> {
    const headers = readHeaders(msg);
    const timeoutMs = Number(headers.get(HEADER.timeout));
    const replied = this.reply(msg, headers, handler);
    if (!(timeoutMs > 0)) return replied;
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      void replied.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private async reply(msg: Msg, headers: HeaderMap, handler: (event: CloudEvent) => Promise<CloudEvent>): Promise<void> {
    try {
      const reply = encodeEvent(await handler(decodeEvent(headers, msg.string())));
      msg.respond(reply.body, { headers: reply.headers });
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      const { code } = failure as Error & { code?: unknown };
      const header = typeof code === "string" ? code : "REPLY_FAILED";
      msg.respond(JSON.stringify({ name: failure.name, message: failure.message }), { headers: toHeaders({ [HEADER.error]: header }) });
    }
  }
}

/** The message of an error reply (`{ name, message }`), or its body as it is. */
function errorMessage(body: string): string {
  try {
    const { message } = JSON.parse(body) as { message?: unknown };
    if (typeof message === "string") return message;
  } catch {
    // not JSON: the body is the message
  }
  return body;
}

function abortable<T>(pending: Promise<T>, signal: AbortSignal, type: string): Promise<T> {
  if (signal.aborted) return Promise.reject(new AbortedError(`request "${type}"`, signal.reason));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortedError(`request "${type}"`, signal.reason));
    signal.addEventListener("abort", onAbort, { once: true });
    pending.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
