/**
 * A service as a user sets it up: eventsmith installed (linked into node_modules, resolved
 * through its package exports and dist/), the SDK generated into the service's src/, compiled
 * by plain `tsc --outDir` under strict settings, and run by plain `node`. Proves that generated
 * code reaches the runtime by package name only and that nothing it needs is left behind.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import type { CliIO } from "../../generator/cli/io.js";
import { main } from "../../generator/cli/main.js";

const ROOT = resolve(import.meta.dirname, "../..");

const SERVICE = `import { createEventBus, type OrderPlaced } from "./events/index.js";

const bus = createEventBus({ source: "checkout" });
await bus.subscribe("order.*", (event) => {
  const order: OrderPlaced = event.data;
  console.log(\`fulfilment got \${event.type} \${order.orderId}\`);
});
await bus.publish("order.placed", { orderId: "ord-1", placedAt: "2026-01-27T10:00:00Z" });
try {
  await bus.publish("order.placed", { orderId: "", placedAt: "yesterday" });
} catch (error) {
  console.log(\`rejected: \${(error as Error).name}\`);
}
await bus.close();
`;

describe("a user's project", () => {
  it("generates into src/, compiles with tsc --outDir, runs with node", async () => {
    expect(existsSync(join(ROOT, "dist/runtime/index.js")), "dist/ is missing: run npm run build").toBe(true);
    const dir = mkdtempSync(join(ROOT, "test/.output/user-project-"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "checkout", type: "module", private: true }));
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(ROOT, join(dir, "node_modules/eventsmith"), "dir");
    const io: CliIO = { cwd: dir, isTTY: false, exitCode: 0, stdout: () => undefined, stderr: () => undefined };
    expect(await main(["node", "eventsmith", "new", "catalog"], io)).toBe(0);
    expect(await main(["node", "eventsmith", "codegen", "catalog", "--out", "src/events"], io)).toBe(0);
    writeFileSync(join(dir, "src/main.ts"), SERVICE);

    // the user's own strict tsc, emitting to dist/ (no custom conditions: the package's own exports)
    const program = ts.createProgram([join(dir, "src/main.ts")], {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      exactOptionalPropertyTypes: true,
      noUnusedLocals: true,
      skipLibCheck: false,
      types: [],
      rootDir: join(dir, "src"),
      outDir: join(dir, "dist"),
    });
    const emitted = program.emit();
    const problems = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(problems).toEqual([]);

    const out = execFileSync(process.execPath, [join(dir, "dist/main.js")], { cwd: dir, encoding: "utf8" });
    expect(out).toBe("fulfilment got order.placed ord-1\nrejected: PublishValidationError\n");
  }, 60_000);
});
