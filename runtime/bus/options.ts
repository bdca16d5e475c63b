/** The bus's options, checked (see option-checks.ts) and resolved against the catalog's defaults. */
import type { Backoff, BusOptions, PublishMeta, ReplyOptions, RequestOptions, SubscribeOptions } from "./bus-types.js";
import type { DeliveryDefaults } from "./catalog.js";
import { InvalidOptionsError, NonRetryableError } from "./errors.js";
import { isInbox, type Inbox } from "./inbox.js";
import { checkOptions, duration, integer, isFunction, isGroup, isObject, isSignal, isString, type Shape } from "./option-checks.js";
import { retrySchedule } from "./retry-policy.js";

export const PUBLISH_META: Shape = {
  id: isString,
  tenantId: isString,
  correlationId: isString,
  causationId: isString,
  traceparent: isString,
};

const EXPONENTIAL: Shape = {
  initialMs: duration,
  maxMs: duration,
  factor: (value, path) => {
    if (typeof value !== "number" || !(value >= 1)) throw new InvalidOptionsError(path, "must be a number >= 1");
  },
  jitter: (value, path) => {
    if (typeof value !== "number" || !(value >= 0 && value <= 1)) throw new InvalidOptionsError(path, "must be between 0 and 1");
  },
};

function checkBackoff(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    if (value.length === 0) throw new InvalidOptionsError(path, "must list at least one delay");
    value.forEach((delay, index) => {
      if (typeof delay !== "number" || !Number.isFinite(delay) || delay < 0) {
        throw new InvalidOptionsError(`${path}[${index}]`, "must be a delay in milliseconds >= 0");
      }
    });
    return;
  }
  checkOptions(value, { exponential: isObject }, path);
  const exponential = (value as { exponential?: unknown }).exponential;
  if (exponential === undefined) throw new InvalidOptionsError(path, "must be an array of delays or { exponential: {...} }");
  checkOptions(exponential, EXPONENTIAL, `${path}.exponential`);
  const { initialMs, maxMs } = exponential as Record<string, unknown>;
  if (initialMs === undefined || maxMs === undefined) {
    throw new InvalidOptionsError(`${path}.exponential`, "needs initialMs and maxMs");
  }
  if ((maxMs as number) < (initialMs as number)) throw new InvalidOptionsError(`${path}.exponential.maxMs`, "must be >= initialMs");
}

const SUBSCRIBE: Shape = {
  group: isGroup,
  filter: isFunction,
  tenantId: isString,
  concurrency: integer(1),
  timeout: duration,
  maxDeliver: integer(1),
  backoff: checkBackoff,
  nonRetryable: isFunction,
  ackTimeoutMs: duration,
  signal: isSignal,
  inbox: isInbox,
};

const BUS: Shape = {
  transport: (value, path) => {
    isObject(value, path);
    for (const method of ["start", "publish", "subscribe", "close"]) {
      if (typeof (value as Record<string, unknown>)[method] !== "function") {
        throw new InvalidOptionsError(path, `is not a Transport (no ${method}() method)`);
      }
    }
    if (typeof (value as Record<string, unknown>)["deadLetters"] !== "object") throw new InvalidOptionsError(path, "is not a Transport (no deadLetters store)");
  },
  source: isString,
  logger: isObject,
  instrumentation: (value, path) => {
    if (!Array.isArray(value)) throw new InvalidOptionsError(path, "must be an array, e.g. [otelTracing(), prometheusMetrics({ registry })]");
    value.forEach((item, index) => isObject(item, `${path}[${index}]`));
  },
};

export function checkBusOptions(options: BusOptions | undefined): void {
  checkOptions(options, BUS, "options");
}

export function checkRequestOptions(options: RequestOptions | undefined): void {
  checkOptions(options, { timeoutMs: duration, signal: isSignal, meta: (v, p) => checkOptions(v, PUBLISH_META, p) }, "options");
}

export function checkReplyOptions(options: ReplyOptions | undefined): void {
  checkOptions(options, { group: isGroup, signal: isSignal }, "options");
}

export function checkPublishMeta(meta: PublishMeta | undefined, path = "meta"): void {
  checkOptions(meta, PUBLISH_META, path);
}

export const DEFAULT_CONCURRENCY = 10;

/** Subscription settings with the catalog's defaults applied. */
export interface SubscriptionSettings {
  group: string | undefined;
  tenantId: string | undefined;
  concurrency: number;
  timeoutMs: number;
  maxDeliver: number;
  ackTimeoutMs: number;
  /** Delay before the retry that follows failed attempt `attempt`. */
  retryDelay: (attempt: number) => number;
  nonRetryable: (error: unknown) => boolean;
  filter: ((event: never) => boolean) | undefined;
  signal: AbortSignal | undefined;
  inbox: Inbox | undefined;
}

export function resolveSubscribeOptions(options: SubscribeOptions<never, unknown> | undefined, defaults: DeliveryDefaults): SubscriptionSettings {
  checkOptions(options, SUBSCRIBE, "options");
  const o = options ?? {};
  if (o.inbox !== undefined && o.group === undefined) {
    throw new InvalidOptionsError("options.inbox", "needs options.group: the inbox records what each named group has processed");
  }
  const backoff: Backoff = o.backoff ?? defaults.backoffMs;
  return {
    group: o.group,
    tenantId: o.tenantId,
    concurrency: o.concurrency ?? DEFAULT_CONCURRENCY,
    timeoutMs: o.timeout ?? 0,
    maxDeliver: o.maxDeliver ?? defaults.maxDeliver,
    ackTimeoutMs: o.ackTimeoutMs ?? defaults.ackTimeoutMs,
    retryDelay: retrySchedule(backoff),
    nonRetryable: o.nonRetryable ?? ((error) => error instanceof NonRetryableError),
    filter: o.filter,
    signal: o.signal,
    inbox: o.inbox,
  };
}
