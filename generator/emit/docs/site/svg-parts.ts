/**
 * The markup both graph layouts share, kept small because a service's or a domain's graph has
 * thousands of them: a node is a link (its page) with a box and a label; an edge is a bare
 * path whose `data-ends` are the positions of its two nodes in the graph's node group, which
 * graphs.js reads to light up a node's neighbours (ids are for the layout only). The full label is a
 * tooltip (`<title>`) only where the box cuts it or the node is deprecated.
 */
import { html, type Html } from "./html.js";

/** A node of either graph layout. */
export interface GraphNode {
  /** Unique within the graph. */
  id: string;
  label: string;
  href: string;
  kind: "service" | "event";
  deprecated?: boolean;
}

/** Width of one label character in the graphs' 12px monospace font, for box sizes. */
export const CHAR_WIDTH = 7;

export interface NodeBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function svgNode(node: GraphNode, box: NodeBox): Html {
  const max = Math.floor((box.width - 16) / CHAR_WIDTH);
  const cut = node.label.length > max;
  const label = cut ? `${node.label.slice(0, max - 1)}…` : node.label;
  const classes = `node ${node.kind}${node.deprecated ? " deprecated" : ""}`;
  const title = cut || node.deprecated ? html`<title>${node.label}${node.deprecated ? " (deprecated)" : ""}</title>` : "";
  return html`<a class="${classes}" href="${node.href}">${title}<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="${node.kind === "event" ? box.height / 2 : 3}"/><text x="${box.x + 8}" y="${box.y + box.height / 2 + 4}">${label}</text></a>`;
}

/** `ends`: the positions of the edge's two nodes, in the order the nodes are written. */
export function svgEdge(ends: [number, number], d: string): Html {
  return html`<path data-ends="${ends[0]} ${ends[1]}" d="${d}"/>`;
}

/** Node positions by id, for `svgEdge`. */
export function nodePositions(nodes: readonly GraphNode[]): Map<string, number> {
  return new Map(nodes.map((node, index) => [node.id, index]));
}
