/**
 * Versions of each event across the last commits that changed the catalog, each with the
 * compatibility verdict of that change (the compat engine's `compareCatalogs`). Pure: the
 * catalogs at each commit come in as IRs (generator/history/read-history.ts gets them from git).
 */
import { canonicalJson } from "../../../compat/schema/schema-equal.js";
import { compareCatalogs, CompatInputError } from "../../../compat/compare-catalogs.js";
import { standaloneSchema } from "../../../ir/standalone-schema.js";
import type { CatalogIR, EventIR } from "../../../ir/types.js";
import { schemaFields } from "../schema-fields.js";

export interface CommitInfo {
  commit: string;
  /** Committer date, ISO 8601. */
  date: string;
  subject: string;
}

/** The catalog as of a commit and as of its parent; undefined: no catalog there, or it has errors. */
export interface CatalogChange extends CommitInfo {
  before: CatalogIR | undefined;
  after: CatalogIR | undefined;
  /** Why a side is missing when the catalog existed but did not compile. */
  problem?: string;
}

export interface VersionEntry extends CommitInfo {
  change: "added" | "changed" | "removed";
  /** The event's version after the commit (before it, for a removal). */
  version: string;
  previousVersion?: string;
  verdict: "compatible" | "breaking" | "not checked";
  /** Why the verdict is "not checked", or a warning-only result. */
  note?: string;
  findings: Finding[];
  /** The payload's fields at this version (absent for a removal), for the field-level diff. */
  fields?: FieldSnapshot[];
}

export interface Finding {
  rule: string;
  direction: string;
  pointer: string;
  message: string;
}

/** A field as the diff compares it: `[path, type, required, constraints]`. */
export type FieldSnapshot = [path: string, type: string, required: boolean, constraints: string];

/** The compat verdict between two versions of an event (commits `from` older than `to`). */
export interface PairVerdict {
  from: string;
  to: string;
  verdict: VersionEntry["verdict"];
  findings: Finding[];
}

/** Event name -> its versions, newest first. */
export type EventHistory = Record<string, VersionEntry[]>;

export interface HistoryReport {
  /** How many commits that changed the catalog were read. */
  commits: number;
  events: EventHistory;
  /** Event name -> the verdict between every two of its versions that are not adjacent (adjacent: the entry's own). */
  pairs: Record<string, PairVerdict[]>;
  /** Commits whose change could not be compared (a side did not compile), with why. */
  skipped: (CommitInfo & { problem: string })[];
}

/** `changes` newest first, as `git log` lists them. */
export function eventHistory(changes: readonly CatalogChange[]): HistoryReport {
  const events: EventHistory = {};
  const catalogs = new Map<string, CatalogIR>();
  const skipped: HistoryReport["skipped"] = [];
  const add = (name: string, entry: VersionEntry) => (events[name] ??= []).push(entry);
  for (const change of changes) {
    const info: CommitInfo = { commit: change.commit, date: change.date, subject: change.subject };
    if (change.problem !== undefined) {
      skipped.push({ ...info, problem: change.problem });
      continue;
    }
    if (!change.after || !change.before) {
      // a commit that added the catalog (before missing) lists every event as added
      if (change.after) {
        catalogs.set(change.commit, change.after);
        for (const event of change.after.events) add(event.name, { ...info, change: "added", version: event.version, verdict: "compatible", findings: [], fields: snapshot(change.after, event) });
      }
      continue;
    }
    catalogs.set(change.commit, change.after);
    const before = new Map(change.before.events.map((e) => [e.name, e]));
    const after = new Map(change.after.events.map((e) => [e.name, e]));
    let compared: ReturnType<typeof compareCatalogs> | string;
    try {
      compared = compareCatalogs(change.before, change.after);
    } catch (error) {
      if (!(error instanceof CompatInputError)) throw error;
      compared = error.message;
    }
    for (const name of [...new Set([...before.keys(), ...after.keys()])].sort()) {
      const old = before.get(name);
      const now = after.get(name);
      if (old && now && fingerprint(change.before, old) === fingerprint(change.after, now)) continue;
      const kind = !old ? "added" : !now ? "removed" : "changed";
      const base = { ...info, change: kind, version: (now ?? old)!.version, ...(old && now ? { previousVersion: old.version } : {}), ...(now ? { fields: snapshot(change.after, now) } : {}) } as const;
      if (typeof compared === "string") {
        add(name, { ...base, verdict: "not checked", note: compared, findings: [] });
        continue;
      }
      const mode = compared.events.find((e) => e.name === name)?.mode;
      const findings = compared.findings.filter((f) => f.event === name);
      const errors = findings.filter((f) => f.severity === "error");
      add(name, {
        ...base,
        verdict: mode === "none" ? "not checked" : errors.length > 0 ? "breaking" : "compatible",
        ...(mode === "none" ? { note: "x-compat-mode: none" } : errors.length === 0 && findings.length > 0 ? { note: "warnings only" } : {}),
        findings: findings.map(finding),
      });
    }
  }
  return { commits: changes.length, events, pairs: pairVerdicts(events, catalogs), skipped };
}

