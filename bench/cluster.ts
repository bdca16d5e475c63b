/**
 * `npm run bench:cluster`: the transports on their brokers' clusters, each against its own
 * single-node or single-partition layout in the same run. NATS (3-node JetStream, R3 vs R1):
 * bench/cluster/nats.ts; Redis Cluster (one event type in 3 partitions vs 1): bench/cluster/redis.ts.
 * Ends with one JSON line per figure.
 */
import { natsClusterFigures } from "./cluster/nats.js";
import { redisClusterFigures } from "./cluster/redis.js";
import { report } from "./harness.js";

report([...(await natsClusterFigures()), ...(await redisClusterFigures())]);
