/**
 * Loads a catalog: a single AsyncAPI file, or a directory of files joined by relative
 * `$ref`s. Every `$ref` is resolved here, once, so later stages can follow references
 * without re-reporting: unresolved targets, refs leaving the root, URLs and ref-only cycles
 * all become diagnostics at the `$ref` that caused them.
 */
import { readFile, readdir, realpath, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { isGeneratedFile } from "../generated-mark.js";
import { diagnostic, sortDiagnostics, type Diagnostic } from "../diagnostics.js";
import { catalogFileFindings } from "./catalog-files.js";
import { childKeysAreNames, isDataKey } from "./data-keys.js";
import { bareValueContent, unreadableContent } from "./file-content.js";
import { appendPointer, isObject, unescapeSegment, valueAt } from "./json-pointer.js";
import { isInside, parseRef, toCatalogPath, type ParsedRef } from "./ref-syntax.js";
import { isJsonSchemaFormat } from "./schema-format.js";
import type { LoadedCatalog, LoadOptions, NodeRef } from "./types.js";
import { parseYamlSource, sha256, type SourceFile } from "./yaml-source.js";

const CATALOG_FILE = /\.(ya?ml|json)$/i;

export async function loadCatalog(inputPath: string, options: LoadOptions = {}): Promise<LoadedCatalog> {
  const input = resolve(inputPath);
  const info = await stat(input).catch(() => undefined);
  if (!info) {
    // a finding, not a tool failure: the path the user gave names nothing
    const missing = new Loader(dirname(input), options).result([]);
    const at = { file: basename(input), line: 1, column: 1 };
    const message = `${basename(input)}: no such file or directory; give the catalog directory or an AsyncAPI file`;
    return { ...missing, diagnostics: [diagnostic(at, "error", "catalog-missing", message)] };
  }
  const root = info.isDirectory() ? input : dirname(input);
  const entries = info.isDirectory() ? await listCatalogFiles(root) : [input];
  const loader = new Loader(root, options);
  await Promise.all(entries.map((file) => loader.loadEntry(file))); // reads overlap; `result` orders everything
  await loader.drain();
  const paths = entries.map((file) => toCatalogPath(root, file));
  const catalog = loader.result(paths);
  const findings = catalogFileFindings(catalog, paths, basename(input), info.isDirectory());
  return findings.length === 0 ? catalog : { ...catalog, diagnostics: sortDiagnostics([...catalog.diagnostics, ...findings]) };
}

/** YAML/JSON files below `dir`, except generated ones (an SDK written inside the catalog is output, not input). */
async function listCatalogFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await listCatalogFiles(path)));
    else if (entry.isFile() && CATALOG_FILE.test(entry.name) && !(await isGeneratedFile(path))) found.push(path);
  }
  return found.sort();
}


interface LoadOutcome {
  path: string;
  /** Why the file could not be read. */
  problem?: string;
}

class Loader {
  private readonly files = new Map<string, SourceFile>();
  /** Source path -> absolute path (or URL) it was read from, to resolve relative refs. */
  private readonly origins = new Map<string, string>();
  private readonly loads = new Map<string, Promise<LoadOutcome>>();
  private readonly pending: Promise<void>[] = [];
  /** `file#pointer` of each `$ref` node -> its direct target (undefined: unresolvable). */
  private readonly refs = new Map<string, NodeRef | undefined>();
  /** The same keys -> the `$ref` node itself (a file name or a pointer may contain `#`). */
  private readonly refNodes = new Map<string, NodeRef>();
  private readonly diagnostics: Diagnostic[] = [];
  private readonly allowedRoots: string[];
  private realRoots: Promise<string[]> | undefined;
  private readonly readable = new Map<string, Promise<boolean>>();
  /** The settled verdicts of `readable` and outcomes of `loads`. */
  private readonly readableNow = new Map<string, boolean>();
  private readonly loaded = new Map<string, LoadOutcome>();
  private readonly parsedRefs = new Map<string, ParsedRef>();
  private readonly readText: (path: string) => Promise<string>;
  private readonly fetchText: (url: string) => Promise<string>;

