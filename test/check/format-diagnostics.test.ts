/** The three diagnostic formats on hand-made diagnostics: paths, escaping, frames, colour. */
import { describe, expect, it } from "vitest";
import { formatDiagnostics, type DiagnosticFormat } from "../../generator/cli/format-diagnostics.js";
import type { Diagnostic } from "../../generator/diagnostics.js";
import { parseYamlSource } from "../../generator/load/yaml-source.js";

const source = parseYamlSource("orders, v1.yaml", "info:\n\ttitle: x\n  version: 1\n");
const catalog = { root: "/repo/catalog", files: new Map([[source.path, source]]) };
const at = (file: string, line: number, column: number, message: string, severity: Diagnostic["severity"] = "error"): Diagnostic => ({
  file,
  line,
  column,
  severity,
  code: "asyncapi-schema",
  message,
});

describe("formatDiagnostics", () => {
  const cases: Array<{ name: string; format: DiagnosticFormat; cwd?: string; color?: boolean; given: Diagnostic[]; want: string }> = [
    {
      name: "github: data escapes % CR LF; properties also : and ,",
      format: "github",
      given: [at("orders, v1.yaml", 2, 2, "100% wrong:\r\nsee, here", "warning")],
      want: "::warning file=catalog/orders%2C v1.yaml,line=2,col=2,title=asyncapi-schema::100%25 wrong:%0D%0Asee, here\n",
    },
    {
      name: "paths are relative to the working directory, even above it",
      format: "json",
      cwd: "/repo/tools",
      given: [at("orders, v1.yaml", 1, 1, "m")],
      want: '{"diagnostics":[{"file":"../catalog/orders, v1.yaml","line":1,"column":1,"severity":"error","code":"asyncapi-schema","message":"m"}]}\n',
    },
    {
      name: "a remote file keeps its URL",
      format: "json",
      given: [at("https://schemas.example.com/a.json", 1, 3, "m")],
      want: '{"diagnostics":[{"file":"https://schemas.example.com/a.json","line":1,"column":3,"severity":"error","code":"asyncapi-schema","message":"m"}]}\n',
    },
    {
      name: "text: tabs in the frame widen the caret's indent alike",
      format: "text",
      given: [at("orders, v1.yaml", 2, 2, "here")],
      want: [
        "catalog/orders, v1.yaml:2:2 error asyncapi-schema here",
        "  1 | info:",
        "> 2 |   title: x",
        "    |   ^",
        "  3 |   version: 1",
        "",
        "1 error and 0 warnings",
        "",
      ].join("\n"),
    },
    {
      name: "text: no frame for a file without text; nothing at all when clean",
      format: "text",
      given: [at("gone.yaml", 1, 1, "cannot read")],
      want: "catalog/gone.yaml:1:1 error asyncapi-schema cannot read\n1 error and 0 warnings\n",
    },
    { name: "text: empty when there is nothing to report", format: "text", given: [], want: "" },
    {
      name: "text: colours on a terminal",
      format: "text",
      color: true,
      given: [at("gone.yaml", 1, 1, "m", "warning")],
      want: "\u001b[1mcatalog/gone.yaml:1:1\u001b[22m \u001b[33mwarning\u001b[39m \u001b[2masyncapi-schema\u001b[22m m\n\u001b[33m0 errors and 1 warning\u001b[39m\n",
    },
  ];

  it.each(cases)("$name", ({ format, cwd, color, given, want }) => {
    expect(formatDiagnostics(given, { format, cwd: cwd ?? "/repo", catalog, color: color ?? false })).toBe(want);
  });
});
