/**
 * Catalog-wide settings: `info.x-eventsmith` of the catalog's documents, merged, with defaults.
 * Shape errors become `config-invalid` diagnostics at the offending key.
 */
import { DIAGNOSTIC_CODES, diagnostic, type Diagnostic, type SourceLocation } from "../diagnostics.js";
import { isObject } from "../load/json-pointer.js";
import type { AlertRule, AlertSettings, CatalogSettings, CompatMode } from "./types.js";

/** Lower-case dotted names, two or more segments: `contact.created`, `workflow.run.goal_reached`. */
export const DEFAULT_NAME_PATTERN = "^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)+$";

export function defaultSettings(): CatalogSettings {
  return {
    naming: { pattern: DEFAULT_NAME_PATTERN, pastTense: true, allow: [] },
    rules: {},
    compat: { mode: "full" },
    delivery: { maxDeliver: 3, backoffMs: [1000, 5000, 30000], ackTimeoutMs: 30000 },
    nats: {},
    redis: {},
  };
}

/** Seed 001's thresholds (lag 10000 for 5m, dead letters 0.1/s for 10m) and the defaults for the other two. */
export function defaultAlerts(): AlertSettings {
  return {
    consumerLag: { threshold: 10000, for: "5m", severity: "warning" },
    deadLetters: { threshold: 0.1, for: "10m", severity: "critical" },
    handlerErrors: { threshold: 0.05, for: "5m", severity: "warning" },
    publishErrors: { threshold: 0, for: "5m", severity: "warning" },
  };
}

/** The alert thresholds in effect: the catalog's, else the defaults. */
export function alertSettings(settings: CatalogSettings): AlertSettings {
  return settings.alerts ?? defaultAlerts();
}

export interface SettingsSource {
  value: unknown;
  /** Locates a key path below `x-eventsmith`, e.g. `["naming", "pattern"]`. */
  locate(path: readonly (string | number)[]): SourceLocation;
}

const KEYS = ["title", "naming", "rules", "compat", "delivery", "nats", "redis", "alerts"];
const COMPAT_MODES: readonly CompatMode[] = ["backward", "forward", "full", "none"];
const SEVERITIES = ["off", "warning", "error"];

/** Reads every document's `x-eventsmith` in order; later documents may not contradict earlier ones. */
export function readSettings(sources: readonly SettingsSource[]): {
  settings: CatalogSettings;
  title?: string;
  diagnostics: Diagnostic[];
} {
  const settings = defaultSettings();
  const diagnostics: Diagnostic[] = [];
  let title: string | undefined;
  const seen = new Map<string, string>();

  for (const source of sources) {
    const fail = (path: (string | number)[], message: string) =>
      diagnostics.push(diagnostic(source.locate(path), "error", "config-invalid", `x-eventsmith${path.map((p) => `.${p}`).join("")}: ${message}`));
    if (!isObject(source.value)) {
      fail([], "must be a mapping");
      continue;
    }
    const setOnce = (path: string[], value: unknown): boolean => {
      const key = path.join(".");
      const json = JSON.stringify(value);
      const previous = seen.get(key);
      if (previous !== undefined && previous !== json) {
        fail(path, `contradicts the value set by another document (${previous})`);
        return false;
      }
      seen.set(key, json);
      return true;
    };
    for (const [key, value] of Object.entries(source.value)) {
      if (!KEYS.includes(key)) {
        fail([key], `unknown setting; expected one of ${KEYS.join(", ")}`);
        continue;
      }
      if (!setOnce([key], value)) continue;
      switch (key) {
        case "title":
          if (typeof value === "string") title = value;
          else fail([key], "must be a string");
          break;
        case "naming":
          readNaming(value, settings, fail);
          break;
        case "rules":
          readRules(value, settings, fail);
          break;
        case "compat":
          if (isObject(value) && COMPAT_MODES.includes(value["mode"] as CompatMode) && Object.keys(value).every((k) => k === "mode")) {
            settings.compat.mode = value["mode"] as CompatMode;
          } else fail([key], `must be { mode: ${COMPAT_MODES.join(" | ")} }`);
          break;
        case "delivery":
          readDelivery(value, settings, fail);
          break;
        case "alerts":
          readAlerts(value, settings, fail);
          break;
        case "nats":
        case "redis":
          // what the transport accepts inside is the transport-settings check's to say
          if (!isObject(value)) fail([key], "must be a mapping");
          else settings[key] = value;
          break;
      }
    }
  }
  return title === undefined ? { settings, diagnostics } : { settings, title, diagnostics };
}

