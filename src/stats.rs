//! Graph statistics: the merged [`Graph`] -> counts by type and relation and
//! the most central leaders and nations.
//!
//! Centrality is computed on the undirected simple graph behind the export
//! (one link per connected pair, whatever the relation or direction), because
//! the direction of `participant` or `leaderOf` edges says nothing about how
//! central an actor is: a leader is central when many meetings and nations
//! connect to it. Degree counts distinct neighbours; PageRank is petgraph's
//! (damping 0.85) on that graph with each link in both directions;
//! betweenness is Brandes' algorithm, each unordered pair counted once.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use petgraph::graph::DiGraph;
use serde::Serialize;

use crate::graph::Graph;
use crate::model::NodeKind;

#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub nodes: usize,
    pub edges: usize,
    pub articles: usize,
    pub nodes_by_type: BTreeMap<String, usize>,
    pub edges_by_relation: BTreeMap<String, usize>,
    pub central_leaders: Vec<Centrality>,
    pub central_nations: Vec<Centrality>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Centrality {
    pub id: String,
    pub label: String,
    pub degree: usize,
    pub pagerank: f64,
    pub betweenness: f64,
}

/// Computes the statistics, keeping the `top` most central leaders and nations.
pub fn stats(graph: &Graph, top: usize) -> Stats {
    let g = &graph.graph;
    let n = g.node_count();
    let mut nodes_by_type = BTreeMap::new();
    let mut articles = BTreeSet::new();
    for node in g.node_weights() {
        *nodes_by_type
            .entry(node.kind.class_name().to_string())
            .or_insert(0) += 1;
        articles.extend(node.sources.iter().cloned());
    }
    let mut edges_by_relation = BTreeMap::new();
    let mut neighbours: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    for e in g.edge_indices() {
        *edges_by_relation
            .entry(g[e].relation.name().to_string())
            .or_insert(0) += 1;
        if let Some((a, b)) = g.edge_endpoints(e)
            && a != b
        {
            neighbours[a.index()].insert(b.index());
            neighbours[b.index()].insert(a.index());
        }
    }
    let adjacency: Vec<Vec<usize>> = neighbours
        .into_iter()
        .map(|s| s.into_iter().collect())
        .collect();
    let ranks = pagerank(&adjacency);
    let between = betweenness(&adjacency);
    let rank_of = |kind: &[NodeKind]| {
        let mut out: Vec<Centrality> = g
            .node_indices()
            .filter(|i| kind.contains(&g[*i].kind))
            .map(|i| Centrality {
                id: g[i].iri.clone(),
                label: g[i].label.clone(),
                degree: adjacency[i.index()].len(),
                pagerank: round(ranks[i.index()]),
                betweenness: round(between[i.index()]),
            })
            .collect();
        out.sort_by(|a, b| {
            b.pagerank
                .total_cmp(&a.pagerank)
                .then(b.degree.cmp(&a.degree))
                .then(a.label.cmp(&b.label))
                .then(a.id.cmp(&b.id))
        });
        out.truncate(top);
        out
    };
    Stats {
        nodes: n,
        edges: g.edge_count(),
        articles: articles.len(),
        nodes_by_type,
        edges_by_relation,
        central_leaders: rank_of(&[NodeKind::Leader]),
        central_nations: rank_of(&[NodeKind::Nation]),
    }
}

/// Rounds to 6 decimals so outputs are stable across platforms.
fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// PageRank over an undirected adjacency list, by petgraph.
pub fn pagerank(adjacency: &[Vec<usize>]) -> Vec<f64> {
    let mut g: DiGraph<(), ()> = DiGraph::new();
    let idx: Vec<_> = adjacency.iter().map(|_| g.add_node(())).collect();
    for (a, ns) in adjacency.iter().enumerate() {
        for &b in ns {
            g.add_edge(idx[a], idx[b], ());
        }
    }
    petgraph::algo::page_rank(&g, 0.85_f64, 100)
}