const finding = (f: Finding): Finding => ({ rule: f.rule, direction: f.direction, pointer: f.pointer, message: f.message });

function snapshot(ir: CatalogIR, event: EventIR): FieldSnapshot[] {
  return schemaFields(ir, event.payload.schema, "payload").map((row) => [row.path, row.type, row.required, row.constraints.join(", ")]);
}

/**
 * The verdict between any two versions of an event, by comparing the two catalogs (the compat
 * engine, not a sum of the steps: a change undone later is no break between its ends). Each
 * pair of commits is compared once for all events.
 */
function pairVerdicts(events: EventHistory, catalogs: ReadonlyMap<string, CatalogIR>): Record<string, PairVerdict[]> {
  const compared = new Map<string, ReturnType<typeof compareCatalogs> | string>();
  const compare = (from: string, to: string) => {
    const key = `${from} ${to}`;
    let result = compared.get(key);
    if (result === undefined) {
      try {
        result = compareCatalogs(catalogs.get(from)!, catalogs.get(to)!);
      } catch (error) {
        if (!(error instanceof CompatInputError)) throw error;
        result = error.message;
      }
      compared.set(key, result);
    }
    return result;
  };
  const pairs: Record<string, PairVerdict[]> = {};
  for (const [name, entries] of Object.entries(events)) {
    const versions = entries.filter((e) => e.change !== "removed" && catalogs.has(e.commit)); // newest first
    for (let newer = 0; newer < versions.length; newer++) {
      for (let older = newer + 2; older < versions.length; older++) {
        const [from, to] = [versions[older]!.commit, versions[newer]!.commit];
        const result = compare(from, to);
        const verdict = (v: PairVerdict["verdict"], findings: Finding[] = []) => (pairs[name] ??= []).push({ from, to, verdict: v, findings });
        if (typeof result === "string") {
          verdict("not checked");
          continue;
        }
        const found = result.findings.filter((f) => f.event === name);
        const mode = result.events.find((e) => e.name === name)?.mode;
        verdict(mode === "none" ? "not checked" : found.some((f) => f.severity === "error") ? "breaking" : "compatible", found.map(finding));
      }
    }
  }
  return pairs;
}

/**
 * What makes two versions of an event different: its own definition, without source positions
 * or who publishes and consumes it (operations change around an event, not the event).
 */
function fingerprint(ir: CatalogIR, event: EventIR): string {
  const { location: _location, producers: _producers, consumers: _consumers, payload, headers, examples, ...rest } = event;
  return canonicalJson({
    ...rest,
    payload: standaloneSchema(ir, payload.schema),
    headers: headers ? standaloneSchema(ir, headers.schema) : null,
    examples: examples.map(({ location: _at, ...example }) => example),
  });
}
