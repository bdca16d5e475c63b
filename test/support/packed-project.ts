/**
 * A user's project outside this repository: the package packed as npm publishes it, installed
 * from the tarball into a fresh folder under the OS temp dir (so no node_modules of this
 * repository is an ancestor that could hide a missing dependency), with commands run there as a
 * user runs them. npm reuses its cache (`--prefer-offline`); the registry is asked only for
 * what the cache lacks.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const REPO_ROOT = resolve(import.meta.dirname, "../..");

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a command run in the user's project: without what `npm test` exports about
 * this package (npm_package_*, npm_config_local_prefix, INIT_CWD …), which would make a nested
 * npm or a script believe it runs in this repository.
 */
function userEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(npm_package_|npm_lifecycle_|npm_command$|npm_config_local_prefix$|INIT_CWD$)/.test(key)) delete env[key];
  }
  return env;
}

/** Runs `command args` in `cwd`; throws with both outputs when it fails, unless `allowFailure`. */
export function run(cwd: string, command: string, args: readonly string[], options: { allowFailure?: boolean; timeoutMs?: number } = {}): RunResult {
  const result = spawnSync(command, [...args], { cwd, env: userEnv(), encoding: "utf8", timeout: options.timeoutMs ?? 180_000 });
  const outcome = { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
  if (!options.allowFailure && (result.error || result.status !== 0)) {
    throw new Error(`\`${command} ${args.join(" ")}\` in ${cwd} failed (${result.error?.message ?? `exit ${result.status}`}):\n${outcome.stdout}\n${outcome.stderr}`);
  }
  return outcome;
}

/** `npm pack` of this repository (its prepare script builds dist/ first); returns the tarball's path. */
export function packTarball(destination: string): string {
  run(REPO_ROOT, "npm", ["pack", "--silent", "--pack-destination", destination]);
  const tarball = readdirSync(destination).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack wrote no tarball into ${destination}`);
  return join(destination, tarball);
}

/** A fresh temp folder for a project of the given name. */
export function tempProjectDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `${prefix}-`));
}

/** `npm install` from the cache where it can, quietly. */
export function npmInstall(cwd: string, specs: readonly string[], dev = false): RunResult {
  return run(cwd, "npm", ["install", ...(dev ? ["--save-dev"] : []), "--prefer-offline", "--no-audit", "--no-fund", ...specs]);
}

/** `name@version` of a package installed in this repository, so a temp project gets the cached copy. */
export function installedSpec(name: string): string {
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string };
  return `${name}@${version}`;
}
