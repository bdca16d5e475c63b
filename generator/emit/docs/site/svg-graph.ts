/**
 * Services -> events -> services as an inline SVG drawn at build time: three columns
 * (publishers, events, consumers), nodes linking to their pages, curved edges. No script and
 * no layout engine in the browser, and the size is linear in nodes + edges, so a catalog of
 * thousands of events still gives one readable, scrollable picture.
 */
import { html, type Html } from "./html.js";
import { CHAR_WIDTH, nodePositions, svgEdge, svgNode, type GraphNode } from "./svg-parts.js";

export interface LayeredGraph {
  /** Publishers, events, consumers. */
  columns: [GraphNode[], GraphNode[], GraphNode[]];
  edges: [from: string, to: string][];
  /** Accessible name of the picture. */
  title: string;
}

const ROW = 26;
const NODE_HEIGHT = 20;
const MAX_COLUMN = 280;
const GAP = 140;
const TOP = 34;
const HEADINGS = ["Publishers", "Events", "Consumers"];

export function svgGraph(graph: LayeredGraph): Html {
  const widths = graph.columns.map((nodes) => Math.min(MAX_COLUMN, Math.max(90, ...nodes.map((n) => n.label.length * CHAR_WIDTH + 20))));
  const xs = [0, widths[0]! + GAP, widths[0]! + GAP + widths[1]! + GAP];
  const at = layout(graph);
  const height = Math.max(TOP + ROW, ...[...at.values()].map((p) => p.y + ROW)) + 8;
  const width = xs[2]! + widths[2]!;
  for (const point of at.values()) point.x = xs[point.column]!;
  const written = graph.columns.flat();
  const position = nodePositions(written);
  const edges = graph.edges.flatMap(([from, to]) => {
    const a = at.get(from);
    const b = at.get(to);
    if (!a || !b) return [];
    const x1 = a.x + widths[a.column]!;
    const y1 = a.y + NODE_HEIGHT / 2;
    const y2 = b.y + NODE_HEIGHT / 2;
    const mid = (x1 + b.x) / 2;
    return [svgEdge([position.get(from)!, position.get(to)!], `M${x1} ${y1}C${mid} ${y1} ${mid} ${y2} ${b.x} ${y2}`)];
  });
  const nodes = written.map((node) => {
    const { x, y, column } = at.get(node.id)!;
    return svgNode(node, { x, y, width: widths[column]!, height: NODE_HEIGHT });
  });
  const headings = HEADINGS.map((text, i) => html`<text class="heading" x="${xs[i]}" y="16">${text}</text>`);
  return html`<svg class="graph" aria-label="${graph.title}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${headings}<g class="edges">${edges}</g><g class="nodes">${nodes}</g></svg>`;
}

/**
 * Rows: the events column stacked from the top; each side node at the mean height of the
 * events it connects to (which untangles most edges), pushed down where it would overlap and
 * then shifted so the column sits around its targets. Ties keep the given (name) order.
 */
function layout(graph: LayeredGraph): Map<string, { x: number; y: number; column: number }> {
  const at = new Map<string, { x: number; y: number; column: number }>();
  const [left, middle, right] = graph.columns;
  const sideRows = Math.max(left.length, right.length);
  // a lone event between many services (an event page) sits in the middle of them
  const middleTop = TOP + Math.max(0, ((sideRows - middle.length) * ROW) / 2);
  middle.forEach((node, row) => at.set(node.id, { x: 0, y: middleTop + row * ROW, column: 1 }));
  const neighbours = new Map<string, number[]>();
  for (const [from, to] of graph.edges) {
    const target = at.get(to) ?? at.get(from);
    const other = at.has(to) ? from : to;
    if (target) neighbours.set(other, [...(neighbours.get(other) ?? []), target.y]);
  }
  ([[left, 0], [right, 2]] as const).forEach(([nodes, column]) => {
    const wanted = nodes.map((node, order) => {
      const ys = neighbours.get(node.id) ?? [];
      return { node, order, y: ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : Infinity };
    });
    wanted.sort((a, b) => a.y - b.y || a.order - b.order);
    let next = TOP;
    const placed = wanted.map((w) => {
      const y = Number.isFinite(w.y) ? Math.max(w.y, next) : next;
      next = y + ROW;
      return { node: w.node, wanted: w.y, y };
    });
    const pushed = placed.filter((p) => Number.isFinite(p.wanted));
    const drift = pushed.length ? pushed.reduce((sum, p) => sum + p.y - p.wanted, 0) / pushed.length : 0;
    const up = placed.length ? Math.min(drift, placed[0]!.y - TOP) : 0;
    for (const p of placed) at.set(p.node.id, { x: 0, y: p.y - up, column });
  });
  return at;
}
