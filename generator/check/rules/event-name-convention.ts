/**
 * Event names follow `x-eventsmith.naming`: they match its pattern and, unless `pastTense` is
 * off, end in a past participle (an event reports something that happened). Names listed in
 * `allow` are exempt. A warning by default: official AsyncAPI examples use names such as
 * `lightMeasured`; a catalog makes it an error with `x-eventsmith.rules`.
 */
import { diagnostic, type Diagnostic } from "../../diagnostics.js";
import { nameLocation } from "../../ir/name-location.js";
import { NodeIndex } from "../node-index.js";
import { isPastTense, lastWord } from "./past-tense.js";
import type { RuleContext } from "./rule.js";

export function eventNameConvention({ catalog, ir }: RuleContext): Diagnostic[] {
  const index = new NodeIndex(catalog);
  const { pattern, pastTense, allow } = ir.settings.naming;
  const regex = new RegExp(pattern, "u");
  const out: Diagnostic[] = [];
  for (const event of ir.events) {
    if (allow.includes(event.name)) continue;
    const problems: string[] = [];
    if (!regex.test(event.name)) problems.push(`does not match the naming pattern /${pattern}/`);
    const word = lastWord(event.name);
    if (pastTense && !isPastTense(word)) {
      problems.push(`should end in a past-tense verb (\`created\`, \`sent\`...), not \`${word}\``);
    }
    if (problems.length > 0) {
      const message = `event name \`${event.name}\` ${problems.join(" and ")} (exempt it with x-eventsmith.naming.allow)`;
      const node = index.nodeAt(event.location);
      out.push(diagnostic(node ? nameLocation(catalog, node) : event.location, "warning", "event-name-convention", message));
    }
  }
  return out;
}