type Fail = (path: (string | number)[], message: string) => void;

function readNaming(value: unknown, settings: CatalogSettings, fail: Fail): void {
  if (!isObject(value)) return fail(["naming"], "must be a mapping");
  for (const [key, item] of Object.entries(value)) {
    if (key === "pattern") {
      if (typeof item !== "string") fail(["naming", key], "must be a string (a regular expression)");
      else if (!isRegExp(item)) fail(["naming", key], `is not a valid regular expression: ${item}`);
      else settings.naming.pattern = item;
    } else if (key === "pastTense") {
      if (typeof item === "boolean") settings.naming.pastTense = item;
      else fail(["naming", key], "must be true or false");
    } else if (key === "allow") {
      if (Array.isArray(item) && item.every((name) => typeof name === "string")) settings.naming.allow = [...item].sort();
      else fail(["naming", key], "must be a list of event names");
    } else fail(["naming", key], "unknown setting; expected pattern, pastTense or allow");
  }
}

function readRules(value: unknown, settings: CatalogSettings, fail: Fail): void {
  if (!isObject(value)) return fail(["rules"], "must be a mapping of diagnostic code to off | warning | error");
  for (const [code, severity] of Object.entries(value)) {
    if (!(code in DIAGNOSTIC_CODES)) fail(["rules", code], "is not a diagnostic code");
    else if (!SEVERITIES.includes(severity as string)) fail(["rules", code], "must be off, warning or error");
    else settings.rules[code as keyof typeof DIAGNOSTIC_CODES] = severity as "off" | "warning" | "error";
  }
}

function readDelivery(value: unknown, settings: CatalogSettings, fail: Fail): void {
  if (!isObject(value)) return fail(["delivery"], "must be a mapping");
  for (const [key, item] of Object.entries(value)) {
    if (key === "maxDeliver" || key === "ackTimeoutMs") {
      if (Number.isInteger(item) && (item as number) > 0) settings.delivery[key] = item as number;
      else fail(["delivery", key], "must be a positive integer");
    } else if (key === "backoffMs") {
      if (Array.isArray(item) && item.every((ms) => Number.isInteger(ms) && ms >= 0)) settings.delivery.backoffMs = item as number[];
      else fail(["delivery", key], "must be a list of non-negative integers (milliseconds)");
    } else fail(["delivery", key], "unknown setting; expected maxDeliver, backoffMs or ackTimeoutMs");
  }
}

const ALERT_SEVERITIES = ["info", "warning", "critical"];
/** A Prometheus duration: `30s`, `5m`, `1h30m`. */
const PROMETHEUS_DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

function readAlerts(value: unknown, settings: CatalogSettings, fail: Fail): void {
  if (!isObject(value)) return fail(["alerts"], "must be a mapping of alert name to { threshold, for, severity } or false");
  const alerts = defaultAlerts();
  const names = Object.keys(alerts) as (keyof AlertSettings)[];
  for (const [key, item] of Object.entries(value)) {
    const name = key as keyof AlertSettings;
    if (!names.includes(name)) {
      fail(["alerts", key], `unknown alert; expected one of ${names.join(", ")}`);
    } else if (item === false) {
      alerts[name] = false;
    } else if (!isObject(item)) {
      fail(["alerts", key], "must be { threshold, for, severity } or false");
    } else {
      alerts[name] = readAlertRule(item, alerts[name] as AlertRule, (path, message) => fail(["alerts", key, ...path], message));
    }
  }
  settings.alerts = alerts;
}

function readAlertRule(value: Record<string, unknown>, defaults: AlertRule, fail: Fail): AlertRule {
  const rule = { ...defaults };
  for (const [key, item] of Object.entries(value)) {
    if (key === "threshold") {
      if (typeof item === "number" && Number.isFinite(item) && item >= 0) rule.threshold = item;
      else fail([key], "must be a number >= 0");
    } else if (key === "for") {
      if (typeof item === "string" && PROMETHEUS_DURATION.test(item)) rule.for = item;
      else fail([key], "must be a Prometheus duration such as 30s, 5m or 1h30m");
    } else if (key === "severity") {
      if (ALERT_SEVERITIES.includes(item as string)) rule.severity = item as AlertRule["severity"];
      else fail([key], `must be one of ${ALERT_SEVERITIES.join(", ")}`);
    } else fail([key], "unknown setting; expected threshold, for or severity");
  }
  return rule;
}

function isRegExp(source: string): boolean {
  try {
    new RegExp(source, "u");
    return true;
  } catch {
    return false;
  }
}
