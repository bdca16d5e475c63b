/**
 * One `eventsmith compat` run from the TypeScript sources, as its own process under tsx (so the
 * base is compiled in a worker thread, unlike in vitest). Arguments are compat's own.
 */
import { main } from "../../generator/cli/main.js";

process.exitCode = await main([process.argv[0]!, "eventsmith", "compat", ...process.argv.slice(2)]);
