/**
 * One cold `eventsmith compat` run, as its own process: the bench times the whole process
 * (start-up, loading both catalogs, comparing, printing). Arguments are compat's own.
 */
import { main } from "../generator/cli/main.js";

process.exitCode = await main([process.argv[0]!, "eventsmith", "compat", ...process.argv.slice(2)]);
