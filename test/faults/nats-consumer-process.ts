/**
 * A consumer process for fault (b), run as
 *   node --conditions=eventsmith-source --import tsx nats-consumer-process.ts '<json settings>'
 * It joins a group, handles its first `succeed` deliveries successfully, then hangs in the
 * handler forever (until killed). Each line it prints is `acked <id>`, `started <id>` or `ready`.
 */
import { createBus, silentLogger } from "eventsmith/runtime";
import { natsTransport, type NatsTransportOptions } from "eventsmith/nats";
import { catalog } from "../fixtures/runtime/catalog.js";

interface Settings {
  transport: NatsTransportOptions;
  group: string;
  concurrency: number;
  ackTimeoutMs: number;
  succeed: number;
}

const settings = JSON.parse(process.argv[2] ?? "") as Settings;
const bus = createBus(catalog, { transport: natsTransport(settings.transport), source: "doomed-consumer", logger: silentLogger });
let handled = 0;
await bus.subscribe(
  "order.placed",
  async (event) => {
    if (handled++ < settings.succeed) {
      // Printed after the handler returns, i.e. once the ack is on its way.
      setImmediate(() => console.log(`acked ${event.id}`));
      return;
    }
    console.log(`started ${event.id}`);
    await new Promise(() => undefined);
  },
  { group: settings.group, concurrency: settings.concurrency, ackTimeoutMs: settings.ackTimeoutMs },
);
console.log("ready");
