/**
 * Private broker processes for tests: started from the machine's binaries on a free
 * loopback port, killable (SIGKILL) and restartable on the same port and data directory.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Fails loudly, with the install command, when a broker binary is missing (never a silent skip). */
export function requireBinary(binary: string, aptPackage: string): string {
  const found = spawnSync("sh", ["-c", `command -v ${binary}`], { encoding: "utf8" });
  const path = found.stdout.trim();
  if (found.status !== 0 || path === "") {
    throw new Error(`${binary} is not installed; install it with: sudo apt-get install -y ${aptPackage}`);
  }
  return path;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface BrokerProcessOptions {
  name: string;
  binary: string;
  /** Arguments for the given port and data directory. */
  args: (port: number, dataDir: string) => string[];
}

export interface BrokerProcess {
  readonly port: number;
  readonly dataDir: string;
  /** Kills the process with `signal` (default SIGKILL) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and data directory. */
  restart(): Promise<void>;
  /** Stops it and removes its data directory. */
  stop(): Promise<void>;
  /** Recent output, for failure messages. */
  log(): string;
}

export async function startBrokerProcess(options: BrokerProcessOptions): Promise<BrokerProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `eventsmith-${options.name}-`));
  let child: ChildProcess | undefined;
  let output = "";

  const start = async () => {
    const proc = spawn(options.binary, options.args(port, dataDir), { stdio: ["ignore", "pipe", "pipe"] });
    const append = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    proc.stdout?.on("data", append);
    proc.stderr?.on("data", append);
    child = proc;
    const exited = new Promise<never>((_, reject) =>
      proc.once("exit", (code) => reject(new Error(`${options.name} exited with ${code} during start:\n${output}`))),
    );
    exited.catch(() => undefined);
    await Promise.race([waitForPort(port), exited]);
  };

  const kill = async (signal: NodeJS.Signals = "SIGKILL") => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once("exit", () => resolve());
      proc.kill(signal);
    });
  };

  await start();
  return {
    port,
    dataDir,
    kill,
    restart: start,
    async stop() {
      await kill("SIGTERM");
      rmSync(dataDir, { recursive: true, force: true });
    },
    log: () => output,
  };
}
