/**
 * Events, channels and operations should say what they are for: the docs site and the JSDoc
 * of the generated SDK are built from these descriptions. A `summary` (a `title` for a
 * channel) counts; an empty string does not.
 */
import { diagnostic, type Diagnostic } from "../../diagnostics.js";
import type { RuleContext } from "./rule.js";

export function descriptionMissing({ ir }: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const missing = (...texts: Array<string | undefined>) => !texts.some((text) => text !== undefined && text.trim() !== "");
  for (const event of ir.events) {
    if (missing(event.description, event.summary)) out.push(diagnostic(event.location, "warning", "description-missing", `event \`${event.name}\` has no description or summary`));
  }
  for (const channel of ir.channels) {
    if (missing(channel.description, channel.title)) out.push(diagnostic(channel.location, "warning", "description-missing", `channel \`${channel.name}\` has no description`));
  }
  for (const operation of ir.operations) {
    if (missing(operation.description, operation.summary)) out.push(diagnostic(operation.location, "warning", "description-missing", `operation \`${operation.id}\` has no description or summary`));
  }
  return out;
}
