// Preloaded into a process the benches time (see coldProcess in harness.ts): at exit, writes the
// process's peak resident memory in KiB to the file named by EVENTSMITH_BENCH_RSS_FILE.
const { writeFileSync } = require("node:fs");
const file = process.env.EVENTSMITH_BENCH_RSS_FILE;
if (file) process.on("exit", () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
