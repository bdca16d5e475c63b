/**
 * `npm run bench:cluster`: throughput on broker clusters against a single shard or node in the
 * same run; ends with one JSON line per figure. Redis Cluster: bench/cluster/redis.ts.
 */
import { report } from "./harness.js";
import { redisClusterFigures } from "./cluster/redis.js";

report([...(await redisClusterFigures())]);
