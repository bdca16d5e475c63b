/** The in-process transport (the default when a bus is given none). */
import type { MemoryTransportOptions } from "./options.js";
import { MemoryTransport } from "./transport.js";

export { MemoryTransport, type MemoryTransportOptions };
export type { DedupOptions } from "./dedup-window.js";

export function memoryTransport(options?: MemoryTransportOptions): MemoryTransport {
  return new MemoryTransport(options);
}
