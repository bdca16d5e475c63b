/**
 * A catalog whose documents declare no message still compiles (to an SDK with no events), but
 * that is rarely what its author meant: a warning at each document's `channels` (or its top).
 */
import { diagnostic, type Diagnostic } from "../../diagnostics.js";
import type { RuleContext } from "./rule.js";

export function catalogNoEvents({ catalog, ir, upstreamErrors }: RuleContext): Diagnostic[] {
  if (ir.events.length > 0 || upstreamErrors) return [];
  return catalog.documents.map((file) => {
    const at = catalog.locate({ file, pointer: catalog.get({ file, pointer: "/channels" }) === undefined ? "" : "/channels" });
    return diagnostic(at, "warning", "catalog-no-events", `${file} declares no message: the SDK generated from it has no events`);
  });
}
