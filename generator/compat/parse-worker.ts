/** Worker thread: parses catalog files (their texts given) and posts each encoded, or null when it cannot be. */
import { parentPort, workerData } from "node:worker_threads";
import { parseYamlSource } from "../load/yaml-source.js";
import { encodeParsed } from "./parsed-file-codec.js";
import { answer } from "./worker-thread.js";

const { files } = workerData as { files: Array<{ path: string; text: string }> };
await answer(parentPort!, () => files.map(({ path, text }) => encodeParsed(parseYamlSource(path, text)) ?? null));
