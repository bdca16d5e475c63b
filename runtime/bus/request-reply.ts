/**
 * Request/reply over transports with the `requestReply` capability. Requests and replies
 * are ordinary catalog events: both are validated, and the reply is built inside the
 * request's handling context, so it carries the request's correlation id and has the
 * request as causation.
 */
import { BusEnvelope } from "./bus-envelope.js";
import type { ReplyInput, ReplyOptions, RequestOptions, Subscription } from "./bus-types.js";
import { handlingContext } from "./context.js";
import type { CloudEvent } from "./envelope.js";
import {
  AbortedError,
  InvalidReplyError,
  PublishValidationError,
  RequestReplyUnsupportedError,
} from "./errors.js";
import { newId } from "./ids.js";
import type { AttachedHooks, HandleOutcome } from "./instrumentation.js";
import { checkReplyOptions, checkRequestOptions, DEFAULT_CONCURRENCY } from "./options.js";
import type { Publisher } from "./publisher.js";
import { ReceivedEvent } from "./received-event.js";
import { hasRequestReply, type RequestReply, type Transport } from "./transport.js";
import { formatIssues, toIssues } from "./validation.js";

export const DEFAULT_REQUEST_TIMEOUT_MS = 5000;

const REPLIED: HandleOutcome = Object.freeze({ kind: "ack" });
const FAILED: HandleOutcome = Object.freeze({ kind: "failed" });

function requestReplyOf(transport: Transport): RequestReply {
  if (!hasRequestReply(transport)) throw new RequestReplyUnsupportedError(transport.name);
  return { request: transport.request.bind(transport), serve: transport.serve.bind(transport) };
}

export async function sendRequest(
  transport: Transport,
  publisher: Publisher,
  name: string,
  data: unknown,
  options: RequestOptions | undefined,
  instrumentation: AttachedHooks | undefined,
): Promise<ReceivedEvent> {
  checkRequestOptions(options);
  const { request } = requestReplyOf(transport);
  const envelope = publisher.build(publisher.entry(name), data, options?.meta, -1);
  if (!(envelope instanceof BusEnvelope)) throw new PublishValidationError([envelope]);
  const signal = options?.signal;
  if (signal?.aborted) throw new AbortedError(`request "${name}"`, signal.reason);
  const timeoutMs = options?.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const observer = instrumentation?.request(envelope);
  let reply: CloudEvent;
  try {
    reply = await request(envelope, signal === undefined ? { timeoutMs } : { timeoutMs, signal });
    checkReply(publisher, name, reply);
  } catch (error) {
    if (observer !== undefined) instrumentation!.published(observer, error);
    throw error;
  }
  if (observer !== undefined) instrumentation!.published(observer);
  return new ReceivedEvent(reply, 1);
}

export async function serveReplies(
  transport: Transport,
  publisher: Publisher,
  name: string,
  handler: (event: ReceivedEvent) => ReplyInput<Record<string, unknown>> | Promise<ReplyInput<Record<string, unknown>>>,
  options: ReplyOptions | undefined,
  ackTimeoutMs: number,
  instrumentation: AttachedHooks | undefined,
): Promise<Subscription> {
  checkReplyOptions(options);
  const { serve } = requestReplyOf(transport);
  const entry = publisher.entry(name);
  const id = newId();
  const group = options?.group ?? `reply_${name.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  const spec = {
    id,
    pattern: name,
    events: [name],
    group,
    durable: false,
    concurrency: DEFAULT_CONCURRENCY,
    maxDeliver: 1,
    ackTimeoutMs,
  };
  const answer = async (request: CloudEvent): Promise<CloudEvent> => {
    const validate = entry.definition.validate;
    if (!BusEnvelope.validatedBy(request, validate) && !validate(request.data)) {
      throw new InvalidReplyError(`request ${name} failed validation: ${formatIssues(toIssues(validate.errors))}`);
    }
    const output = await handler(new ReceivedEvent(request, 1));
    if (typeof output !== "object" || output === null || typeof output.name !== "string") {
      throw new InvalidReplyError(`the reply handler for "${name}" must return { name, data }`);
    }
    if (entry.definition.replies.length > 0 && !entry.definition.replies.includes(output.name)) {
      throw new InvalidReplyError(`"${output.name}" is not a declared reply of "${name}" (${entry.definition.replies.join(", ")})`);
    }
    const reply = publisher.build(publisher.entry(output.name), output.data, undefined, -1);
    if (!(reply instanceof BusEnvelope)) throw new PublishValidationError([reply]);
    return reply;
  };
  const respond = (request: CloudEvent) => handlingContext.run(request, answer, request);
  const served = await serve(spec, instrumentation === undefined ? respond : (request) => observed(instrumentation, group, respond, request));
  let done: Promise<void> | undefined;
  return { id, pattern: name, group, events: spec.events, unsubscribe: () => (done ??= served.unsubscribe()) };
}

/** Answers a request with the serve observers attached: they see it replied or failed. */
async function observed(
  instrumentation: AttachedHooks,
  group: string,
  respond: (request: CloudEvent) => Promise<CloudEvent>,
  request: CloudEvent,
): Promise<CloudEvent> {
  const observer = instrumentation.serve(request, group);
  if (observer === undefined) return respond(request);
  try {
    const reply = await observer.run(respond, request);
    instrumentation.settled(observer, REPLIED);
    return reply;
  } catch (error) {
    instrumentation.settled(observer, FAILED, error);
    throw error;
  }
}

/** A reply must be a catalog event, one of the request's declared replies, with a valid payload. */
function checkReply(publisher: Publisher, requestName: string, reply: CloudEvent): void {
  const declared = publisher.entry(requestName).definition.replies;
  if (declared.length > 0 && !declared.includes(reply.type)) {
    throw new InvalidReplyError(`reply "${reply.type}" to "${requestName}" is not one of its declared replies (${declared.join(", ")})`);
  }
  const entry = publisher.entries.get(reply.type);
  if (entry === undefined) throw new InvalidReplyError(`reply "${reply.type}" to "${requestName}" is not a catalog event`);
  const validate = entry.definition.validate;
  if (!BusEnvelope.validatedBy(reply, validate) && !validate(reply.data)) {
    throw new InvalidReplyError(`reply ${reply.type} failed validation: ${formatIssues(toIssues(validate.errors))}`);
  }
}
