/**
 * A private `nats-server -js` for tests: free loopback port, its own store directory,
 * killable with SIGKILL and restartable on the same port and store (see broker-process.ts).
 */
import { requireBinary, startBrokerProcess, type BrokerProcess } from "./broker-process.js";

export interface NatsServer extends BrokerProcess {
  /** `nats://127.0.0.1:<port>`. */
  readonly url: string;
}

/** `extraArgs`: more server flags, e.g. `["--user", "u", "--pass", "p"]`. */
export async function startNatsServer(extraArgs: readonly string[] = []): Promise<NatsServer> {
  const binary = requireBinary("nats-server", "nats-server");
  const broker = await startBrokerProcess({
    name: "nats",
    binary,
    // A fixed server name keeps the JetStream store valid across restarts.
    args: (port, dataDir) => ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", dataDir, "-n", "eventsmith-test", ...extraArgs],
  });
  return Object.assign(broker, { url: `nats://127.0.0.1:${broker.port}` });
}
