/**
 * prometheusMetrics on real brokers (a private nats-server, then a private redis-server): after a run
 * with known counts (retries, a dead letter, a filtered event, a refused publish, a group held
 * back), a scrape of a real /metrics endpoint shows exactly those counts.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBus, PublishValidationError, silentLogger, type EventBus } from "eventsmith/runtime";
import { natsTransport } from "eventsmith/nats";
import { redisTransport } from "eventsmith/redis";
import { exportedSeriesNames, prometheusMetrics } from "eventsmith/prometheus";
import { publishErrorCode } from "../../runtime/prometheus/metric-names.js";
import { catalog, type EventMap } from "../fixtures/runtime/catalog.js";
import { startNatsServer, type NatsServer } from "../support/nats-server.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";
import { eventually } from "../runtime/eventually.js";

/**
 * The `reports` group holds one delivery and has two more waiting. Lag counts every event of the
 * group not yet acknowledged, in flight included: JetStream's num_pending + num_ack_pending,
 * Redis's XINFO GROUPS pending + lag.
 */
const reportsLag = { nats: 3, redis: 3 };

const brokers = {
  nats: async () => {
    const server: NatsServer = await startNatsServer();
    return {
      server,
      transport: natsTransport({
        servers: server.url,
        subjectPrefix: "metrics",
        stream: { name: "METRICS_EVENTS" },
        deadLetter: { stream: "METRICS_DLQ" },
      }),
    };
  },
  redis: async () => {
    const server: RedisServer = await startRedisServer();
    return { server, transport: redisTransport({ connection: server.url, namespace: "metrics", maintenanceIntervalMs: 50 }) };
  },
};

