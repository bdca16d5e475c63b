/**
 * `eventsmith init`: adopts eventsmith in an existing npm project. It creates a starter catalog,
 * adds `codegen`, `codegen:check` and `compat` scripts, and says what it changed and what to run
 * next. The generated SDK is ESM that imports `eventsmith/runtime` through package exports, so a
 * project that could not load it (CommonJS, or a tsconfig that cannot resolve exports) is refused
 * before anything is written, with the exact setting to change.
 */
import { Command } from "commander";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { EXIT, type CliIO } from "./io.js";
import { writeStarterCatalog } from "./starter-catalog.js";

interface InitOptions {
  /** Catalog directory, relative to the project: created with one event unless it has files. */
  catalog: string;
  /** Where the scripts' `codegen` writes the SDK. */
  out: string;
  /** `info.title` of a new catalog. */
  title: string;
}

interface PackageJson {
  type?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export function initCommand(io: CliIO): Command {
  return new Command("init")
    .description("add eventsmith to this npm project: a starter catalog and codegen, codegen:check and compat scripts")
    .option("--catalog <dir>", "catalog directory to create", "catalog")
    .option("--out <dir>", "where codegen writes the SDK", "generated")
    .option("--title <title>", "catalog title", "Event catalog")
    .action(async (options: InitOptions) => {
      io.exitCode = await init(io, options);
    });
}

async function init(io: CliIO, options: InitOptions): Promise<number> {
  const fail = (message: string) => (io.stderr(`eventsmith init: ${message}\n`), EXIT.usage);
  const manifestPath = join(io.cwd, "package.json");
  if (!existsSync(manifestPath)) return fail(`no package.json in ${io.cwd}; run \`npm init -y\` and \`npm pkg set type=module\` first`);
  const text = readFileSync(manifestPath, "utf8");
  let manifest: PackageJson;
  try {
    manifest = JSON.parse(text) as PackageJson;
  } catch (error) {
    return fail(`package.json is not valid JSON: ${(error as Error).message}`);
  }
  const refusal = await esmRefusal(io.cwd, manifest);
  if (refusal) return fail(refusal);

  const changes: string[] = [];
  const catalogRoot = resolve(io.cwd, options.catalog);
  if (existsSync(catalogRoot) && readdirSync(catalogRoot).length > 0) {
    changes.push(`kept ${options.catalog}/: it exists and is not empty`);
  } else {
    const files = writeStarterCatalog(catalogRoot, options.title);
    changes.push(`created ${files.map((file) => relative(io.cwd, file)).join(" and ")}: one event, order.placed`);
  }

  const wanted = {
    codegen: `eventsmith codegen ${options.catalog} --out ${options.out}`,
    "codegen:check": `eventsmith codegen ${options.catalog} --out ${options.out} --check`,
    compat: `eventsmith compat ${options.catalog} --base origin/main`,
  };
  const scripts = { ...manifest.scripts };
  const added: string[] = [];
  for (const [name, command] of Object.entries(wanted)) {
    if (scripts[name] === undefined) {
      scripts[name] = command;
      added.push(name);
    } else if (scripts[name] !== command) {
      changes.push(`kept your "${name}" script (${scripts[name]}); eventsmith's would be: ${command}`);
    }
  }
  if (added.length > 0) {
    writeFileSync(manifestPath, stringifyLike(text, { ...manifest, scripts }));
    changes.push(`added to package.json scripts: ${added.join(", ")}`);
  }

  const next = [`npm run codegen          # writes ${options.out}/ from ${options.catalog}/ (commit both)`];
  // generated code imports eventsmith/runtime when the service runs, so not a devDependency
  if (manifest.devDependencies?.["eventsmith"] && !manifest.dependencies?.["eventsmith"]) {
    next.unshift("move eventsmith from devDependencies to dependencies: the generated SDK imports eventsmith/runtime at run time");
  } else if (!manifest.dependencies?.["eventsmith"]) {
    next.unshift("npm install eventsmith   # the generated SDK imports eventsmith/runtime at run time");
  }
  next.push(`import { createEventBus } from "./${options.out}/index.js"   # in your service`);
  next.push("npm run codegen:check && npm run compat   # in CI");
  io.stdout(`eventsmith init:\n${changes.map((line) => `  ${line}\n`).join("")}next:\n${next.map((line) => `  ${line}\n`).join("")}`);
  return EXIT.ok;
}

/** Why this project could not import the generated ESM SDK, as the setting to change; undefined when it can. */
async function esmRefusal(cwd: string, manifest: PackageJson): Promise<string | undefined> {
  if (manifest.type !== "module") {
    return 'this is a CommonJS project: the generated SDK is ES modules, so set "type": "module" in package.json (`npm pkg set type=module`) and run `eventsmith init` again';
  }
  const tsconfig = join(cwd, "tsconfig.json");
  if (!existsSync(tsconfig)) return undefined;
  // TypeScript loads only here (~250 ms): every other command, `docs` included, starts without it
  const { ts } = await import("ts-morph");
  const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
  if (read.error) return `tsconfig.json: ${ts.flattenDiagnosticMessageText(read.error.messageText, "\n")}`;
  const { options } = ts.parseJsonConfigFileContent(read.config, ts.sys, cwd);
  const { ModuleKind: M, ModuleResolutionKind: R } = ts;
  const module = options.module;
  const resolution = options.moduleResolution ?? (module === M.Node16 || module === M.NodeNext ? R.NodeNext : module === M.Preserve ? R.Bundler : R.Node10);
  const emitsCommonJs = module === undefined || module === M.CommonJS || module === M.AMD || module === M.UMD || module === M.System || module === M.None;
  if (emitsCommonJs || (resolution !== R.Node16 && resolution !== R.NodeNext && resolution !== R.Bundler)) {
    return 'tsconfig.json cannot load the generated SDK (ES modules importing "eventsmith/runtime" through package exports): set "module": "nodenext" (Node) or "module": "esnext" with "moduleResolution": "bundler" (a bundler), and run `eventsmith init` again';
  }
  return undefined;
}

/** JSON in the indentation the file already uses, ending with a newline as npm writes it. */
function stringifyLike(original: string, value: unknown): string {
  const indent = /^[ \t]+(?=")/m.exec(original)?.[0] ?? "  ";
  return `${JSON.stringify(value, null, indent)}\n`;
}
