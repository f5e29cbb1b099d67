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

use std::collections::{BTreeMap, BTreeSet};

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
    /// Nodes betweenness was summed from: all nodes when exact, else the
    /// size of the sample it was estimated from.
    pub betweenness_sources: usize,
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

/// Computes the statistics, keeping the `top` most central leaders and
/// nations; `sources` and `progress` as for [`betweenness`] (`None`: exact
/// up to [`EXACT_WORK_LIMIT`], else a sample of as many sources as that
/// work allows, at least [`MIN_SAMPLE`]).
pub fn stats(
    graph: &Graph,
    top: usize,
    sources: Option<Sources>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Stats {
    let g = &graph.graph;
    let n = g.node_count();
    let mut nodes_by_type = BTreeMap::new();
    let mut articles = BTreeSet::new();
    for node in g.node_weights() {
        *nodes_by_type
            .entry(node.kind.class_name().to_string())
            .or_insert(0) += 1;
        articles.extend(node.sources.iter().map(|s| s.as_str()));
    }
    let mut edges_by_relation = BTreeMap::new();
    for e in g.edge_weights() {
        *edges_by_relation
            .entry(e.relation.name().to_string())
            .or_insert(0) += 1;
    }
    let adjacency = adjacency(graph);
    let ranks = pagerank(&adjacency);
    let links: usize = adjacency.iter().map(Vec::len).sum::<usize>() / 2;
    let sources = sources.unwrap_or(if (n as u64) * (links as u64) <= EXACT_WORK_LIMIT {
        Sources::All
    } else {
        // As many sources as the exact limit's work allows, at least
        // `MIN_SAMPLE`: the estimate costs about the same on any size.
        Sources::Sample((EXACT_WORK_LIMIT / links.max(1) as u64).max(MIN_SAMPLE) as usize)
    });
    let total = match sources {
        Sources::Sample(k) if k < n && k > 0 => k,
        _ => n,
    };
    let between = betweenness(&adjacency, sources, &|done| progress(done, total));
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
        betweenness_sources: total,
        central_leaders: rank_of(&[NodeKind::Leader]),
        central_nations: rank_of(&[NodeKind::Nation]),
    }
}

/// Rounds to 6 decimals so outputs are stable across platforms.
fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The undirected simple graph centrality runs on: for each node, its
/// distinct neighbours (ascending), whatever the relation or direction of
/// the edges between them; loops left out.
pub fn adjacency(graph: &Graph) -> Vec<Vec<usize>> {
    let g = &graph.graph;
    let mut neighbours: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); g.node_count()];
    for e in g.edge_indices() {
        if let Some((a, b)) = g.edge_endpoints(e)
            && a != b
        {
            neighbours[a.index()].insert(b.index());
            neighbours[b.index()].insert(a.index());
        }
    }
    neighbours
        .into_iter()
        .map(|s| s.into_iter().collect())
        .collect()
}

/// PageRank over an adjacency list (each link in both directions), with
/// damping `DAMPING` and `PAGERANK_ROUNDS` rounds, as petgraph's
/// `page_rank` defines it: a node passes its rank on along its links, a
/// node with no link spreads it over all nodes, and the random jump of a
/// node goes to the nodes it does not link to; the ranks are normalised
/// after each round. petgraph computes that in time quadratic in the
/// nodes; this is the same sum in time linear in the links (the jumps
/// summed once for all nodes, less each node's in-links).
pub fn pagerank(adjacency: &[Vec<usize>]) -> Vec<f64> {
    let n = adjacency.len();
    if n == 0 {
        return Vec::new();
    }
    let nf = n as f64;
    let mut ranks = vec![1.0 / nf; n];
    let mut next = vec![0.0; n];
    let mut passed = vec![0.0; n];
    let mut received = vec![0.0; n];
    for _ in 0..PAGERANK_ROUNDS {
        let (mut dangling, mut linked) = (0.0, 0.0);
        for (w, out) in adjacency.iter().enumerate() {
            if out.is_empty() {
                dangling += ranks[w];
            } else {
                linked += ranks[w];
            }
        }
        passed.iter_mut().for_each(|x| *x = 0.0);
        received.iter_mut().for_each(|x| *x = 0.0);
        for (w, out) in adjacency.iter().enumerate() {
            let share = ranks[w] / out.len().max(1) as f64;
            for &v in out {
                passed[v] += share;
                received[v] += ranks[w];
            }
        }
        for v in 0..n {
            next[v] = DAMPING * passed[v]
                + DAMPING * dangling / nf
                + (1.0 - DAMPING) * (linked - received[v]) / nf;
        }
        let sum: f64 = next.iter().sum();
        for (r, x) in ranks.iter_mut().zip(&next) {
            *r = x / sum;
        }
    }
    ranks
}

