/**
 * A user's project outside this repository: the package packed as npm publishes it, installed
 * from the tarball into a fresh folder under the OS temp dir (so no node_modules of this
 * repository is an ancestor that could hide a missing dependency), with commands run there as a
 * user runs them. npm reuses its cache (`--prefer-offline`); the registry is asked only for
 * what the cache lacks.
 */
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT, run, type RunResult } from "./run-command.js";

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
