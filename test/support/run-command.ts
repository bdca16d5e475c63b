/**
 * Commands run as a user runs them, from this repository or a project outside it: without what
 * `npm test` exports about this package into the environment.
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

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
export function run(
  cwd: string,
  command: string,
  args: readonly string[],
  options: { allowFailure?: boolean; timeoutMs?: number; env?: Record<string, string> } = {},
): RunResult {
  const env = { ...userEnv(), ...options.env };
  const result = spawnSync(command, [...args], { cwd, env, encoding: "utf8", timeout: options.timeoutMs ?? 180_000 });
  const outcome = { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
  if (!options.allowFailure && (result.error || result.status !== 0)) {
    throw new Error(`\`${command} ${args.join(" ")}\` in ${cwd} failed (${result.error?.message ?? `exit ${result.status}`}):\n${outcome.stdout}\n${outcome.stderr}`);
  }
  return outcome;
}
