/**
 * The ignore file (`.eventsmith-compat-ignore.yaml`, or `--ignore <file>`): breaking changes a
 * team has accepted, by fingerprint, each with the reason it is fine.
 *
 *   - fingerprint: 3f2a9c1d0b7e4a21
 *     reason: consumers of contact.created upgrade in lockstep (OPS-412)
 *
 * A malformed entry is a usage error (exit 2, with its line); an entry that matches no finding
 * is reported, so the file does not rot.
 */
import { readFile } from "node:fs/promises";
import { isMap, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import type { CompatFinding } from "./rules.js";

export const DEFAULT_IGNORE_FILE = ".eventsmith-compat-ignore.yaml";

export interface IgnoreEntry {
  fingerprint: string;
  reason: string;
  line: number;
  column: number;
}

export interface IgnoreFile {
  /** As given (for messages). */
  path: string;
  entries: IgnoreEntry[];
}

export class IgnoreFileError extends Error {}

const KEYS = ["fingerprint", "reason", "event", "rule"];

export async function readIgnoreFile(path: string, shownAs: string): Promise<IgnoreFile> {
  const text = await readFile(path, "utf8").catch((error: Error) => {
    throw new IgnoreFileError(`${shownAs}: cannot be read (${error.message})`);
  });
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const where = (node: Node | null | undefined) => lines.linePos(node?.range?.[0] ?? 0);
  const fail = (node: Node | null | undefined, message: string): never => {
    const at = where(node);
    throw new IgnoreFileError(`${shownAs}:${at.line}:${at.col}: ${message}`);
  };
  if (doc.errors.length > 0) fail(undefined, `not valid YAML: ${doc.errors[0]!.message.split("\n")[0]}`);
  if (doc.contents === null) return { path: shownAs, entries: [] };
  if (!isSeq(doc.contents)) fail(doc.contents, "must be a list of { fingerprint, reason } entries");
  const entries: IgnoreEntry[] = [];
  for (const item of (doc.contents as { items: unknown[] }).items as Node[]) {
    if (!isMap(item)) fail(item, "each entry must be a mapping with fingerprint and reason");
    const value = item.toJSON() as Record<string, unknown>;
    const unknown = Object.keys(value).find((key) => !KEYS.includes(key));
    if (unknown) fail(item, `unknown key \`${unknown}\` (entries have ${KEYS.join(", ")})`);
    if (typeof value["fingerprint"] !== "string" || !/^[0-9a-f]{16}$/.test(value["fingerprint"])) {
      fail(item, "fingerprint must be the 16 hex digits a finding shows");
    }
    if (typeof value["reason"] !== "string" || value["reason"].trim() === "") fail(item, "reason is required: say why this breaking change is accepted");
    const at = where(item);
    entries.push({ fingerprint: value["fingerprint"] as string, reason: value["reason"] as string, line: at.line, column: at.col });
  }
  return { path: shownAs, entries };
}

/** Splits findings into kept and ignored; entries matching nothing are returned as unused. */
export function applyIgnores(findings: readonly CompatFinding[], file: IgnoreFile | undefined) {
  const entries = file?.entries ?? [];
  const accepted = new Set(entries.map((e) => e.fingerprint));
  const kept = findings.filter((f) => !accepted.has(f.fingerprint));
  const ignored = findings.filter((f) => accepted.has(f.fingerprint));
  const used = new Set(ignored.map((f) => f.fingerprint));
  return { kept, ignored, unused: entries.filter((e) => !used.has(e.fingerprint)) };
}
