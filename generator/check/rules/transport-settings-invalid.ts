/**
 * `x-eventsmith.nats` / `.redis` settings the transport would refuse at run time are errors at
 * `validate`, at the setting: the transports' own parsers (through their public address
 * contract) decide, so the check accepts exactly what the runtime accepts.
 */
import { catalogSlug, transportSettingsProblem, type TransportName } from "../../../runtime/transports/addresses.js";
import { diagnostic, type Diagnostic } from "../../diagnostics.js";
import { appendPointer, isObject } from "../../load/json-pointer.js";
import type { RuleContext } from "./rule.js";

const TRANSPORTS: readonly TransportName[] = ["nats", "redis"];

export function transportSettingsInvalid({ catalog, ir }: RuleContext): Diagnostic[] {
  const name = catalogSlug(ir.title);
  return catalog.documents.flatMap((file) =>
    TRANSPORTS.flatMap((transport) => {
      const pointer = `/info/x-eventsmith/${transport}`;
      const settings = catalog.get({ file, pointer });
      // not a mapping: the settings reader reports it
      const problem = isObject(settings) ? transportSettingsProblem(transport, name, settings) : undefined;
      if (!problem) return [];
      const at = catalog.locate({ file, pointer: appendPointer(pointer, ...problem.path.map(String)) });
      const setting = [transport, ...problem.path].map((key) => (typeof key === "number" ? `[${key}]` : `.${key}`)).join("");
      return [diagnostic(at, "error", "config-invalid", `x-eventsmith${setting}: ${problem.message}`)];
    }),
  );
}