describe.each(Object.keys(brokers) as (keyof typeof brokers)[])("on %s", (broker) => {
  let server: NatsServer | RedisServer;
  let http: Server;
  let endpoint: string;
  let bus: EventBus<EventMap>;
  const registry = new Registry();
  let release: () => void = () => undefined;

  beforeAll(async () => {
    const started = await brokers[broker]();
    server = started.server;
    bus = createBus(catalog, {
      transport: started.transport,
      source: "metrics-test",
      logger: silentLogger,
      instrumentation: [prometheusMetrics({ registry })],
    });
    http = createServer((_request, response) => {
      void registry.metrics().then((text) => response.writeHead(200, { "content-type": registry.contentType }).end(text));
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(http.address() as AddressInfo).port}/metrics`;
  });
  afterAll(async () => {
    release();
    await bus?.close();
    await new Promise((resolve) => http?.close(resolve));
    await server?.stop();
  });

  /** `name{labels}` -> value for every eventsmith series in the scrape, histogram buckets left out. */
  async function scrape(): Promise<Record<string, number>> {
    const text = await (await fetch(endpoint)).text();
    const series: Record<string, number> = {};
    for (const line of text.split("\n")) {
      if (!line.startsWith("eventsmith_") || line.includes("_bucket{")) continue;
      const space = line.lastIndexOf(" ");
      series[line.slice(0, space)] = Number(line.slice(space + 1));
    }
    return series;
  }

  describe("a scrape after a run with known counts", () => {
    it("shows exactly those counts", async () => {
      const failures = new Map([
        ["order-1", Infinity],
        ["order-2", 1],
      ]);
      await bus.subscribe(
        "order.placed",
        (event) => {
          const left = failures.get(event.data.orderId) ?? 0;
          failures.set(event.data.orderId, left - 1);
          if (left > 0) throw new Error("payment provider down");
        },
        { group: "billing", maxDeliver: 3, backoff: [20] },
      );
      await bus.subscribe("order.>", () => undefined, { group: "audit", filter: (event) => event.type === "order.placed" });
      const gate = new Promise<void>((resolve) => (release = resolve));
      await bus.subscribe("report.generated", () => gate, { group: "reports", concurrency: 1 });

      for (let i = 0; i < 4; i++) await bus.publish("order.placed", { orderId: `order-${i}`, amount: 10, currency: "EUR" });
      await bus.publish("order.shipped", { orderId: "order-0", carrier: "ups" });
      await expect(bus.publish("order.placed", { orderId: "order-9", amount: -1, currency: "EUR" })).rejects.toBeInstanceOf(
        PublishValidationError,
      );
      for (let i = 0; i < 3; i++) await bus.publish("report.generated", { reportId: `report-${i}` });

      await eventually(async () => {
        const billing = bus.stats().subscriptions.find((subscription) => subscription.group === "billing");
        const audit = bus.stats().subscriptions.find((subscription) => subscription.group === "audit");
        expect([billing?.acked, billing?.deadLettered, audit?.acked, audit?.filtered]).toEqual([3, 1, 4, 1]);
        expect((await scrape())['eventsmith_consumer_pending{group="reports"}']).toBe(reportsLag[broker]);
      });

      const nonZero = Object.fromEntries(Object.entries(await scrape()).filter(([name, value]) => value !== 0 && !name.includes("_sum{")));
      expect(nonZero).toEqual({
        'eventsmith_events_published_total{event="order.placed"}': 4,
        'eventsmith_events_published_total{event="order.shipped"}': 1,
        'eventsmith_events_published_total{event="report.generated"}': 3,
        'eventsmith_events_handled_total{event="order.placed",group="billing",outcome="acked"}': 3,
        'eventsmith_events_handled_total{event="order.placed",group="billing",outcome="retried"}': 3,
        'eventsmith_events_handled_total{event="order.placed",group="billing",outcome="dead_lettered"}': 1,
        'eventsmith_events_handled_total{event="order.placed",group="audit",outcome="acked"}': 4,
        'eventsmith_events_handled_total{event="order.shipped",group="audit",outcome="filtered"}': 1,
        // billing ran its handler 1 + 3 + 2 + 1 times; audit's filter kept order.shipped from its handler
        'eventsmith_handler_duration_seconds_count{event="order.placed",group="billing"}': 7,
        'eventsmith_handler_duration_seconds_count{event="order.placed",group="audit"}': 4,
        'eventsmith_retries_total{event="order.placed",group="billing"}': 3,
        'eventsmith_dead_letters_total{event="order.placed",group="billing",code="PROCESSING_ERROR"}': 1,
        'eventsmith_publish_errors_total{event="order.placed",code="VALIDATION_FAILED"}': 1,
        'eventsmith_consumer_pending{group="reports"}': reportsLag[broker],
        eventsmith_dead_letter_queue_size: 1,
      });
    });

    it.runIf(broker === "nats")("counts and times bus.request by outcome; a reply handler's failure counts in its group", async () => {
      let failing = false;
      await bus.reply(
        "quote.requested",
        (request) => {
          if (failing) throw new Error("no price list");
          return { name: "quote.issued", data: { productId: request.data.productId, price: 2.5 } };
        },
        { group: "quotes" },
      );
      await bus.request("quote.requested", { productId: "p-1", quantity: 1 }, { timeoutMs: 2000 });
      failing = true;
      const refused: unknown = await bus.request("quote.requested", { productId: "p-1", quantity: 1 }, { timeoutMs: 2000 }).catch((error: unknown) => error);
      const series = await scrape();
      const about = Object.fromEntries(Object.entries(series).filter(([name]) => name.includes("quote.requested") && !name.includes("_sum{")));
      expect(about).toEqual({
        'eventsmith_events_published_total{event="quote.requested"}': 0,
        'eventsmith_requests_total{event="quote.requested",outcome="replied"}': 1,
        [`eventsmith_requests_total{event="quote.requested",outcome="${publishErrorCode(refused)}"}`]: 1,
        'eventsmith_request_duration_seconds_count{event="quote.requested"}': 2,
        'eventsmith_events_handled_total{event="quote.requested",group="quotes",outcome="acked"}': 1,
        'eventsmith_events_handled_total{event="quote.requested",group="quotes",outcome="failed"}': 1,
        'eventsmith_handler_duration_seconds_count{event="quote.requested",group="quotes"}': 2,
      });
    });

    it("exports only the metrics the library declares", async () => {
      const names = new Set(Object.keys(await scrape()).map((series) => series.replace(/\{.*$/, "")));
      expect([...names].filter((name) => !exportedSeriesNames().includes(name))).toEqual([]);
    });

    it("labels with catalog names only: no event id, no tenant, one value for every ephemeral group", async () => {
      await bus.subscribe("contact.created", () => undefined);
      const sent = await bus.publish(
        "contact.created",
        { contactId: "00000000-0000-4000-8000-000000000001", email: "a@example.com" },
        { tenantId: "tenant-7" },
      );
      await eventually(async () =>
        expect((await scrape())['eventsmith_events_handled_total{event="contact.created",group="ephemeral",outcome="acked"}']).toBe(1),
      );
      const text = await (await fetch(endpoint)).text();
      expect([text.includes(sent.id), text.includes("tenant-7"), /group="ephemeral-/.test(text)]).toEqual([false, false, false]);
    });
  });
});
