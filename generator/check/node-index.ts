/**
 * The reverse of `catalog.locate`: which node sits at a source location. The IR keeps only
 * locations; a rule that wants to point inside an IR node (a failing value in an example)
 * finds the node here. One table per file, built on first use.
 */
import type { SourceLocation } from "../diagnostics.js";
import { appendPointer, isObject } from "../load/json-pointer.js";
import type { LoadedCatalog, NodeRef } from "../load/types.js";

export class NodeIndex {
  private readonly tables = new Map<string, Map<string, string>>();

  constructor(private readonly catalog: LoadedCatalog) {}

  /** The outermost node at `location` (a mapping and its first key share one). */
  nodeAt(location: SourceLocation): NodeRef | undefined {
    let table = this.tables.get(location.file);
    if (!table) {
      table = this.build(location.file);
      this.tables.set(location.file, table);
    }
    const pointer = table.get(`${location.line}:${location.column}`);
    return pointer === undefined ? undefined : { file: location.file, pointer };
  }

  private build(file: string): Map<string, string> {
    const source = this.catalog.files.get(file);
    const table = new Map<string, string>();
    if (!source) return table;
    const visit = (value: unknown, pointer: string) => {
      const at = source.locate(pointer);
      const key = `${at.line}:${at.column}`;
      if (!table.has(key)) table.set(key, pointer); // parents first: the outermost wins
      if (Array.isArray(value)) value.forEach((item, index) => visit(item, appendPointer(pointer, index)));
      else if (isObject(value)) for (const [name, child] of Object.entries(value)) visit(child, appendPointer(pointer, name));
    };
    visit(source.data, "");
    return table;
  }
}