  constructor(
    private readonly root: string,
    private readonly options: LoadOptions,
  ) {
    this.allowedRoots = (options.allowedRoots ?? []).map((dir) => resolve(dir));
    this.readText = options.readFile ?? ((path) => readFile(path, "utf8"));
    this.fetchText = options.fetchText ?? fetchWithTimeout;
  }

  /** A file of the catalog itself: one it cannot read is a `file-read` error of its own. */
  async loadEntry(origin: string): Promise<void> {
    const { path, problem } = await this.load(origin);
    if (problem) this.diagnostics.push(diagnostic({ file: path, line: 1, column: 1 }, "error", "file-read", `cannot read ${path}: ${problem}`));
  }

  /** Reads, parses and scans a file once; resolves to its source path and, if unreadable, why. */
  load(origin: string): Promise<LoadOutcome> {
    const path = /^[a-z][a-z0-9+.-]*:/i.test(origin) ? origin : toCatalogPath(this.root, origin);
    let loading = this.loads.get(path);
    if (!loading) {
      this.origins.set(path, origin);
      loading = this.read(path, origin);
      this.loads.set(path, loading);
      void loading.then((outcome) => this.loaded.set(path, outcome));
    }
    return loading;
  }

  private async read(path: string, origin: string): Promise<LoadOutcome> {
    let text: string;
    try {
      text = path === origin ? await this.fetchText(origin) : await this.readText(origin);
    } catch (error) {
      return { path, problem: reason(error) }; // reported by whoever wanted the file
    }
    const hash = sha256(text);
    const kept = this.options.parsed?.get(path);
    const source = kept?.hash === hash ? kept : parseSource(path, text, hash);
    this.files.set(path, source);
    this.diagnostics.push(...source.diagnostics);
    for (const { pointer, ref } of refsIn(source)) this.pending.push(this.resolveRef(source, pointer, ref));
    return { path };
  }

  async drain(): Promise<void> {
    while (this.pending.length > 0) await Promise.all(this.pending.splice(0));
  }

  private async resolveRef(source: SourceFile, pointer: string, ref: unknown): Promise<void> {
    const key = `${source.path}#${pointer}`;
    this.refNodes.set(key, { file: source.path, pointer });
    const fail = (code: Diagnostic["code"], message: string) => {
      this.refs.set(key, undefined);
      this.diagnostics.push(diagnostic(source.locate(appendPointer(pointer, "$ref")), "error", code, message));
    };
    if (typeof ref !== "string") return fail("ref-invalid", "$ref must be a string");
    const parsed = this.parseRef(ref, this.origins.get(source.path)!);
    // awaits only what is not settled yet: a catalog has thousands of $refs to a few files
    let outcome: LoadOutcome;
    switch (parsed.kind) {
      case "invalid":
        return fail("ref-invalid", `invalid $ref ${parsed.reason}`);
      case "local":
        outcome = { path: source.path };
        break;
      case "url":
        if (!(this.options.allowedUrls ?? []).some((prefix) => parsed.url.startsWith(prefix))) {
          return fail("ref-remote", `$ref "${ref}" names a URL; remote references are refused unless allowed (allowedUrls)`);
        }
        outcome = this.loaded.get(parsed.url) ?? (await this.load(parsed.url));
        break;
      case "file":
        if (!(this.readableNow.get(parsed.path) ?? (await this.mayRead(parsed.path)))) {
          return fail("ref-outside-root", `$ref "${ref}" leaves the catalog root; directories outside it must be allowed (allowedRoots, --allow-root)`);
        }
        outcome = this.loaded.get(parsed.path) ?? (await this.load(parsed.path));
        break;
    }
    const file = outcome.path;
    if (outcome.problem) return fail("ref-unresolved", `$ref "${ref}": cannot read ${file}: ${outcome.problem}`);
    const target = this.files.get(file)!;
    if (target.data !== undefined && (parsed.pointer === "" ? target.data : valueIn(target, parsed.pointer)) === undefined) {
      return fail("ref-unresolved", `$ref "${ref}": ${parsed.pointer || "/"} does not exist in ${file}`);
    }
    if (target.data === undefined) {
      // the file's own YAML error is the cause: one diagnostic there, not one more per $ref into it
      if (target.diagnostics.length > 0) return void this.refs.set(key, undefined);
      return fail("ref-unresolved", `$ref "${ref}": ${file} could not be parsed`);
    }
    this.refs.set(key, { file, pointer: parsed.pointer });
  }

