/**
 * Fault (b): a consumer process is killed with SIGKILL in the middle of its handlers; another
 * member of its group claims the pending events after the ack timeout and processes them.
 * Every acknowledged publish reaches the surviving handler exactly once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { contact, until, useHarness } from "../transports/redis/harness.js";

const CHILD = fileURLToPath(new URL("./redis-consumer-child.ts", import.meta.url));
const EVENTS = 20;

const h = useHarness();

test("a SIGKILLed consumer's in-flight events are claimed and processed by another member", async () => {
  const { bus, namespace, transport } = h.bus();
  const child = spawn(process.execPath, ["--conditions=eventsmith-source", "--import", "tsx", CHILD, h.server.url, namespace], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines = collectLines(child);
  try {
    await until("the child to subscribe", () => lines.includes("ready"), 20_000);
    const published = await bus.publishMany(
      Array.from({ length: EVENTS }, (_, n) => ({ name: "contact.created" as const, data: contact(n) })),
    );
    await until("the child to hold 5 events", () => lines.filter((line) => line.startsWith("got ")).length === 5);
    const inChild = lines.filter((line) => line.startsWith("got ")).map((line) => line.slice(4));
    await kill(child);

    const attempts = new Map<string, number[]>();
    await bus.subscribe("contact.created", (event) => void attempts.set(event.id, [...(attempts.get(event.id) ?? []), event.attempt]), {
      group: "workers",
      ackTimeoutMs: 1000,
    });
    await until("every event", () => attempts.size === EVENTS, 15_000);
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect([...attempts.keys()].sort()).toEqual(published.map((event) => event.id).sort());
    expect([...attempts.values()].filter((list) => list.length > 1)).toEqual([]);
    // The five the child died holding came back as second deliveries, claimed from the dead consumer.
    expect(inChild.map((id) => attempts.get(id))).toEqual(inChild.map(() => [2]));
    expect(transport.metrics().redelivered).toBe(5);
  } finally {
    await kill(child);
  }
}, 60_000);

function collectLines(child: ChildProcess): string[] {
  const lines: string[] = [];
  let rest = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split("\n");
    rest = parts.pop()!;
    lines.push(...parts);
  });
  let errors = "";
  child.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  child.once("exit", (code, signal) => {
    if (code !== 0 && signal !== "SIGKILL") lines.push(`exited ${code}: ${errors}`);
  });
  return lines;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}
