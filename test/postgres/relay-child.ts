/**
 * `eventsmith relay` as its own process, for the fault tests (they SIGKILL it mid-batch).
 * Run as: node --conditions=eventsmith-source --import tsx relay-child.ts <relay arguments…>
 */
import { main } from "../../generator/cli/main.js";

process.exitCode = await main(["node", "eventsmith", "relay", ...process.argv.slice(2)]);
