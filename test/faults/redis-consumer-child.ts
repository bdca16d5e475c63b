/**
 * A consumer process for the crash fault test: joins group "workers" and never finishes a
 * handler, printing `got <event id>` for each delivery so the parent knows when to SIGKILL it.
 * Run as: node --conditions=eventsmith-source --import tsx redis-consumer-child.ts <redis url> <namespace>
 */
import { createBus, silentLogger } from "eventsmith/runtime";
import { redisTransport } from "eventsmith/redis";
import { catalog } from "../fixtures/runtime/catalog.js";

const [url, namespace] = process.argv.slice(2);
if (url === undefined || namespace === undefined) throw new Error("usage: redis-consumer-child.ts <redis url> <namespace>");

const bus = createBus(catalog, { transport: redisTransport({ connection: url, namespace }), logger: silentLogger });
await bus.subscribe(
  "contact.created",
  (event) => {
    process.stdout.write(`got ${event.id}\n`);
    return new Promise<void>(() => undefined);
  },
  { group: "workers", concurrency: 5, ackTimeoutMs: 1000 },
);
process.stdout.write("ready\n");
