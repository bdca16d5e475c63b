/**
 * The warm measurement of `npm run bench:codegen` (bench/codegen.ts), in a process of its own.
 * Prints one JSON object on stdout. eventsmith is measured from `dist/` (the compiled code users
 * run, with its worker threads).
 *
 *   session <catalog> <out> <edits>  a CodegenSession (what `codegen --watch` keeps): its first
 *                                    build and write, then <edits> times one event's schema
 *                                    changed in one file and the build and write that follow
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

type Session = typeof import("../generator/session.js");
type WriteOutput = typeof import("../generator/cli/write-output.js");

const root = join(import.meta.dirname, "..");
const dist = <T>(path: string): Promise<T> => import(pathToFileURL(join(root, "dist", path)).href) as Promise<T>;
const [mode, catalog, ...rest] = process.argv.slice(2);
const elapsed = (since: number) => Math.round(performance.now() - since);

if (mode === "session") {
  const [out, edits] = [rest[0]!, Number(rest[1])];
  const { CodegenSession } = await dist<Session>("generator/session.js");
  const { writeOutput } = await dist<WriteOutput>("generator/cli/write-output.js");
  // started as a cold `codegen --no-cache` starts (workers up while the catalog loads)
  const session = new CodegenSession(catalog!, { prestartWorkers: true });
  let started = performance.now();
  const first = await session.build();
  if (!first.files) throw new Error(`the synthetic catalog has errors: ${JSON.stringify(first.diagnostics.slice(0, 3))}`);
  const coldBuildMs = elapsed(started);
  await writeOutput(out!, first.files);
  const coldMs = elapsed(started);
  const warm: Array<{ buildMs: number; writtenMs: number; written: number }> = [];
  for (let round = 0; round < edits; round++) {
    changeOneEvent(catalog!, round);
    started = performance.now();
    const built = await session.build();
    const buildMs = elapsed(started);
    if (!built.files) throw new Error(`edit ${round} broke the catalog: ${JSON.stringify(built.diagnostics.slice(0, 3))}`);
    const report = await writeOutput(out!, built.files);
    warm.push({ buildMs, writtenMs: elapsed(started), written: report.written.length });
  }
  session.close();
  console.log(JSON.stringify({ coldBuildMs, coldMs, warm }));
} else {
  throw new Error(`unknown mode ${mode}`);
}

/**
 * Adds a property to one event's payload schema (a different event each round, in a different
 * domain file): the edit a developer saves while `codegen --watch` runs.
 */
function changeOneEvent(dir: string, round: number): void {
  const files = readdirSync(dir).filter((name) => name.startsWith("domain-")).sort();
  const file = join(dir, files[(round * 3) % files.length]!);
  const text = readFileSync(file, "utf8");
  const payloads = [...text.matchAll(/^ {4}(E\d+Payload):\n/gm)].map((match) => match[1]!);
  const payload = payloads[(round * 7) % payloads.length]!;
  const edited = text.replace(new RegExp(`(^ {4}${payload}:\\n(?:.*\\n)*? {6}properties:\\n)`, "m"), `$1        edited${round}:\n          type: string\n          maxLength: 40\n`);
  if (edited === text) throw new Error(`no properties to edit in ${payload} of ${file}`);
  writeFileSync(file, edited);
}
