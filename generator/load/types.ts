import type { Diagnostic, SourceLocation } from "../diagnostics.js";
import type { SourceFile } from "./yaml-source.js";

/** The address of a node: a catalog file (as in `SourceFile.path`) and a JSON Pointer into it. */
export interface NodeRef {
  file: string;
  pointer: string;
}

export interface LoadOptions {
  /** Directories outside the catalog root that `$ref`s may reach (absolute, or relative to cwd). */
  allowedRoots?: readonly string[];
  /** URL prefixes that `$ref`s may fetch, e.g. `https://schemas.example.com/`. */
  allowedUrls?: readonly string[];
  /** Reads a file; defaults to fs. Lets `--watch` and tests serve changed contents. */
  readFile?: (absolutePath: string) => Promise<string>;
  /** Fetches a remote file (only for allowed URLs); defaults to global fetch. */
  fetchText?: (url: string) => Promise<string>;
  /**
   * Parsed files by source path, kept between loads (a `--watch` session): a file whose text
   * is unchanged is not parsed again. Updated with what this load read.
   */
  parsed?: Map<string, SourceFile>;
}

export interface LoadedCatalog {
  /** Absolute catalog root: the directory given, or the directory of the file given. */
  root: string;
  /** AsyncAPI documents (files with a top-level `asyncapi` key), sorted. */
  documents: string[];
  /** Every file read: documents, fragments and remote files, by `SourceFile.path`. */
  files: ReadonlyMap<string, SourceFile>;
  /** Absolute paths of every local file read (what `--watch` watches). */
  watchedPaths: string[];
  diagnostics: Diagnostic[];
  /**
   * Every `$ref` of the catalog: the node holding it (`{ $ref }`) and the node it names
   * directly (undefined when unresolvable; the loader reported why). Sorted by `from`.
   */
  refs: ReadonlyArray<{ from: NodeRef; to: NodeRef | undefined }>;
  /** The value at a node (undefined if it does not exist). */
  get(node: NodeRef): unknown;
  locate(node: NodeRef): SourceLocation;
  /**
   * Where a node really is: if its value is a `{ $ref }`, the end of the `$ref` chain, else the
   * node itself. Undefined when the chain is broken (the loader has already reported why).
   */
  deref(node: NodeRef): NodeRef | undefined;
}
