/** The compatibility check as a library: compare two CatalogIRs, or run `compat` end to end. */
export { compareCatalogs, CompatInputError, type CheckMode, type CompareOptions, type CompareResult, type ComparedEvent, type CompatPolicy } from "./compare-catalogs.js";
export { runCompat, type RunCompatOptions, type RunCompatResult } from "./run-compat.js";
export { formatJson, type CompatFormat, type CompatReport, type ReleaseVerdict } from "./report/report.js";
export { DEFAULT_RELEASE_TAGS, type ReleaseSelection } from "./release-versions.js";
export { formatText } from "./report/report-text.js";
export { formatGithub } from "./report/report-github.js";
export { formatJunit } from "./report/report-junit.js";
export { formatMarkdown } from "./report/report-markdown.js";
export { formatSarif } from "./report/report-sarif.js";
export { COMPAT_RULES, fingerprint, type CompatFinding, type CompatRule, type Direction, type ServiceImpact } from "./rules.js";
