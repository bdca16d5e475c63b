/**
 * The Mermaid flowchart of one event: producers -> event -> consumers. Labels are quoted and
 * entity-encoded (`#quot;`, `#lt;`…), so no name can end a label or inject markup.
 */
import type { EventDoc } from "./docs-model.js";

export function eventMermaid(doc: EventDoc): string {
  const ids = new Map<string, string>();
  const node = (service: string) => ids.get(service) ?? ids.set(service, `s${ids.size}`).get(service)!;
  const lines = ["flowchart LR", `  event(["${label(doc.event.name)}"])`];
  for (const { service } of [...doc.producers, ...doc.consumers]) {
    if (!ids.has(service)) lines.push(`  ${node(service)}["${label(service)}"]`);
  }
  for (const { service } of doc.producers) lines.push(`  ${node(service)} -->|publishes| event`);
  for (const { service } of doc.consumers) lines.push(`  event -->|consumed by| ${node(service)}`);
  if (doc.producers.length === 0 && doc.consumers.length === 0) lines.push(`  none["no producer or consumer in the catalog"]`);
  return lines.join("\n");
}

function label(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, " ").replace(/[#"<>`&]/g, (c) => `#${c.charCodeAt(0)};`);
}
