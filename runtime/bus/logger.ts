/** The default logger: warnings and errors to the console, debug and info dropped. */
import type { Logger } from "./transport.js";

const PREFIX = "[eventsmith]";

export const consoleLogger: Logger = {
  debug() {},
  info() {},
  warn: (message, fields) => console.warn(PREFIX, message, ...(fields === undefined ? [] : [fields])),
  error: (message, fields) => console.error(PREFIX, message, ...(fields === undefined ? [] : [fields])),
};

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