  /** Inside the root or an allowed directory, also once symlinks are followed (a link may lead anywhere). Once per file. */
  private mayRead(path: string): Promise<boolean> {
    let verdict = this.readable.get(path);
    if (!verdict) {
      const roots = [this.root, ...this.allowedRoots];
      const inside = (file: string, dirs: string[]) => dirs.some((dir) => isInside(dir, file));
      this.realRoots ??= Promise.all(roots.map((dir) => realpath(dir).catch(() => dir)));
      verdict = inside(path, roots)
        ? Promise.all([realpath(path).catch(() => path), this.realRoots]).then(([real, realRoots]) => inside(real, realRoots))
        : Promise.resolve(false);
      this.readable.set(path, verdict);
      void verdict.then((readable) => this.readableNow.set(path, readable));
    }
    return verdict;
  }

  /** Once per distinct `$ref` text and file. */
  private parseRef(ref: string, fromFile: string): ParsedRef {
    const key = `${fromFile}\0${ref}`;
    let parsed = this.parsedRefs.get(key);
    if (!parsed) this.parsedRefs.set(key, (parsed = parseRef(ref, fromFile)));
    return parsed;
  }

  result(entries: string[]): LoadedCatalog {
    const { refs, root } = this;
    // the catalog's files in listing order, then those reached outside it, as read (entries load concurrently)
    const files = new Map([...entries.flatMap((path) => (this.files.has(path) ? [[path, this.files.get(path)!] as const] : [])), ...this.files]);
    const parsed = this.options.parsed;
    if (parsed) {
      parsed.clear();
      for (const [path, source] of files) parsed.set(path, source);
    }
    const get = (node: NodeRef) => {
      const source = files.get(node.file);
      return source && node.pointer.startsWith("/") ? valueIn(source, node.pointer) : source?.data;
    };
    const deref = (node: NodeRef): NodeRef | undefined => {
      const seen = new Set<string>();
      let current: NodeRef | undefined = node;
      while (current) {
        const key = `${current.file}#${current.pointer}`;
        if (!refs.has(key)) return current;
        if (seen.has(key)) return undefined; // a cycle, reported by reportCycles
        seen.add(key);
        current = refs.get(key);
      }
      return undefined;
    };
    this.reportCycles();
    const documents = [...files.values()]
      .filter((file) => entries.includes(file.path) && isObject(file.data) && "asyncapi" in file.data)
      .map((file) => file.path)
      .sort();
    const watchedPaths = [...this.origins.entries()]
      .filter(([path, origin]) => path !== origin)
      .map(([, origin]) => origin)
      .sort();
    return {
      root,
      documents,
      files,
      watchedPaths,
      diagnostics: sortDiagnostics(this.diagnostics),
      refs: [...refs.keys()].sort().map((key) => ({ from: this.refNodes.get(key)!, to: refs.get(key) })),
      get,
      locate: (node) => files.get(node.file)?.locate(node.pointer) ?? { file: node.file, line: 1, column: 1 },
      deref,
    };
  }

