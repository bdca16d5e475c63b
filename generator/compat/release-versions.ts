/**
 * The released versions `compat --transitive` checks against, newest first: git tags matching
 * a glob (`--tags`, default `v*`, in version order), or the last N commits that touched the
 * catalog (`--history <n>`). Confluent Schema Registry's transitive modes do the same with
 * every registered version of a subject.
 */
import { BaseError, git } from "./read-base.js";

export type ReleaseSelection = { tags: string } | { history: number };

export const DEFAULT_RELEASE_TAGS = "v*";

export async function releaseVersions(cwd: string, catalogPath: string, selection: ReleaseSelection): Promise<string[]> {
  await git(cwd, ["rev-parse", "--show-toplevel"]).catch(() => {
    throw new BaseError(`--transitive: ${cwd} is not in a git repository (released versions are read from git)`);
  });
  if ("tags" in selection) {
    const listing = await git(cwd, ["tag", "--list", selection.tags, "--sort=-v:refname"]);
    return listing.split("\n").filter(Boolean);
  }
  const listing = await git(cwd, ["log", `-n${selection.history}`, "--format=%h", "--", catalogPath]);
  return listing.split("\n").filter(Boolean);
}

/** How the selection reads in a report: `tags v*`, `the last 5 commits of the catalog`. */
export function describeSelection(selection: ReleaseSelection): string {
  return "tags" in selection ? `tags ${selection.tags}` : `the last ${selection.history} commit${selection.history === 1 ? "" : "s"} that touched the catalog`;
}
