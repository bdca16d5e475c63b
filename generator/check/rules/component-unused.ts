/**
 * A component (schema, message, parameter, trait...) that no `$ref` reaches and that is not an
 * event is dead weight: it is not generated, so it is probably a typo'd name or a leftover.
 * AsyncAPI 2.x security schemes are named by key in security requirements, not by `$ref`.
 */
import { diagnostic, type Diagnostic } from "../../diagnostics.js";
import { appendPointer, isObject } from "../../load/json-pointer.js";
import type { LoadedCatalog, NodeRef } from "../../load/types.js";
import { dottedPath } from "../describe-errors.js";
import type { RuleContext } from "./rule.js";

export function componentUnused({ catalog, ir }: RuleContext): Diagnostic[] {
  const targets = new Map<string, RefTargets>();
  for (const { to } of catalog.refs) {
    if (!to) continue;
    let file = targets.get(to.file);
    if (!file) targets.set(to.file, (file = { nodes: new Set(), containers: new Set() }));
    file.nodes.add(to.pointer);
    for (let at = to.pointer.lastIndexOf("/"); at > 0; at = to.pointer.lastIndexOf("/", at - 1)) file.containers.add(to.pointer.slice(0, at));
  }
  const events = new Set(ir.events.map((e) => `${e.location.file}:${e.location.line}:${e.location.column}`));
  const out: Diagnostic[] = [];
  for (const file of catalog.documents) {
    const components = catalog.get({ file, pointer: "/components" });
    if (!isObject(components)) continue;
    const reached = targets.get(file) ?? { nodes: new Set<string>(), containers: new Set<string>() };
    const securityNames = securityRequirementNames(catalog, file);
    for (const [section, entries] of Object.entries(components)) {
      if (section.startsWith("x-") || !isObject(entries)) continue;
      for (const name of Object.keys(entries)) {
        if (name.startsWith("x-")) continue;
        const node: NodeRef = { file, pointer: appendPointer("/components", section, name) };
        const at = catalog.locate(node);
        const used =
          reached.nodes.has(node.pointer) ||
          reached.containers.has(node.pointer) ||
          reached.nodes.has("") ||
          reached.nodes.has("/components") ||
          reached.nodes.has(appendPointer("/components", section)) ||
          events.has(`${at.file}:${at.line}:${at.column}`) ||
          (section === "securitySchemes" && securityNames.has(name));
        if (!used) out.push(diagnostic(at, "warning", "component-unused", `${dottedPath(node.pointer)} is never referenced`));
      }
    }
  }
  return out;
}

/**
 * The `$ref` targets of one file: a component is used when one is the component, inside it (the
 * component is one of their `containers`) or contains it (`#/components/schemas`, the file).
 */
interface RefTargets {
  nodes: Set<string>;
  containers: Set<string>;
}

/** Keys of 2.x security requirement objects (`security: [{ petstoreAuth: [] }]`) anywhere in the document. */
function securityRequirementNames(catalog: LoadedCatalog, file: string): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!isObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === "security" && Array.isArray(child)) {
        for (const requirement of child) if (isObject(requirement)) Object.keys(requirement).forEach((n) => names.add(n));
      }
      visit(child);
    }
  };
  const root = catalog.get({ file, pointer: "" });
  if (isObject(root) && String(root["asyncapi"]).startsWith("2.")) visit(root);
  return names;
}
