/**
 * A ready-made `node:http` handler for liveness and readiness probes, answered from `bus.health()`:
 * `http.createServer(healthHandler(bus)).listen(8080)`.
 * - liveness (`/livez`): 200 unless the bus failed to start or is closed (a restart is the cure);
 * - readiness (`/readyz`): 200 only when the bus is open and its transport is healthy, else 503
 *   (the broker is away: stop routing traffic here, but do not restart).
 * Both answer with the health report as JSON; other paths get 404.
 */
import type { BusHealth } from "./bus-types.js";
import { checkOptions, isString } from "./option-checks.js";

export interface HealthHandlerOptions {
  /** Default `/livez`. */
  livenessPath?: string;
  /** Default `/readyz`. */
  readinessPath?: string;
}

/**
 * The parts of node:http's IncomingMessage and ServerResponse the handler uses, written out so that
 * a project without @types/node still type-checks eventsmith/runtime.
 */
export interface HealthRequest {
  url?: string | undefined;
  method?: string | undefined;
}
export interface HealthResponse {
  writeHead(status: number, headers: Record<string, string | number>): unknown;
  end(body?: string): unknown;
}

/** A `node:http` request listener: `http.createServer(healthHandler(bus))`. */
export type HealthRequestHandler = (request: HealthRequest, response: HealthResponse) => void;

export function healthHandler(bus: { health(): Promise<BusHealth> }, options?: HealthHandlerOptions): HealthRequestHandler {
  checkOptions(options, { livenessPath: isString, readinessPath: isString }, "options");
  const liveness = options?.livenessPath ?? "/livez";
  const readiness = options?.readinessPath ?? "/readyz";
  return (request, response) => {
    const path = (request.url ?? "/").split("?", 1)[0];
    if (path !== liveness && path !== readiness) return send(response, 404, { error: `no such probe: ${path}` });
    if (request.method !== "GET" && request.method !== "HEAD") return send(response, 405, { error: "use GET" });
    bus.health().then(
      (health) => {
        const up = path === readiness ? health.ok : health.status !== "failed" && health.status !== "closed";
        send(response, up ? 200 : 503, health, request.method === "HEAD");
      },
      (error: unknown) => send(response, 503, { ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  };
}

function send(response: HealthResponse, status: number, body: unknown, headOnly = false): void {
  const json = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", "content-length": Buffer.byteLength(json) });
  response.end(headOnly ? undefined : json);
}
