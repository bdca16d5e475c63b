/**
 * Who a breaking finding breaks: the services that produce or consume the event (from
 * operations and `x-service`, in either catalog). A backward break (old data the new schema
 * rejects) breaks consumers that upgrade before their producers; a forward break (new data
 * the old schema rejects) breaks the consumers of a producer that upgrades first, so the
 * producer is named. A change to the catalog around the event (removal, channel, content type,
 * operation direction) breaks both.
 */
import type { EventIR } from "../../ir/types.js";
import { isSchemaPointer, type CompatFinding, type CompatRule, type ServiceImpact } from "../rules.js";

export function serviceImpact(finding: CompatFinding, before: EventIR | undefined, after: EventIR | undefined): ServiceImpact[] {
  if (finding.severity !== "error") return [];
  const union = (pick: (e: EventIR) => string[]) => [...new Set([...(before ? pick(before) : []), ...(after ? pick(after) : [])])].sort();
  const consumers = union((e) => e.consumers).map((service): ServiceImpact => ({ service, role: "consumer", how: consumerHow(finding) }));
  const producers = union((e) => e.producers).map((service): ServiceImpact => ({ service, role: "producer", how: producerHow(finding) }));
  if (!isSchemaPointer(finding.pointer)) return [...producers, ...consumers];
  return finding.direction === "backward" ? consumers : producers;
}

function consumerHow(finding: CompatFinding): string {
  if (!isSchemaPointer(finding.pointer)) return catalogHow(finding.rule, "consumer");
  return "on the new schema it rejects events that producers still on the base schema send";
}

function producerHow(finding: CompatFinding): string {
  if (!isSchemaPointer(finding.pointer)) return catalogHow(finding.rule, "producer");
  return "on the new schema it sends events that consumers still on the base schema reject";
}

function catalogHow(rule: CompatRule, role: "producer" | "consumer"): string {
  const side = role === "consumer" ? "receives" : "sends";
  switch (rule) {
    case "event-removed":
    case "event-renamed":
      return role === "consumer" ? "no longer receives the event under its old name" : "sends an event the catalog no longer has";
    case "content-type-changed":
      return `${side} a body encoded differently from what the other side expects`;
    case "operation-direction-changed":
      return "its operation changed direction: it no longer sends or receives the event as before";
    default:
      return role === "consumer" ? "listens where the event is no longer published" : "publishes where its consumers no longer listen";
  }
}
