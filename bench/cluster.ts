/**
 * `npm run bench:cluster`: the transports on their brokers' clusters against a single node, in
 * the same run. NATS: bench/cluster/nats.ts. Ends with one JSON line per figure.
 */
import { natsClusterFigures } from "./cluster/nats.js";
import { report } from "./harness.js";

report(await natsClusterFigures());
