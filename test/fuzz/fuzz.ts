/**
 * `npm run fuzz [-- --count 10000 --seed 1]`: mutates every catalog of the repository and every
 * vendored AsyncAPI document (see mutate.ts), runs each mutant through `validate` and, when
 * validate is clean, through `codegen` and `tsc --strict`. Prints one JSON line:
 *
 *   {"mutants":10000,"crashes":0,"hangs":0,"unlocated":0,"uncompilable":0,"codegenRefused":0,...}
 *
 * - crash: validate or codegen exits other than 0/1, prints to stderr, or throws;
 * - hang: a mutant takes over 10 s (beyond twice what its unmutated source takes);
 * - unlocated: a diagnostic without a file, or a line or column below 1;
 * - uncompilable: validate was clean but the SDK fails tsc --strict;
 * - codegenRefused: validate was clean but codegen found an error.
 * Each failure is printed to stderr with its seed, mutant number and mutation, to reproduce it.
 */
import { fork, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { typecheck } from "../support/typecheck.js";
import { mutate, random, type Mutant } from "./mutate.js";
import type { MutantAnswer, MutantRequest } from "./mutant-runner.js";

const REPO = resolve(import.meta.dirname, "../..");
const HANG_MS = 10_000;
/** SDKs type-checked together: one tsc program per batch. */
const TYPECHECK_BATCH = 40;

export interface FuzzOptions {
  seed: number;
  count: number;
  /** Where mutants and SDKs are written (inside the repository, so SDKs resolve `eventsmith`). */
  workDir?: string;
  /** Each failure, as a line a person reads. */
  onFailure?: (line: string) => void;
}

export interface FuzzSummary {
  seed: number;
  mutants: number;
  crashes: number;
  hangs: number;
  unlocated: number;
  uncompilable: number;
  codegenRefused: number;
  /** Mutants validate found clean (so went through codegen and tsc). */
  clean: number;
  ms: number;
}

/** A catalog to mutate: a directory (one of its files is mutated) or a single document. */
interface Source {
  path: string;
  files: string[];
}

export function fuzzSources(): Source[] {
  const dirs = [join(REPO, "catalog"), ...children(join(REPO, "test/fixtures/catalogs")), ...children(join(REPO, "test/fixtures/broken"))];
  const documents = ["test/fixtures/corpus/asyncapi-2", "test/fixtures/corpus/asyncapi-3", "test/fixtures/asyncapi-2x", "test/fixtures/real-world"].flatMap((dir) =>
    existsSync(join(REPO, dir)) ? readdirSync(join(REPO, dir)).map((name) => join(REPO, dir, name)) : [],
  );
  const sources: Source[] = [];
  for (const path of [...dirs, ...documents]) {
    if (statSync(path).isDirectory()) {
      const files = yamlFiles(path);
      if (files.length > 0) sources.push({ path, files });
    } else if (/\.(ya?ml|json)$/.test(path)) {
      sources.push({ path, files: [basename(path)] });
    }
  }
  return sources;
}

export async function runFuzz({ seed, count, workDir = join(REPO, "test/.output/fuzz", String(seed)), onFailure = () => {} }: FuzzOptions): Promise<FuzzSummary> {
  const started = performance.now();
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const sources = fuzzSources();
  const summary: FuzzSummary = { seed, mutants: 0, crashes: 0, hangs: 0, unlocated: 0, uncompilable: 0, codegenRefused: 0, clean: 0, ms: 0 };
  const runner = new Runner();
  const baselines = new Map<string, number>();
  let pending: Array<{ id: number; sdk: string; dir: string; what: string }> = [];
  const flush = () => {
    if (pending.length === 0) return;
    const errors = typecheck(pending.map((p) => p.sdk));
    for (const p of pending) {
      const own = errors.filter((e) => e.startsWith(join(p.dir, "sdk")));
      if (own.length > 0) {
        summary.uncompilable++;
        onFailure(`uncompilable ${p.what}: ${own.slice(0, 3).join(" | ")}`);
      } else rmSync(p.dir, { recursive: true, force: true });
    }
    pending = [];
  };
  try {
    for (let id = 0; id < count; id++) {
      const rnd = random(seed * 1_000_003 + id);
      const source = sources[Math.floor(rnd() * sources.length)]!;
      const file = source.files[Math.floor(rnd() * source.files.length)]!;
      const dir = join(workDir, `m${id}`);
      const catalog = join(dir, "catalog");
      const single = !statSync(source.path).isDirectory();
      const original = join(single ? source.path : join(source.path, file));
      let mutant: Mutant;
      try {
        mutant = mutate(readFileSync(original, "utf8"), rnd);
      } catch (error) {
        // a mutation the mutator itself cannot print (e.g. a cycle) is not a mutant
        mutant = { mutation: "truncate", at: "@0", text: `# unprintable mutant: ${(error as Error).message}\n` };
      }
      if (single) mkdirSync(catalog, { recursive: true });
      else cpSync(source.path, catalog, { recursive: true, filter: (path) => !path.includes("node_modules") });
      writeFileSync(join(catalog, file), mutant.text);
      const what = `seed ${seed} mutant ${id}: ${mutant.mutation} at ${mutant.at} of ${relative(REPO, original)}`;
      summary.mutants++;

      let limit = HANG_MS;
      if (!baselines.has(source.path)) baselines.set(source.path, await runner.time(source.path, join(workDir, "baseline")));
      limit += 2 * baselines.get(source.path)!;
      const reply = await runner.ask({ id, dir: catalog, out: join(dir, "sdk") }, limit);
      if (reply === "hang") {
        summary.hangs++;
        onFailure(`hang (over ${limit} ms) ${what}`);
        continue;
      }
      const crashed = ![0, 1].includes(reply.validateExit) || reply.stderr !== "" || (reply.codegenExit !== undefined && ![0, 1].includes(reply.codegenExit));
      if (crashed) {
        summary.crashes++;
        onFailure(`crash ${what}: validate ${reply.validateExit}, codegen ${reply.codegenExit ?? "-"}: ${(reply.stderr || reply.codegenStderr || "").slice(0, 400)}`);
        continue;
      }
      const unlocated = reply.diagnostics.filter((d) => typeof d.file !== "string" || d.file === "" || !(Number(d.line) >= 1) || !(Number(d.column) >= 1));
      if (unlocated.length > 0) {
        summary.unlocated += unlocated.length;
        onFailure(`unlocated ${what}: ${JSON.stringify(unlocated[0])}`);
      }
      if (reply.validateExit !== 0) {
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      summary.clean++;
      if (reply.codegenExit !== 0) {
        summary.codegenRefused++;
        onFailure(`codegen refused what validate accepted, ${what}: ${(reply.codegenStderr ?? "").slice(0, 400)}`);
        continue;
      }
      pending.push({ id, sdk: join(dir, "sdk/index.ts"), dir, what });
      if (pending.length >= TYPECHECK_BATCH) flush();
    }
    flush();
  } finally {
    runner.close();
  }
  summary.ms = Math.round(performance.now() - started);
  return summary;
}

/** The child process running mutants, replaced when it hangs. */
class Runner {
  private child: ChildProcess | undefined;

  ask(request: MutantRequest, limit: number): Promise<MutantAnswer | "hang"> {
    const child = (this.child ??= fork(join(import.meta.dirname, "mutant-runner.ts"), [], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      cwd: REPO,
    }));
    return new Promise((done) => {
      const timer = setTimeout(() => {
        child.off("message", onMessage);
        child.off("exit", onExit);
        child.kill("SIGKILL");
        this.child = undefined;
        done("hang");
      }, limit);
      const onMessage = (reply: MutantAnswer) => {
        if (reply.id !== request.id) return;
        clearTimeout(timer);
        child.off("message", onMessage);
        child.off("exit", onExit);
        done(reply);
      };
      // the process dying (a stack overflow, out of memory) is a crash, not a hang
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        child.off("message", onMessage);
        this.child = undefined;
        done({ id: request.id, validateExit: code ?? -1, diagnostics: [], stderr: `runner exited with ${code}` });
      };
      child.on("message", onMessage);
      child.once("exit", onExit);
      child.send(request);
    });
  }

  /** How long the unmutated source takes, to tell a hang from a big catalog. */
  async time(path: string, out: string): Promise<number> {
    const started = performance.now();
    await this.ask({ id: -1, dir: path, out }, 10 * 60_000);
    rmSync(out, { recursive: true, force: true });
    return Math.round(performance.now() - started);
  }

  close(): void {
    this.child?.kill();
    this.child = undefined;
  }
}

function children(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)).filter((path) => statSync(path).isDirectory()) : [];
}

function yamlFiles(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name.startsWith(".") ? [] : yamlFiles(path, root);
    return /\.(ya?ml|json)$/.test(entry.name) ? [relative(root, path)] : [];
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const arg = (name: string, fallback: number) => {
    const index = process.argv.lastIndexOf(`--${name}`);
    return index === -1 ? fallback : Number(process.argv[index + 1]);
  };
  const summary = await runFuzz({ seed: arg("seed", 1), count: arg("count", 10_000), onFailure: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  process.exitCode = summary.crashes + summary.hangs + summary.unlocated + summary.uncompilable + summary.codegenRefused === 0 ? 0 : 1;
}
