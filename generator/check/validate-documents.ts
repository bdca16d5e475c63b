/**
 * Validates each AsyncAPI document of the catalog against the official schema of its version,
 * with its `$ref`s resolved, and maps every failure to the YAML node that caused it. A document's
 * findings depend only on the texts of the files it reaches, so a session keeps them by those.
 */
import { diagnostic, type Diagnostic } from "../diagnostics.js";
import { isObject } from "../load/json-pointer.js";
import { locateValue } from "../load/locate-value.js";
import type { LoadedCatalog } from "../load/types.js";
import { ASYNCAPI_VERSIONS, asyncApiSchema, isSupportedVersion } from "./asyncapi-schemas.js";
import { describeErrors, dottedPath } from "./describe-errors.js";
import { pickErrors } from "./pick-errors.js";
import { resolveDocument } from "./resolved-document.js";

/** Findings by document, keyed by the path and text hash of every file the document reaches. */
export type DocumentVerdicts = Map<string, Diagnostic[]>;

export function validateDocuments(catalog: LoadedCatalog, verdicts?: DocumentVerdicts): Diagnostic[] {
  if (!verdicts) return catalog.documents.flatMap((file) => validateDocument(catalog, file));
  const reached = reachedFiles(catalog);
  const fresh = new Map<string, Diagnostic[]>();
  const out = catalog.documents.flatMap((file) => {
    const key = [...reached(file)].sort().map((path) => `${path}\0${catalog.files.get(path)?.hash ?? ""}`).join("\0");
    const found = verdicts.get(key) ?? validateDocument(catalog, file);
    fresh.set(key, found);
    return found;
  });
  // only the current documents' verdicts stay: the map does not grow with every edit
  verdicts.clear();
  for (const [key, found] of fresh) verdicts.set(key, found);
  return out;
}

/** The files a document reaches through `$ref`s, itself included. */
function reachedFiles(catalog: LoadedCatalog): (file: string) => Set<string> {
  const edges = new Map<string, Set<string>>();
  for (const { from, to } of catalog.refs) {
    if (to && to.file !== from.file) edges.set(from.file, (edges.get(from.file) ?? new Set()).add(to.file));
  }
  return (file) => {
    const seen = new Set([file]);
    for (const current of seen) for (const next of edges.get(current) ?? []) seen.add(next);
    return seen;
  };
}

function validateDocument(catalog: LoadedCatalog, file: string): Diagnostic[] {
  const root = catalog.get({ file, pointer: "" });
  const version = isObject(root) ? root["asyncapi"] : undefined;
  if (!isSupportedVersion(version)) {
    // at the version itself, the thing to change
    return [diagnostic(locateValue(catalog, { file, pointer: "/asyncapi" }), "error", "asyncapi-version", unsupportedVersion(version))];
  }
  const doc = resolveDocument(catalog, file);
  const schema = asyncApiSchema(version);
  if (schema.validate(doc.value)) return [];
  const { errors, alternatives } = schema.explain(doc.value);
  // 2.0-2.4's Parameter Object has a `$ref` field of its own, so a Reference Object matches
  // both of `oneOf: [Reference, Parameter]`: a `$ref` the loader resolved is never a finding
  const picked = pickErrors(errors, alternatives).filter((e) => !(e.keyword === "oneOf" && Array.isArray(e.params["passingSchemas"]) && isReference(doc.valueAt(e.instancePath))));
  return describeErrors(picked, doc.valueAt).map((finding) => {
    // the subject is named by its place in the file that holds it (a shared message reports once)
    const subject = doc.nodeAt(finding.instancePath);
    const message = `${dottedPath(subject.pointer) || "document"}: ${finding.text}`;
    return diagnostic(catalog.locate(doc.nodeAt(finding.at)), "error", "asyncapi-schema", message);
  });
}

function isReference(value: unknown): boolean {
  return isObject(value) && typeof value["$ref"] === "string" && Object.keys(value).length === 1;
}

function unsupportedVersion(version: unknown): string {
  if (typeof version === "string" && /^1\./.test(version)) {
    return `asyncapi ${JSON.stringify(version)} is AsyncAPI 1.x, which eventsmith does not read; convert it to 3.0 with the official converter (\`npx @asyncapi/cli convert <file> --target-version=3.0.0\`, package @asyncapi/converter)`;
  }
  const supported = ASYNCAPI_VERSIONS.join(", ");
  return typeof version === "string"
    ? `asyncapi ${JSON.stringify(version)} is not a released AsyncAPI version; use one of ${supported}`
    : `asyncapi must be a version string such as "3.0.0", not ${version === undefined ? "missing" : JSON.stringify(version)}; use one of ${supported}`;
}
