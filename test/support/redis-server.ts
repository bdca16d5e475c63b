/**
 * A private redis-server for tests: free loopback port, its own data directory, and an
 * append-only file synced on every write (`appendonly yes`, `appendfsync always`), so what the
 * server acknowledged survives a SIGKILL.
 */
import { startBrokerProcess, requireBinary, type BrokerProcess } from "./broker-process.js";

export interface RedisServer extends BrokerProcess {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
}

/** A test server's arguments: loopback only, its own directory, every write synced to its append-only file. */
export function redisServerArgs(port: number, dataDir: string): string[] {
  return [
    "--port", String(port),
    "--bind", "127.0.0.1",
    "--dir", dataDir,
    "--appendonly", "yes",
    "--appendfsync", "always",
    "--save", "",
    "--protected-mode", "no",
    "--daemonize", "no",
    "--loglevel", "warning",
  ];
}

export async function startRedisServer(): Promise<RedisServer> {
  const binary = requireBinary("redis-server", "redis-server");
  const broker = await startBrokerProcess({ name: "redis", binary, args: redisServerArgs });
  return Object.assign(broker, { url: `redis://127.0.0.1:${broker.port}` });
}
