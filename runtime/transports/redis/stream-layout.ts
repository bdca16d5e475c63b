/**
 * Which streams one subscription reads: per priority level (highest first), the streams of its
 * events at that level, then the group's retry stream for that level; levels without events are
 * left out. Each stream's info says how to read an entry taken from it.
 */
import { PRIORITIES, type CatalogDefinition, type Priority } from "../../bus/catalog.js";
import type { KeyLayout } from "./keys.js";

export interface StreamInfo {
  priority: Priority;
  retry: boolean;
  /** The event of an event stream; retry streams carry several. */
  type: string | undefined;
}

export interface StreamLayout {
  /** Every stream read, highest priority first. */
  streams: string[];
  info: Map<string, StreamInfo>;
}

export function streamLayout(catalog: CatalogDefinition, keys: KeyLayout, events: readonly string[], redisGroup: string): StreamLayout {
  const info = new Map<string, StreamInfo>();
  const levels = PRIORITIES.map((priority) => {
    const atLevel = events.filter((event) => catalog.events[event]?.priority === priority);
    if (atLevel.length === 0) return [];
    const level = atLevel.map((event) => {
      const stream = keys.stream(event);
      info.set(stream, { priority, retry: false, type: event });
      return stream;
    });
    const retry = keys.retry(redisGroup, priority);
    info.set(retry, { priority, retry: true, type: undefined });
    return [...level, retry];
  });
  return { streams: levels.flat(), info };
}
