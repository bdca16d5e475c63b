/**
 * Child process (under tsx, so a worker can start) for parse-cache.test.ts: prepares the files of
 * the catalog given on two threads, and prints each as `{ path, data, diagnostics, locations }`
 * (every node's, when the fast path placed them).
 */
import { prepareSources } from "../../generator/compat/parse-cache.js";

const files = await prepareSources(process.argv[2]!, { parallel: true });
const out = [...files.parsed.values()].map((source) => ({
  path: source.path,
  data: source.data,
  diagnostics: source.diagnostics,
  locations: source.offsets ? [...source.offsets.keys()].map((pointer) => [pointer, source.locate(pointer)]) : null,
}));
process.stdout.write(JSON.stringify(out));
