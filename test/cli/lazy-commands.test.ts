/**
 * The CLI imports a command's module only when that command runs: `compat` starts without
 * ts-morph or the emitters (a cold CI run pays for every module it loads), while help, which
 * lists every command, still shows them all.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "../support/cli-in-process.js";

const root = join(import.meta.dirname, "..", "..");
const COMMANDS = ["init", "validate", "codegen", "compat", "docs", "new", "relay", "audit"];

/** Modules a command loads, from a child process with a module hook (sources run under tsx). */
function modulesLoaded(args: string[]): string[] {
  const hook = `export async function load(url, context, next) { if (url.startsWith("file:")) process.stderr.write("LOADED " + url + "\\n"); return next(url, context); }`;
  const register = `import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
  const script = `import { main } from ${JSON.stringify(join(root, "generator", "cli", "main.ts"))}; process.exitCode = await main(["node", "eventsmith", ...${JSON.stringify(args)}]);`;
  const child = spawnSync(process.execPath, ["--import", "tsx", "--import", `data:text/javascript,${encodeURIComponent(register)}`, "--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
  expect(child.status, child.stderr).toBe(0);
  return child.stderr.split("\n").flatMap((line) => (line.startsWith("LOADED ") ? [line.slice(7)] : []));
}

describe("lazy command modules", () => {
  it("compat loads neither ts-morph nor an emitter nor another command", () => {
    const loaded = modulesLoaded(["compat", "--help"]);
    expect(loaded.some((url) => url.includes("/generator/cli/compat-command"))).toBe(true);
    expect(loaded.filter((url) => /ts-morph|\/generator\/emit\/|\/cli\/(?!compat-command)[a-z]+-command\./.test(url))).toEqual([]);
  });

  it("--help lists every command, in order", async () => {
    const run = await runCliInProcess(root, ["--help"]);
    const listed = [...run.out.matchAll(/^  ([a-z]+)\b/gm)].map((m) => m[1]).filter((name) => name !== "help");
    expect(listed).toEqual(COMMANDS);
  });

  it.each([
    { args: ["help", "compat"], want: "check that the catalog does not break" },
    { args: ["nonesuch"], want: "unknown command 'nonesuch'" },
  ])("eventsmith $args still knows every command", async ({ args, want }) => {
    const run = await runCliInProcess(root, args);
    expect(run.out + run.err).toContain(want);
  });
});
