import { GENERATED_MARK } from "../generated-mark.js";

export { GENERATED_MARK, isGenerated } from "../generated-mark.js";

/** What every emitter returns: files to write under the output directory. */
export interface GeneratedFile {
  /** Relative to the output directory, `/`-separated. */
  path: string;
  contents: string;
}

const NOTICE = `${GENERATED_MARK} from the event catalog. DO NOT EDIT: change the catalog and run \`eventsmith codegen\`.`;

/** The header line for a file of the given kind. */
export function header(kind: "ts" | "js" | "md" | "html" | "css" | "yaml"): string {
  switch (kind) {
    case "ts":
    case "js":
      return `// ${NOTICE}\n`;
    case "md":
    case "html":
      return `<!-- ${NOTICE} -->\n`;
    case "css":
      return `/* ${NOTICE} */\n`;
    case "yaml":
      return `# ${NOTICE}\n`;
  }
}

/** JSON has no comments: the notice is the first key. */
export function jsonFile(path: string, value: Record<string, unknown>): GeneratedFile {
  return { path, contents: JSON.stringify({ $comment: NOTICE, ...value }, null, 2) + "\n" };
}
