/** `natsTransport()` options: connection, bounds, and overrides of the catalog's NATS settings. */
import type { ConnectionOptions, TlsOptions } from "@nats-io/nats-core";
import { InvalidOptionsError } from "../../bus/errors.js";
import { checkOptions, duration, isObject, isString, type Shape } from "../../bus/option-checks.js";
import { DEFAULT_OUTAGE_TIMEOUT_MS } from "../shared/outage.js";
import { SETTINGS, type NatsCatalogSettings } from "./settings.js";

export interface NatsTransportOptions extends NatsCatalogSettings {
  /**
   * Server URL(s), e.g. `nats://127.0.0.1:4222` (default `127.0.0.1:4222`). For a cluster, list
   * several nodes: the client connects to any and fails over to the others (it also learns the
   * rest of the cluster from the one it reaches).
   */
  servers?: string | string[];
  /** Client name, shown by the server's monitoring endpoints. */
  name?: string;
  user?: string;
  pass?: string;
  token?: string;
  /** TLS settings (`{}` requires TLS with the system's CAs; `caFile`, `certFile`, `keyFile`...). */
  tls?: TlsOptions;
  /** Milliseconds between reconnect attempts (default 1,000). Attempts never stop. */
  reconnectWaitMs?: number;
  /**
   * How long a publish may wait for JetStream's acknowledgement while connected (JetStream not
   * ready, broker busy) before it fails with NATS_PUBLISH_FAILED (default 30,000).
   */
  publishTimeoutMs?: number;
  /**
   * The outage wait, the same on every transport: how long an operation (publish, subscribe,
   * serve, dead letters) waits for an unreachable broker before it fails with TRANSPORT_UNAVAILABLE
   * (default 10,000). Reconnecting goes on in the background regardless.
   */
  outageTimeoutMs?: number;
  /** Timeout of one JetStream API call (default 5,000). */
  apiTimeoutMs?: number;
}

export interface ResolvedNatsOptions {
  connection: ConnectionOptions;
  publishTimeoutMs: number;
  outageTimeoutMs: number;
  apiTimeoutMs: number;
  overrides: NatsCatalogSettings;
}

const OPTIONS: Shape = {
  ...SETTINGS,
  servers: (value, path) => {
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0) throw new InvalidOptionsError(path, "must name at least one server");
    list.forEach((server, index) => isString(server, Array.isArray(value) ? `${path}[${index}]` : path));
  },
  name: isString,
  user: isString,
  pass: isString,
  token: isString,
  tls: isObject,
  reconnectWaitMs: duration,
  publishTimeoutMs: duration,
  outageTimeoutMs: duration,
  apiTimeoutMs: duration,
};

export function resolveNatsOptions(options: NatsTransportOptions | undefined): ResolvedNatsOptions {
  checkOptions(options, OPTIONS, "natsTransport options");
  const o = options ?? {};
  if (o.pass !== undefined && o.user === undefined) throw new InvalidOptionsError("natsTransport options.pass", "needs user");
  if (o.token !== undefined && o.user !== undefined) throw new InvalidOptionsError("natsTransport options.token", "cannot be combined with user/pass");
  const connection: ConnectionOptions = {
    servers: o.servers ?? "127.0.0.1:4222",
    reconnectTimeWait: o.reconnectWaitMs ?? 1000,
    ...(o.name === undefined ? {} : { name: o.name }),
    ...(o.user === undefined ? {} : { user: o.user }),
    ...(o.pass === undefined ? {} : { pass: o.pass }),
    ...(o.token === undefined ? {} : { token: o.token }),
    ...(o.tls === undefined ? {} : { tls: o.tls }),
  };
  const overrides: NatsCatalogSettings = {
    ...(o.subjectPrefix === undefined ? {} : { subjectPrefix: o.subjectPrefix }),
    ...(o.replicas === undefined ? {} : { replicas: o.replicas }),
    ...(o.stream === undefined ? {} : { stream: o.stream }),
    ...(o.deadLetter === undefined ? {} : { deadLetter: o.deadLetter }),
  };
  return {
    connection,
    publishTimeoutMs: o.publishTimeoutMs ?? 30_000,
    outageTimeoutMs: o.outageTimeoutMs ?? DEFAULT_OUTAGE_TIMEOUT_MS,
    apiTimeoutMs: o.apiTimeoutMs ?? 5000,
    overrides,
  };
}
