/** What the bus itself offers observers: per-tenant stats, the health handler and the instrumentation hooks. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  createBus,
  healthHandler,
  InvalidOptionsError,
  memoryTransport,
  silentLogger,
  type EventBus,
  type Instrumentation,
  type Logger,
  type Transport,
} from "eventsmith/runtime";
import { catalog, type EventMap } from "../fixtures/runtime/catalog.js";
import { eventually } from "../runtime/eventually.js";

const buses: EventBus<EventMap>[] = [];
const servers: Server[] = [];
function open(options: { instrumentation?: Instrumentation[]; logger?: Logger; transport?: Transport } = {}): EventBus<EventMap> {
  const bus = createBus(catalog, { transport: memoryTransport(), logger: silentLogger, ...options });
  buses.push(bus);
  return bus;
}
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

const order = (i: number) => ({ orderId: `order-${i}`, amount: 10, currency: "EUR" });

describe("bus.stats({ tenantId })", () => {
  it("counts each tenant's published, processed and failed events and its average handler time", async () => {
    const bus = open();
    await bus.subscribe("order.placed", async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (event.data.orderId === "order-2") throw new Error("declined");
    }, { group: "billing", maxDeliver: 1 });
    await bus.publish("order.placed", order(1), { tenantId: "acme" });
    await bus.publish("order.placed", order(2), { tenantId: "acme" });
    await bus.publish("order.placed", order(3), { tenantId: "globex" });
    await bus.publish("order.placed", order(4));
    await eventually(() => expect(bus.stats().subscriptions[0]).toMatchObject({ acked: 3, deadLettered: 1 }));

    const got = ["acme", "globex", "initech"].map((tenantId) => bus.stats({ tenantId }));
    expect(got.map(({ averageProcessingMs, ...counts }) => ({ ...counts, timed: averageProcessingMs >= 15 }))).toEqual([
      { tenantId: "acme", published: 2, processed: 1, failed: 1, timed: true },
      { tenantId: "globex", published: 1, processed: 1, failed: 0, timed: true },
      { tenantId: "initech", published: 0, processed: 0, failed: 0, timed: false },
    ]);
  });

  it("refuses a query without a tenant id", () => {
    expect(() => open().stats({ tenantId: "" })).toThrow(InvalidOptionsError);
  });
});

describe("healthHandler", () => {
  async function serve(bus: EventBus<EventMap>): Promise<string> {
    const server = createServer(healthHandler(bus));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  const probe = async (base: string, path: string) => {
    const response = await fetch(base + path);
    const body = (await response.json()) as { status?: string };
    return `${response.status} ${body.status ?? "-"}`;
  };

  const cases = [
    { given: "an open bus", close: false, failing: false, want: { "/livez": "200 open", "/readyz": "200 open", "/metrics": "404 -" } },
    { given: "a transport that reports itself down", close: false, failing: true, want: { "/livez": "200 open", "/readyz": "503 open", "/metrics": "404 -" } },
    { given: "a closed bus", close: true, failing: false, want: { "/livez": "503 closed", "/readyz": "503 closed", "/metrics": "404 -" } },
  ];
  it.each(cases)("answers liveness and readiness for $given", async ({ close, failing, want }) => {
    const transport = memoryTransport();
    if (failing) transport.health = async () => ({ ok: false, status: "reconnecting" });
    const bus = open({ transport });
    await bus.health();
    if (close) await bus.close();
    const base = await serve(bus);
    const got: Record<string, string> = {};
    for (const path of Object.keys(want)) got[path] = await probe(base, path);
    expect(got).toEqual(want);
  });
});

describe("instrumentation hooks", () => {
  it("sees every publish and handling outcome, in order, with the bus it is attached to", async () => {
    const seen: string[] = [];
    const recorder: Instrumentation = {
      attach: (bus) => {
        seen.push(`attach ${bus.catalog} ${bus.system} ${bus.events.length}`);
        return {
          publish: (events) => {
            seen.push(`publish ${events.map((event) => event.type).join(",")}`);
            return { done: (error?: unknown) => void seen.push(error === undefined ? "accepted" : "refused") };
          },
          rejected: (event, code) => seen.push(`rejected ${event} ${code}`),
          handle: (delivery) => ({
            run: (handler, ...args) => {
              seen.push(`run ${delivery.event.type} #${delivery.attempt}`);
              return handler(...args);
            },
            settled: (outcome, error) => seen.push(`settled ${outcome.kind}${error === undefined ? "" : ` (${(error as Error).message})`}`),
          }),
        };
      },
    };
    const bus = open({ instrumentation: [recorder] });
    let attempts = 0;
    await bus.subscribe("order.placed", () => {
      if (++attempts === 1) throw new Error("flaky");
    }, { group: "billing", backoff: [10] });
    await bus.publish("order.placed", order(1));
    await bus.publish("order.placed", { ...order(2), amount: -5 }).catch(() => undefined);
    await eventually(() => expect(seen).toContain("settled ack"));
    expect(seen).toEqual([
      "attach runtime-fixture memory 12",
      "publish order.placed",
      "accepted",
      "run order.placed #1",
      "settled retry (flaky)",
      "rejected order.placed VALIDATION_FAILED",
      "run order.placed #2",
      "settled ack",
    ]);
  });

  it("logs a hook that throws and goes on delivering", async () => {
    const errors: string[] = [];
    const logger: Logger = { ...silentLogger, error: (message) => void errors.push(message) };
    const broken: Instrumentation = {
      attach: () => ({
        publish: () => {
          throw new Error("exporter down");
        },
        handle: () => ({
          run: (handler, ...args) => handler(...args),
          settled: () => {
            throw new Error("exporter down");
          },
        }),
      }),
    };
    const bus = open({ instrumentation: [broken], logger });
    const handled: string[] = [];
    await bus.subscribe("order.placed", (event) => void handled.push(event.data.orderId), { group: "billing" });
    await bus.publish("order.placed", order(7));
    await eventually(() => expect(bus.stats().subscriptions[0]?.acked).toBe(1));
    expect([handled, errors]).toEqual([["order-7"], ["instrumentation publish hook failed", "instrumentation settled hook failed"]]);
  });

  it("refuses an instrumentation option that is not a list", () => {
    expect(() => createBus(catalog, { transport: memoryTransport(), instrumentation: {} as never })).toThrow(InvalidOptionsError);
  });
});
