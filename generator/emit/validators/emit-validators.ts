/**
 * `validators/`: per event an ajv standalone module (`<event>.ts`, compiled at generation time;
 * the runtime never compiles a schema), per named schema events share a module of its own
 * (`shared/<name>.ts`) that theirs import, and `index.ts`, which types each one as a guard over the
 * generated payload types. The modules are TypeScript so they travel with the SDK through any
 * build (plain `tsc --outDir` copies no .js); ajv's code in them is marked `@ts-nocheck`, and
 * the typed surface users import lives in `index.ts`, which is fully checked.
 */
import { StructureKind, VariableDeclarationKind, type StatementStructures } from "ts-morph";
import type { CatalogIR } from "../../ir/types.js";
import { header, type GeneratedFile } from "../generated-file.js";
import type { Names } from "../naming.js";
import type { EmitMemo } from "../emit-memo.js";
import { printStatements } from "../ts-printer.js";
import { compileValidator, LiveDefinitions, type CompiledModule } from "./compile-validator.js";
import { memoryValidatorCache, type ValidatorCache } from "./validator-cache.js";
import { allValidatorJobs, callLocal, type ValidatorJob } from "./validator-jobs.js";

/** Says why ajv's module is not type-checked, and where its types are. */
const NOCHECK = "// @ts-nocheck: ajv standalone code, compiled at generation time; typed in validators/index.ts\n";

export interface ValidatorEmitOptions {
  /** Compiled modules by schema hash; only misses are compiled (and added to it). */
  cache?: ValidatorCache;
  /** Printed declarations kept between builds (a `--watch` session). */
  memo?: EmitMemo;
}

export function emitValidators(ir: CatalogIR, names: Names, options: ValidatorEmitOptions = {}): GeneratedFile[] {
  const cache = options.cache ?? memoryValidatorCache();
  const files: GeneratedFile[] = [];
  const imports: StatementStructures[] = [];
  const guards: StatementStructures[] = [];
  const types: string[] = [];
  /** Everything the index prints, as data: its memo key. */
  const printed: unknown[] = [];
  const events = new Map(ir.events.map((event) => [event.name, event]));
  const { events: jobs, shared } = allValidatorJobs(ir);
  const definitions = new LiveDefinitions(shared);
  const compiled = (job: ValidatorJob): CompiledModule => {
    let module = cache.get(job.hash);
    if (!module) {
      module = compileValidator(job, definitions);
      cache.set(job.hash, module);
    }
    return module;
  };
  for (const job of shared) files.push({ path: `validators/shared/${job.file}.ts`, contents: moduleText(compiled(job), ".") });
  for (const job of jobs) {
    const file = names.eventFile(job.event);
    files.push({ path: `validators/${file}.ts`, contents: moduleText(compiled(job), "./shared") });

    const event = events.get(job.event)!;
    const payloadType = names.eventType(event.name);
    // from the unique file name: never a PascalCase type, nor a camelCase guard
    const local = `ajv_${file.replace(/-/g, "_")}`;
    const parts = [{ exported: "validate", local, name: validatorName(names, event.name), type: payloadType, what: "payload" }];
    if (event.headers) {
      const headersType = names.headersType(event.name);
      parts.push({ exported: "validateHeaders", local: `${local}_headers`, name: headersValidatorName(names, event.name), type: headersType, what: "headers" });
    }
    printed.push([file, event.name, parts]);
    imports.push({
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: `./${file}.js`,
      namedImports: parts.map((part) => ({ name: part.exported, alias: part.local })),
    });
    for (const part of parts) {
      types.push(part.type);
      guards.push({
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: [`Type guard for the ${part.what} of \`${event.name.replace(/\*\//g, "*\\/")}\`; after \`false\`, \`.errors\` lists every violation.`],
        declarations: [{ name: part.name, initializer: `${part.local} as Validator<types.${part.type}>` }],
      });
    }
  }
  const index: StatementStructures[] = [
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: "eventsmith/runtime", namedImports: guards.length > 0 ? ["Validator"] : [] },
    // a namespace, not one import line naming every payload type
    ...(types.length > 0 ? [{ kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: "../types.js", namespaceImport: "types" } as const] : []),
    ...imports,
    ...guards,
  ];
  const print = () => printStatements(index);
  files.push({ path: "validators/index.ts", contents: header("ts") + (options.memo?.remember(JSON.stringify(["validators-index", printed]), print) ?? print()) });
  return files;
}

/** A compiled module as a file: its imports (the runtime's helpers, the shared definitions it calls from `sharedDir`), then ajv's code. */
function moduleText(module: CompiledModule, sharedDir: string): string {
  const runtime = module.imports.length ? `import { ${module.imports.join(", ")} } from "eventsmith/runtime";\n` : "";
  const calls = module.shared.map((file) => `import { validate as ${callLocal(file)} } from "${sharedDir}/${file}.js";\n`).join("");
  return header("ts") + NOCHECK + runtime + calls + module.body;
}

export function validatorName(names: Names, event: string): string {
  return `validate${names.eventType(event)}`;
}

export function headersValidatorName(names: Names, event: string): string {
  return `validate${names.headersType(event)}`;
}
