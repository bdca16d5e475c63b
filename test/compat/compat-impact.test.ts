/**
 * Who breaks: each breaking finding names the services that produce or consume the event and
 * how they break (a consumer on a backward break, a producer on a forward break, both when the
 * catalog around the event changed).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PAYLOAD, runCompatCli, writeAsyncApi, type CatalogSpec } from "./cli-harness.js";

const dir = mkdtempSync(join(tmpdir(), "eventsmith-compat-impact-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const consumers = ["billing", "segments"];
const consumer = (service: string) => ({ service, role: "consumer", how: "on the new schema it rejects events that producers still on the base schema send" });
const producer = { service: "Contacts", role: "producer", how: "on the new schema it sends events that consumers still on the base schema reject" };

describe("compat: the services a breaking change breaks", () => {
  it.each<{ name: string; now: CatalogSpec; want: Array<{ rule: string; direction: string; services: unknown[] }> }>([
    {
      name: "backward (a field became required): the consumers",
      now: { payload: PAYLOAD.replace("required: [id]", "required: [id, email]"), consumers },
      want: [{ rule: "property-required", direction: "backward", services: consumers.map(consumer) }],
    },
    {
      name: "forward (a type widened): the producer",
      now: { payload: PAYLOAD.replace("email: { type: string }", "email: { type: [string, number] }"), consumers },
      want: [{ rule: "type-changed", direction: "forward", services: [producer] }],
    },
    {
      name: "the catalog around the event (content type): producers and consumers",
      now: { contentType: "application/avro", consumers },
      want: [
        {
          rule: "content-type-changed",
          direction: "backward",
          services: [
            { service: "Contacts", role: "producer", how: "sends a body encoded differently from what the other side expects" },
            ...consumers.map((service) => ({ service, role: "consumer", how: "receives a body encoded differently from what the other side expects" })),
          ],
        },
      ],
    },
  ])("$name", async ({ name, now, want }) => {
    const slug = name.replace(/\W+/g, "-").slice(0, 30);
    writeAsyncApi(join(dir, slug, "old"), { consumers });
    writeAsyncApi(join(dir, slug, "new"), now);
    const run = await runCompatCli(join(dir, slug), ["new", "--base", "old", "--format", "json"]);
    const findings = (JSON.parse(run.stdout) as { findings: Array<{ rule: string; direction: string; services?: unknown[] }> }).findings;
    expect(findings.map((f) => ({ rule: f.rule, direction: f.direction, services: f.services }))).toEqual(want);
  });

  it("says it in text too, beside the finding", async () => {
    writeAsyncApi(join(dir, "text", "old"), { consumers: ["billing"] });
    writeAsyncApi(join(dir, "text", "new"), { payload: PAYLOAD.replace("required: [id]", "required: [id, email]"), consumers: ["billing"] });
    const run = await runCompatCli(join(dir, "text"), ["new", "--base", "old"]);
    expect(run.stdout).toContain("\n                   breaks: consumer billing (on the new schema it rejects events that producers still on the base schema send)\n");
  });
});