const DAMPING: f64 = 0.85;
/// The fewest sources sampled for betweenness on a graph too large for the
/// exact sum.
pub const MIN_SAMPLE: u64 = 100;
const PAGERANK_ROUNDS: usize = 100;

/// How betweenness is computed: from every node, or from a sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sources {
    /// Exact: shortest paths from every node.
    All,
    /// Estimated from shortest paths from this many nodes, spread evenly
    /// over the node order (which is by IRI, so the same graph gives the
    /// same sample), scaled up by nodes / sample (Brandes and Pich 2007).
    Sample(usize),
}

/// Above this many nodes x links, `stats` samples betweenness unless told
/// otherwise: about ten seconds of work on one core (BENCHMARKS.md,
/// "Statistics").
pub const EXACT_WORK_LIMIT: u64 = 200_000_000;

/// Betweenness centrality (Brandes 2001) of an unweighted undirected graph;
/// each unordered pair of endpoints counts once. Sources run in parallel,
/// in fixed blocks whose sums are added in block order, so the result does
/// not depend on the number of threads. `progress` is called with the
/// number of sources done so far.
pub fn betweenness(
    adjacency: &[Vec<usize>],
    sources: Sources,
    progress: &(dyn Fn(usize) + Sync),
) -> Vec<f64> {
    use rayon::prelude::*;
    let n = adjacency.len();
    let picked: Vec<usize> = match sources {
        Sources::Sample(k) if k < n && k > 0 => (0..k).map(|i| i * n / k).collect(),
        _ => (0..n).collect(),
    };
    let scale = n as f64 / picked.len().max(1) as f64;
    const BLOCK: usize = 64;
    let graph = Compact::new(adjacency);
    let done = std::sync::atomic::AtomicUsize::new(0);
    let blocks: Vec<Vec<f64>> = picked
        .par_chunks(BLOCK)
        .map(|block| {
            let mut paths = ShortestPaths::new(n);
            let mut sum = vec![0.0; n];
            for &s in block {
                paths.accumulate(&graph, s, &mut sum);
            }
            let so_far = done.fetch_add(block.len(), std::sync::atomic::Ordering::Relaxed);
            progress(so_far + block.len());
            sum
        })
        .collect();
    let mut centrality = vec![0.0; n];
    for block in blocks {
        for (c, x) in centrality.iter_mut().zip(block) {
            *c += x;
        }
    }
    // Every path was counted from both of its ends.
    centrality.iter().map(|c| c * scale / 2.0).collect()
}

/// An adjacency list in two flat arrays (neighbours of `v` are
/// `targets[offsets[v]..offsets[v + 1]]`): the breadth-first searches read
/// it once per source, and one block of 32-bit indices reads faster than
/// a vector per node.
struct Compact {
    offsets: Vec<u32>,
    targets: Vec<u32>,
}

impl Compact {
    fn new(adjacency: &[Vec<usize>]) -> Compact {
        let mut offsets = Vec::with_capacity(adjacency.len() + 1);
        let mut targets = Vec::new();
        offsets.push(0);
        for out in adjacency {
            targets.extend(out.iter().map(|&v| v as u32));
            offsets.push(targets.len() as u32);
        }
        Compact { offsets, targets }
    }

    #[inline]
    fn neighbours(&self, v: usize) -> &[u32] {
        &self.targets[self.offsets[v] as usize..self.offsets[v + 1] as usize]
    }
}

/// The buffers of one source's shortest paths, reused from source to
/// source: allocating them per source made the whole quadratic in memory
/// traffic.
struct ShortestPaths {
    order: Vec<usize>,
    sigma: Vec<f64>,
    distance: Vec<u32>,
    delta: Vec<f64>,
}

impl ShortestPaths {
    fn new(n: usize) -> ShortestPaths {
        ShortestPaths {
            order: Vec::with_capacity(n),
            sigma: vec![0.0; n],
            distance: vec![u32::MAX; n],
            delta: vec![0.0; n],
        }
    }

