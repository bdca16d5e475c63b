/**
 * A private PostgreSQL for tests: Debian's `initdb` and `pg_ctl` (the newest version under
 * /usr/lib/postgresql) in a temporary directory, on a free loopback port, with trust
 * authentication for the `postgres` user. Both refuse to run
 * as root, so when the tests run as root they run as the `postgres` user through `runuser`.
 * `kill()` SIGKILLs the postmaster and every backend (a crash: recovery runs at the next start),
 * `restart()` starts it again on the same port and data.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, waitForPort } from "./broker-process.js";

/** Debian keeps each major version's server binaries apart; the newest one installed is used. */
function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "initdb"))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions[0] === undefined) {
    throw new Error(`PostgreSQL is not installed (no ${root}/<version>/bin/initdb); install it with: sudo apt-get install -y postgresql`);
  }
  return join(root, versions[0], "bin");
}

export interface PostgresServer {
  readonly port: number;
  readonly dataDir: string;
  /** `postgres://postgres@127.0.0.1:<port>/postgres`. */
  readonly url: string;
  /** SIGKILLs the postmaster and its backends and waits until they are gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data directory (crash recovery runs if it was killed). */
  restart(): Promise<void>;
  /** Stops it and removes its directory. */
  stop(): Promise<void>;
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const dir = binDir();
  const bin = (name: string) => join(dir, name);
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) =>
    asRoot ? execFileSync("runuser", ["-u", "postgres", "--", command, ...args], { stdio: "pipe" }) : execFileSync(command, args, { stdio: "pipe" });
  const root = mkdtempSync(join(tmpdir(), "eventsmith-postgres-"));
  const dataDir = join(root, "data");
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(root, uid, gid);
  }
  run(bin("initdb"), ["-D", dataDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  const port = await freePort();
  // fsync off: the tests kill processes, not the machine, so the OS still holds every write.
  const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c max_connections=200`;

  const start = async () => {
    run(bin("pg_ctl"), ["-D", dataDir, "-l", join(root, "log"), "-o", serverOptions, "-w", "-t", "60", "start"]);
    await waitForPort(port);
  };
  const postmasterPid = (): number | undefined => {
    const file = join(dataDir, "postmaster.pid");
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, "utf8").split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  };
  const kill = async () => {
    const pid = postmasterPid();
    if (pid === undefined) return;
    const pids = [pid, ...childrenOf(pid)];
    for (const p of pids) signal(p, "SIGKILL");
    const deadline = Date.now() + 10_000;
    while (pids.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    // A killed postmaster may linger as a zombie nobody reaps, which the next start would take for a live server.
    rmSync(join(dataDir, "postmaster.pid"), { force: true });
  };

  await start();
  return {
    port,
    dataDir,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    kill,
    restart: start,
    async stop() {
      spawnSync(asRoot ? "runuser" : bin("pg_ctl"), asRoot ? ["-u", "postgres", "--", bin("pg_ctl"), "-D", dataDir, "-m", "immediate", "stop"] : ["-D", dataDir, "-m", "immediate", "stop"], { stdio: "ignore" });
      await kill();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // field 4 (after the parenthesised command) is the parent pid
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (parent === pid) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ");
  } catch {
    return false;
  }
}
