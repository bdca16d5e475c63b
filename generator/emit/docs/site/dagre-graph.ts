/**
 * A directed graph laid out at build time by dagre (layered, left to right, crossings reduced)
 * and written as inline SVG: nodes are links to their pages, edges carry the ids of both ends
 * so the page script can light up one node's neighbours. Nothing is computed in the browser,
 * so the picture works from `file://`; app.js adds pan and zoom.
 */
import dagre from "@dagrejs/dagre";
import { html, type Html } from "./html.js";
import { CHAR_WIDTH, nodePositions, svgEdge, svgNode, type GraphNode } from "./svg-parts.js";

export interface DirectedGraph {
  nodes: GraphNode[];
  edges: [from: string, to: string][];
  /** Accessible name of the picture. */
  title: string;
}

const NODE_HEIGHT = 22;
const MAX_WIDTH = 300;

export function dagreSvg(graph: DirectedGraph): Html {
  const g = new dagre.graphlib.Graph();
  // longest-path ranking: these graphs are three layers (publishers, events, consumers), where it
  // ranks as network-simplex does, at a fraction of the cost
  g.setGraph({ rankdir: "LR", ranker: "longest-path", nodesep: 8, ranksep: 90, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  const width = (node: GraphNode) => Math.min(MAX_WIDTH, node.label.length * CHAR_WIDTH + 20);
  for (const node of graph.nodes) g.setNode(node.id, { width: width(node), height: NODE_HEIGHT });
  const known = new Set(graph.nodes.map((n) => n.id));
  const edges = graph.edges.filter(([from, to]) => known.has(from) && known.has(to) && from !== to);
  for (const [from, to] of edges) g.setEdge(from, to);
  dagre.layout(g);
  const { width: totalWidth = 0, height: totalHeight = 0 } = g.graph();
  const [w, h] = [Math.ceil(totalWidth), Math.ceil(totalHeight)];
  const position = nodePositions(graph.nodes);
  const paths = edges.map(([from, to]) => {
    const points: { x: number; y: number }[] = g.edge(from, to).points ?? [];
    const d = points.map((p, i: number) => `${i === 0 ? "M" : "L"}${round(p.x)} ${round(p.y)}`).join("");
    return svgEdge([position.get(from)!, position.get(to)!], d);
  });
  const nodes = graph.nodes.map((node) => {
    const { x, y, width } = g.node(node.id);
    return svgNode(node, { x: round(x - width / 2), y: round(y - NODE_HEIGHT / 2), width, height: NODE_HEIGHT });
  });
  return html`<svg class="graph layered" aria-label="${graph.title}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><g class="edges">${paths}</g><g class="nodes">${nodes}</g></svg>`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