  /** A chain of `$ref`s that only leads to other `$ref`s never reaches a value: one diagnostic per cycle. */
  private reportCycles(): void {
    const done = new Set<string>();
    for (const start of [...this.refs.keys()].sort()) {
      const path: string[] = [];
      let key: string | undefined = start;
      while (key !== undefined && this.refs.has(key) && !done.has(key) && !path.includes(key)) {
        path.push(key);
        const next: NodeRef | undefined = this.refs.get(key);
        key = next && `${next.file}#${next.pointer}`;
      }
      path.forEach((k) => done.add(k));
      if (key === undefined || !path.includes(key)) continue;
      const cycle = path.slice(path.indexOf(key));
      const first = sortDiagnostics(cycle.map((k) => diagnostic(this.locateRef(k), "error", "ref-cycle", "")))[0]!;
      const chain = [...cycle, key].map((k) => k.replace(/#$/, "")).join(" -> ");
      this.diagnostics.push(diagnostic(first, "error", "ref-cycle", `$ref cycle never reaches a value: ${chain}`));
    }
  }

  private locateRef(key: string) {
    const node = this.refNodes.get(key)!;
    return this.files.get(node.file)!.locate(appendPointer(node.pointer, "$ref"));
  }
}

/** A file's text parsed, unless it is no text at all (empty, binary): then one diagnostic says so, and nothing else. */
function parseSource(path: string, text: string, hash: string): SourceFile {
  const unreadable = unreadableContent(path, text);
  if (unreadable) return { path, text, hash, data: undefined, diagnostics: [unreadable], locate: () => ({ file: path, line: 1, column: 1 }), memo: {} };
  const source = parseYamlSource(path, text, hash);
  const bare = bareValueContent(path, source.data);
  return bare ? { ...source, data: undefined, diagnostics: [...source.diagnostics, bare], memo: {} } : source;
}

/** The value at every pointer asked for, kept in the file's memo: the IR asks for each node, parent first, many times. */
function valueIn(source: SourceFile, pointer: string): unknown {
  const values = (source.memo.values ??= new Map([["", source.data]]));
  if (values.has(pointer)) return values.get(pointer);
  const cut = pointer.lastIndexOf("/");
  const value = valueAt(valueIn(source, pointer.slice(0, cut)), [unescapeSegment(pointer.slice(cut + 1))]);
  values.set(pointer, value);
  return value;
}

/** The `$ref`s written in a file: where each sits and what it says. Kept in the file's memo (a session re-reads unchanged files). */
function refsIn(source: SourceFile): Array<{ pointer: string; ref: unknown }> {
  if (!source.memo.refs) {
    const found: Array<{ pointer: string; ref: unknown }> = [];
    scanRefs(source.data, "", true, found); // a document's fields, or a fragment's named parts
    source.memo.refs = found;
  }
  return source.memo.refs;
}

function scanRefs(value: unknown, pointer: string, keysAreNames: boolean, found: Array<{ pointer: string; ref: unknown }>): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => scanRefs(item, appendPointer(pointer, index), false, found));
    return;
  }
  if (!isObject(value)) return;
  if (Object.prototype.hasOwnProperty.call(value, "$ref")) {
    found.push({ pointer, ref: value["$ref"] });
    return; // siblings of $ref are ignored (AsyncAPI Reference Object, draft-07)
  }
  const opaqueSchema = typeof value["schemaFormat"] === "string" && !isJsonSchemaFormat(value["schemaFormat"]);
  for (const [key, child] of Object.entries(value)) {
    if (isDataKey(key, keysAreNames)) continue;
    if (opaqueSchema && (key === "schema" || key === "payload")) {
      // an Avro/Protobuf... body is not ours to read, but a Reference Object standing for the
      // whole schema is AsyncAPI's: it obeys the same policy (root, URLs) as any other $ref
      if (isObject(child) && Object.prototype.hasOwnProperty.call(child, "$ref")) found.push({ pointer: appendPointer(pointer, key), ref: child["$ref"] });
      continue;
    }
    scanRefs(child, appendPointer(pointer, key), childKeysAreNames(key, keysAreNames), found);
  }
}

async function fetchWithTimeout(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "is a directory";
  return (error as Error).message;
}
