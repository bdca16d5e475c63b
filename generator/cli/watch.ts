/**
 * Re-runs a build whenever a file it read changes: the catalog directory and every file
 * reached through `$ref` (which may live elsewhere when allowed roots are configured).
 * Editors save by rename, so directories are watched, not files.
 */
import { watch, type FSWatcher } from "node:fs";
import { dirname, join } from "node:path";

export interface Watcher {
  /**
   * Watches `root` (a new catalog file there counts) and the directory of every file in `paths`
   * (every file the build read, `$ref`s included); called again after each build as they change.
   */
  update(root: string, paths: readonly string[]): void;
  close(): void;
}

export function watchFiles(onChange: (path: string) => void, debounceMs = 50): Watcher {
  const watchers = new Map<string, FSWatcher>();
  let files = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let changed = "";
  const trigger = (path: string) => {
    changed = path;
    clearTimeout(timer);
    timer = setTimeout(() => onChange(changed), debounceMs);
  };
  return {
    update(root, paths) {
      files = new Set(paths);
      // each directory on its own, not `recursive`: Node 20 emulates recursive watching on Linux
      // with a slow asynchronous walk, which loses edits made right after it starts
      const dirs = new Set([root, ...paths.map((path) => dirname(path))]);
      for (const [dir, watcher] of watchers) {
        if (!dirs.has(dir)) {
          watcher.close();
          watchers.delete(dir);
        }
      }
      for (const dir of dirs) {
        if (watchers.has(dir)) continue;
        const watcher = watch(dir, (_event, name) => {
          const path = name ? join(dir, name.toString()) : dir;
          // a new catalog file in a watched directory matters too
          if (files.has(path) || /\.(ya?ml|json)$/i.test(path)) trigger(path);
        });
        watcher.on("error", () => undefined); // a directory removed mid-watch: the next build reports it
        watchers.set(dir, watcher);
      }
    },
    close() {
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
