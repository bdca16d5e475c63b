/** `eventsmith new`: a scaffolded catalog compiles; an added event keeps the YAML's comments and compiles. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIO } from "../../generator/cli/io.js";
import { main } from "../../generator/cli/main.js";
import { outputDir } from "../support/output-dir.js";

function workspace() {
  const dir = outputDir("new");
  const io = { cwd: dir, isTTY: false, exitCode: 0, out: "", err: "", stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return { dir, io };
}
const run = (io: CliIO, ...args: string[]) => main(["node", "eventsmith", ...args], io);

describe("eventsmith new", () => {
  it("scaffolds a catalog that validates and compiles, and refuses a non-empty directory", async () => {
    const { io } = workspace();
    expect(await run(io, "new", "catalog")).toBe(0);
    expect(await run(io, "validate")).toBe(0);
    expect(io.out).toContain("catalog: no problems");
    expect(await run(io, "codegen")).toBe(0);
    expect(await run(io, "new", "catalog")).toBe(2);
    expect(io.err).toContain("exists and is not empty");
  });

  it("adds an event next to its domain, keeping comments, and the catalog still compiles", async () => {
    const { dir, io } = workspace();
    expect(await run(io, "new", "catalog")).toBe(0);
    const file = join(dir, "catalog/catalog.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("channels:", "# our channels\nchannels:"));
    expect(await run(io, "new", "event", "order.shipped", "--service", "Warehouse")).toBe(0);
    const text = readFileSync(file, "utf8");
    expect(text).toContain("# our channels");
    expect(text).toContain("address: order.shipped");
    expect(text).toContain("x-service: Warehouse");
    expect(await run(io, "codegen")).toBe(0);
    expect(readFileSync(join(dir, "generated/types.ts"), "utf8")).toContain("export interface OrderShipped");
    expect(await run(io, "new", "event", "order.shipped")).toBe(1);
    expect(io.err).toContain("order.shipped already exists");
  });

  it("keeps nothing when the new event would break the catalog", async () => {
    const { dir, io } = workspace();
    expect(await run(io, "new", "catalog")).toBe(0);
    const before = readFileSync(join(dir, "catalog/catalog.yaml"), "utf8");
    expect(await run(io, "new", "event", "Order Shipped!")).toBe(1);
    expect(io.err).toContain("nothing was changed");
    expect(readFileSync(join(dir, "catalog/catalog.yaml"), "utf8")).toBe(before);
  });
});