    /// Adds source `s`'s dependencies to `sum`. The breadth-first order
    /// doubles as the queue; a node's predecessors are its neighbours one
    /// step nearer, found again on the way back instead of stored.
    fn accumulate(&mut self, graph: &Compact, s: usize, sum: &mut [f64]) {
        for &v in &self.order {
            self.sigma[v] = 0.0;
            self.distance[v] = u32::MAX;
            self.delta[v] = 0.0;
        }
        self.order.clear();
        self.sigma[s] = 1.0;
        self.distance[s] = 0;
        self.order.push(s);
        let mut head = 0;
        while let Some(&v) = self.order.get(head) {
            head += 1;
            let dv = self.distance[v];
            for &w in graph.neighbours(v) {
                let w = w as usize;
                if self.distance[w] == u32::MAX {
                    self.distance[w] = dv + 1;
                    self.order.push(w);
                }
                if self.distance[w] == dv + 1 {
                    self.sigma[w] += self.sigma[v];
                }
            }
        }
        for &w in self.order.iter().rev() {
            let dw = self.distance[w];
            let coefficient = (1.0 + self.delta[w]) / self.sigma[w];
            for &v in graph.neighbours(w) {
                let v = v as usize;
                if self.distance[v] != u32::MAX && self.distance[v] + 1 == dw {
                    self.delta[v] += self.sigma[v] * coefficient;
                }
            }
            if w != s {
                sum[w] += self.delta[w];
            }
        }
    }
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
        if self.betweenness_sources < self.nodes {
            out.push_str(&format!(
                "\nbetweenness estimated from shortest paths from {} of the {} nodes\n",
                self.betweenness_sources, self.nodes
            ));
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

    fn exact(adjacency: &[Vec<usize>]) -> Vec<f64> {
        betweenness(adjacency, Sources::All, &|_| {})
    }

    /// A deterministic pseudo-random graph: `n` nodes, about `links` links,
    /// some nodes left without any.
    fn random_graph(n: usize, links: usize, seed: u64) -> Vec<Vec<usize>> {
        let mut x = seed;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut edges = Vec::new();
        for _ in 0..links {
            let (a, b) = (
                (next() % n as u64) as usize,
                (next() % (n as u64 - 3)) as usize,
            );
            if a != b {
                edges.push((a, b));
            }
        }
        let mut sets = vec![BTreeSet::new(); n];
        for (a, b) in edges {
            sets[a].insert(b);
            sets[b].insert(a);
        }
        sets.into_iter().map(|s| s.into_iter().collect()).collect()
    }

    #[test]
    fn pagerank_is_petgraphs_in_linear_time() {
        for seed in [1, 2, 3] {
            let adjacency = random_graph(60, 90, seed);
            let mut g: petgraph::graph::DiGraph<(), ()> = petgraph::graph::DiGraph::new();
            let idx: Vec<_> = adjacency.iter().map(|_| g.add_node(())).collect();
            for (a, ns) in adjacency.iter().enumerate() {
                for &b in ns {
                    g.add_edge(idx[a], idx[b], ());
                }
            }
            let theirs = petgraph::algo::page_rank(&g, 0.85_f64, 100);
            let ours = pagerank(&adjacency);
            for (a, b) in ours.iter().zip(&theirs) {
                assert!((a - b).abs() < 1e-12, "{a} vs {b}");
            }
        }
    }

    #[test]
    fn betweenness_does_not_depend_on_threads_and_samples_scale() {
        let adjacency = random_graph(300, 700, 9);
        let all = exact(&adjacency);
        let one_thread = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| exact(&adjacency));
        assert_eq!(all, one_thread);
        // A sample as large as the graph is the exact sum.
        assert_eq!(betweenness(&adjacency, Sources::Sample(300), &|_| {}), all);
        // A sample of a third estimates the total within a tenth.
        let sampled = betweenness(&adjacency, Sources::Sample(100), &|_| {});
        let (t_all, t_sampled): (f64, f64) = (all.iter().sum(), sampled.iter().sum());
        assert!(
            (t_sampled / t_all - 1.0).abs() < 0.1,
            "{t_sampled} vs {t_all}"
        );
        // Progress reaches the number of sources.
        let seen = std::sync::atomic::AtomicUsize::new(0);
        betweenness(&adjacency, Sources::Sample(100), &|done| {
            seen.fetch_max(done, std::sync::atomic::Ordering::Relaxed);
        });
        assert_eq!(seen.into_inner(), 100);
    }

    #[test]
    fn betweenness_of_a_path_and_a_star() {
        // a - b - c - d: b and c lie on 2 shortest paths each.
        assert_eq!(
            exact(&undirected(4, &[(0, 1), (1, 2), (2, 3)])),
            vec![0.0, 2.0, 2.0, 0.0]
        );
        // A star with 4 leaves: the centre is on all C(4,2) = 6 leaf pairs.
        assert_eq!(
            exact(&undirected(5, &[(0, 1), (0, 2), (0, 3), (0, 4)])),
            vec![6.0, 0.0, 0.0, 0.0, 0.0]
        );
        // A square: two shortest paths between opposite corners, split in half.
        assert_eq!(
            exact(&undirected(4, &[(0, 1), (1, 2), (2, 3), (3, 0)])),
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