/// Betweenness centrality (Brandes 2001) of an unweighted undirected graph;
/// each unordered pair of endpoints counts once.
pub fn betweenness(adjacency: &[Vec<usize>]) -> Vec<f64> {
    let n = adjacency.len();
    let mut centrality = vec![0.0; n];
    for s in 0..n {
        let mut stack = Vec::with_capacity(n);
        let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut sigma = vec![0.0_f64; n];
        let mut distance = vec![usize::MAX; n];
        sigma[s] = 1.0;
        distance[s] = 0;
        let mut queue = VecDeque::from([s]);
        while let Some(v) = queue.pop_front() {
            stack.push(v);
            for &w in &adjacency[v] {
                if distance[w] == usize::MAX {
                    distance[w] = distance[v] + 1;
                    queue.push_back(w);
                }
                if distance[w] == distance[v] + 1 {
                    sigma[w] += sigma[v];
                    predecessors[w].push(v);
                }
            }
        }
        let mut delta = vec![0.0_f64; n];
        while let Some(w) = stack.pop() {
            for &v in &predecessors[w] {
                delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
            }
            if w != s {
                centrality[w] += delta[w];
            }
        }
    }
    // Every path was counted from both of its ends.
    centrality.iter().map(|c| c / 2.0).collect()
}

impl Stats {
    /// A plain-text report.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str(&format!(
            "{} nodes, {} edges, {} articles\n\n",
            self.nodes, self.edges, self.articles
        ));
        out.push_str("nodes by type\n");
        for (k, v) in &self.nodes_by_type {
            out.push_str(&format!("  {k:<14} {v:>6}\n"));
        }
        out.push_str("\nedges by relation\n");
        for (k, v) in &self.edges_by_relation {
            out.push_str(&format!("  {k:<14} {v:>6}\n"));
        }
        for (title, rows) in [
            ("most central leaders", &self.central_leaders),
            ("most central nations", &self.central_nations),
        ] {
            out.push_str(&format!("\n{title}\n"));
            let width = rows
                .iter()
                .map(|r| r.label.chars().count())
                .max()
                .unwrap_or(5)
                .max(5);
            out.push_str(&format!(
                "  {:<width$}  {:>6}  {:>8}  {:>11}\n",
                "label", "degree", "pagerank", "betweenness"
            ));
            for r in rows.iter() {
                out.push_str(&format!(
                    "  {:<width$}  {:>6}  {:>8.4}  {:>11.2}\n",
                    r.label, r.degree, r.pagerank, r.betweenness
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn undirected(n: usize, edges: &[(usize, usize)]) -> Vec<Vec<usize>> {
        let mut adj = vec![Vec::new(); n];
        for &(a, b) in edges {
            adj[a].push(b);
            adj[b].push(a);
        }
        adj
    }

    #[test]
    fn betweenness_of_a_path_and_a_star() {
        // a - b - c - d: b and c lie on 2 shortest paths each.
        assert_eq!(
            betweenness(&undirected(4, &[(0, 1), (1, 2), (2, 3)])),
            vec![0.0, 2.0, 2.0, 0.0]
        );
        // A star with 4 leaves: the centre is on all C(4,2) = 6 leaf pairs.
        assert_eq!(
            betweenness(&undirected(5, &[(0, 1), (0, 2), (0, 3), (0, 4)])),
            vec![6.0, 0.0, 0.0, 0.0, 0.0]
        );
        // A square: two shortest paths between opposite corners, split in half.
        assert_eq!(
            betweenness(&undirected(4, &[(0, 1), (1, 2), (2, 3), (3, 0)])),
            vec![0.5, 0.5, 0.5, 0.5]
        );
    }

    #[test]
    fn pagerank_favours_the_hub() {
        let ranks = pagerank(&undirected(5, &[(0, 1), (0, 2), (0, 3), (0, 4)]));
        assert!(ranks[0] > ranks[1] * 2.0, "{ranks:?}");
        let total: f64 = ranks.iter().sum();
        assert!((total - 1.0).abs() < 1e-6, "{total}");
    }
}
