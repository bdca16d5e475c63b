/**
 * Diagnostics are how every stage (load, check, ir, compat) reports a problem in the
 * catalog: always with the file:line:col of the YAML node that caused it.
 */

/** A position in a catalog file. `file` is relative to the catalog root, `/`-separated; line and column are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export type Severity = "error" | "warning";

/**
 * Every code a diagnostic can carry. Codes are stable: tools, tests and rule
 * configuration (`rules: { "<code>": "off" | "warning" | "error" }`) rely on them.
 */
export const DIAGNOSTIC_CODES = {
  // load
  "catalog-missing": "the catalog path names no file or directory",
  "catalog-empty": "the catalog holds no AsyncAPI document",
  "file-read": "a catalog file could not be read",
  "file-empty": "a catalog file is empty",
  "file-binary": "a catalog file is not text (binary data, or not UTF-8)",
  "file-not-yaml": "a catalog file is not a YAML or JSON mapping",
  "file-unreferenced": "a file of the catalog folder is neither an AsyncAPI document nor reached by any $ref",
  "yaml-syntax": "the file is not valid YAML 1.2",
  "yaml-duplicate-key": "a mapping has the same key twice",
  "yaml-too-deep": "collections nest deeper than the YAML parser can read",
  "yaml-alias-limit": "aliases expand beyond the allowed size (alias bomb)",
  "ref-invalid": "a $ref is not a string or not a valid JSON Pointer",
  "ref-unresolved": "a $ref points at a file or node that does not exist",
  "ref-outside-root": "a $ref leaves the catalog root",
  "ref-remote": "a $ref names a URL",
  "ref-cycle": "a chain of $refs leads back to itself without reaching a value",
  // check
  "config-invalid": "the eventsmith configuration is invalid",
  "asyncapi-version": "the document is not AsyncAPI 2.0-2.6, 3.0 or 3.1",
  "asyncapi-schema": "the document violates the official AsyncAPI JSON Schema",
  "schema-invalid": "a payload or headers schema is not a valid JSON Schema",
  "schema-format-unsupported": "a message uses a schema format other than JSON Schema / AsyncAPI schema",
  "message-missing-payload": "a message has no payload schema",
  "event-duplicate-name": "two different messages have the same event name",
  "event-name-convention": "an event name does not follow the naming convention",
  "example-invalid": "a message example does not match its payload or headers schema, or a schema's `examples` entry does not match that schema",
  "schema-value-invalid": "a schema's `default`, `enum` or `const` value does not match that schema",
  "component-unused": "a component is never referenced",
  "description-missing": "an event, channel or operation has no description",
  "catalog-no-events": "the catalog declares no message, so its SDK has no events",
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export interface Diagnostic extends SourceLocation {
  severity: Severity;
  code: DiagnosticCode;
  message: string;
}

export function diagnostic(
  at: SourceLocation,
  severity: Severity,
  code: DiagnosticCode,
  message: string,
): Diagnostic {
  return { file: at.file, line: at.line, column: at.column, severity, code, message };
}

/** Stable order: file, line, column, then code and message, so output never depends on discovery order. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      compare(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compare(a.code, b.code) ||
      compare(a.message, b.message),
  );
}

/** Drops exact repeats (the same node reached through several $refs reports once). */
export function dedupeDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.file}\0${d.line}\0${d.column}\0${d.code}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === "error");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
