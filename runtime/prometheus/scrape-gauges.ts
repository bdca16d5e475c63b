/** Reads the gauges' values from the brokers of every bus attached to one registry, once per scrape. */
import type { InstrumentedBus } from "../bus/instrumentation.js";
import { consumerGroupLabel } from "./metric-names.js";

export interface GaugeValues {
  /** Lag per group label, summed over buses, tenants and members. */
  pending: Map<string, number>;
  deadLetters: number;
}

/** Closed buses are dropped from `buses` as they are found. */
export async function readGauges(buses: Set<InstrumentedBus>): Promise<GaugeValues> {
  const values: GaugeValues = { pending: new Map(), deadLetters: 0 };
  // a bus that cannot answer (closed, broker away) contributes nothing rather than failing the scrape
  await Promise.all(
    [...buses].map(async (bus) => {
      const health = await bus.health().catch(() => undefined);
      if (health?.status === "closed") buses.delete(bus);
      for (const [group, pending] of Object.entries(health?.transport.lag ?? {})) {
        const label = consumerGroupLabel(group, true);
        values.pending.set(label, (values.pending.get(label) ?? 0) + pending);
      }
      if (health?.status === "open") values.deadLetters += await bus.deadLetters.count().catch(() => 0);
    }),
  );
  return values;
}
