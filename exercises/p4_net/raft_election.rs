//! Raft leader election, on a simulated network you can break at will.
//!
//! A Raft cluster agrees on one leader per *term*. Every node starts as a
//! follower; a follower that hears nothing from a leader for a (random)
//! election timeout becomes a candidate: it starts a new term, votes for
//! itself and asks the others for their votes. A majority makes it leader,
//! and its heartbeats keep the others followers. (Raft paper, section 5.2:
//! https://raft.github.io/raft.pdf)
//!
//! `tick` (timers) is given. Implement `handle`:
//! - any message with a term above ours: adopt that term, forget our vote and
//!   become a follower, then process the message;
//! - `RequestVote`: grant it only for our current term, only if we have not
//!   voted for someone else in this term, and only if the candidate's log is
//!   at least as up to date as ours (compare `(last_log_term,
//!   last_log_index)`); granting resets our election timer; always answer;
//! - `Vote`: counts only for a candidate, only in the same term; a majority
//!   of the cluster (our own vote included) makes us leader, and a new leader
//!   sends heartbeats at once;
//! - `Heartbeat`: from an older term, answer with our term so the sender
//!   steps down; from our term, follow that leader and reset the timer;
//!   `HeartbeatReply` only matters for its term.
//!
//! The simulator (at the bottom, given) delivers messages after 1 to 3
//! ticks, drops some, partitions the network, and records every leader of
//! every term: there must never be two.

use std::collections::HashSet;

pub type NodeId = usize;

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    RequestVote {
        term: u64,
        last_log_term: u64,
        last_log_index: u64,
    },
    Vote {
        term: u64,
        granted: bool,
    },
    Heartbeat {
        term: u64,
    },
    HeartbeatReply {
        term: u64,
    },
}

impl Msg {
    pub fn term(&self) -> u64 {
        match *self {
            Msg::RequestVote { term, .. }
            | Msg::Vote { term, .. }
            | Msg::Heartbeat { term }
            | Msg::HeartbeatReply { term } => term,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Follower,
    Candidate,
    Leader,
}

/// Election timeouts are drawn from `ELECTION_TIMEOUT..2 * ELECTION_TIMEOUT`.
pub const ELECTION_TIMEOUT: u64 = 20;
pub const HEARTBEAT_EVERY: u64 = 5;

/// A small deterministic random number generator (xorshift64*).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

pub struct Node {
    pub id: NodeId,
    pub cluster_size: usize,
    pub term: u64,
    pub voted_for: Option<NodeId>,
    pub role: Role,
    /// Who voted for us in this term (candidates only).
    pub votes: HashSet<NodeId>,
    /// Stand-ins for the log: the term and index of its last entry.
    pub last_log_term: u64,
    pub last_log_index: u64,
    election_deadline: u64,
    next_heartbeat: u64,
    rng: Rng,
}

type Out = Vec<(NodeId, Msg)>;

impl Node {
    pub fn new(id: NodeId, cluster_size: usize, seed: u64) -> Node {
        let mut node = Node {
            id,
            cluster_size,
            term: 0,
            voted_for: None,
            role: Role::Follower,
            votes: HashSet::new(),
            last_log_term: 0,
            last_log_index: 0,
            election_deadline: 0,
            next_heartbeat: 0,
            rng: Rng::new(seed ^ (id as u64 + 1).wrapping_mul(0xA24B_AED4_963E_E407)),
        };
        node.reset_election_timer(0);
        node
    }

    fn reset_election_timer(&mut self, now: u64) {
        self.election_deadline = now + ELECTION_TIMEOUT + self.rng.below(ELECTION_TIMEOUT);
    }

    fn others(&self) -> impl Iterator<Item = NodeId> + use<> {
        let me = self.id;
        (0..self.cluster_size).filter(move |&n| n != me)
    }

    fn broadcast(&self, msg: Msg) -> Out {
        self.others().map(|n| (n, msg.clone())).collect()
    }

    fn heartbeats(&mut self, now: u64) -> Out {
        self.next_heartbeat = now + HEARTBEAT_EVERY;
        self.broadcast(Msg::Heartbeat { term: self.term })
    }

    fn has_majority(&self) -> bool {
        self.votes.len() * 2 > self.cluster_size
    }

    fn become_leader(&mut self, now: u64) -> Out {
        self.role = Role::Leader;
        self.heartbeats(now)
    }

    /// Timers: heartbeats for a leader, elections for the others (given).
    pub fn tick(&mut self, now: u64) -> Out {
        match self.role {
            Role::Leader if now >= self.next_heartbeat => self.heartbeats(now),
            Role::Leader => Vec::new(),
            _ if now >= self.election_deadline => {
                self.term += 1;
                self.role = Role::Candidate;
                self.voted_for = Some(self.id);
                self.votes = HashSet::from([self.id]);
                self.reset_election_timer(now);
                if self.has_majority() {
                    return self.become_leader(now);
                }
                self.broadcast(Msg::RequestVote {
                    term: self.term,
                    last_log_term: self.last_log_term,
                    last_log_index: self.last_log_index,
                })
            }
            _ => Vec::new(),
        }
    }

    pub fn handle(&mut self, now: u64, from: NodeId, msg: Msg) -> Out {
        // TODO: terms, one vote per term, up-to-date logs, stale messages.
        // This version handles every message as if terms did not exist.
        match msg {
            Msg::RequestVote { term, .. } => {
                self.term = self.term.max(term);
                self.voted_for = Some(from);
                self.reset_election_timer(now);
                vec![(
                    from,
                    Msg::Vote {
                        term: self.term,
                        granted: true,
                    },
                )]
            }
            Msg::Vote { granted, .. } => {
                if granted {
                    self.votes.insert(from);
                    if self.role != Role::Leader && self.has_majority() {
                        return self.become_leader(now);
                    }
                }
                Vec::new()
            }
            Msg::Heartbeat { .. } => {
                self.role = Role::Follower;
                self.reset_election_timer(now);
                Vec::new()
            }
            Msg::HeartbeatReply { .. } => Vec::new(),
        }
    }
}

/// The simulated network (given).
pub mod sim {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    pub struct Cluster {
        pub nodes: Vec<Node>,
        pub now: u64,
        /// Messages dropped per thousand.
        pub drop_per_mille: u64,
        /// Every node that was leader in each term.
        pub leaders_by_term: BTreeMap<u64, BTreeSet<NodeId>>,
        in_flight: Vec<(u64, NodeId, NodeId, Msg)>,
        cut: HashSet<(NodeId, NodeId)>,
        rng: Rng,
    }

    impl Cluster {
        pub fn new(size: usize, seed: u64) -> Cluster {
            Cluster {
                nodes: (0..size).map(|id| Node::new(id, size, seed)).collect(),
                now: 0,
                drop_per_mille: 0,
                leaders_by_term: BTreeMap::new(),
                in_flight: Vec::new(),
                cut: HashSet::new(),
                rng: Rng::new(seed.wrapping_add(12345)),
            }
        }

        /// Only nodes of the same group can talk.
        pub fn partition(&mut self, groups: &[&[NodeId]]) {
            self.cut.clear();
            let group_of = |n: NodeId| groups.iter().position(|g| g.contains(&n));
            for a in 0..self.nodes.len() {
                for b in 0..self.nodes.len() {
                    if group_of(a) != group_of(b) {
                        self.cut.insert((a, b));
                    }
                }
            }
        }

        pub fn heal(&mut self) {
            self.cut.clear();
        }

        fn send(&mut self, from: NodeId, out: Vec<(NodeId, Msg)>) {
            for (to, msg) in out {
                let at = self.now + 1 + self.rng.below(3);
                self.in_flight.push((at, from, to, msg));
            }
        }

        pub fn step(&mut self) {
            self.now += 1;
            let now = self.now;
            let (due, later): (Vec<_>, Vec<_>) =
                self.in_flight.drain(..).partition(|(at, ..)| *at <= now);
            self.in_flight = later;
            for (_, from, to, msg) in due {
                if self.cut.contains(&(from, to)) || self.rng.below(1000) < self.drop_per_mille {
                    continue;
                }
                let out = self.nodes[to].handle(now, from, msg);
                self.send(to, out);
            }
            for id in 0..self.nodes.len() {
                let out = self.nodes[id].tick(now);
                self.send(id, out);
            }
            for node in &self.nodes {
                if node.role == Role::Leader {
                    self.leaders_by_term
                        .entry(node.term)
                        .or_default()
                        .insert(node.id);
                }
            }
        }

        pub fn run(&mut self, ticks: u64) {
            for _ in 0..ticks {
                self.step();
            }
        }

        /// Runs until `done` holds; false if it did not within `ticks`.
        pub fn run_until(&mut self, ticks: u64, done: impl Fn(&Cluster) -> bool) -> bool {
            for _ in 0..ticks {
                self.step();
                if done(self) {
                    return true;
                }
            }
            false
        }

        /// The leader of the highest term that has one, among the nodes
        /// that currently are leaders.
        pub fn leader(&self) -> Option<&Node> {
            self.nodes
                .iter()
                .filter(|n| n.role == Role::Leader)
                .max_by_key(|n| n.term)
        }

        /// Panics if some term ever had two leaders.
        pub fn assert_safe(&self) {
            for (term, leaders) in &self.leaders_by_term {
                assert!(leaders.len() <= 1, "term {term} had leaders {leaders:?}");
            }
        }
    }
}

fn main() {
    let mut cluster = sim::Cluster::new(5, 42);
    cluster.run_until(500, |c| c.leader().is_some());
    let leader = cluster.leader().map(|n| (n.id, n.term));
    println!("tick {}: leader {leader:?}", cluster.now);
}

#[cfg(test)]
mod tests {
    use super::sim::Cluster;
    use super::*;

    fn vote_request(term: u64) -> Msg {
        Msg::RequestVote {
            term,
            last_log_term: 0,
            last_log_index: 0,
        }
    }

    fn granted(out: &[(NodeId, Msg)]) -> bool {
        matches!(out, [(_, Msg::Vote { granted: true, .. })])
    }

    fn one_vote_per_term() {
        let mut n = Node::new(0, 3, 1);
        assert!(granted(&n.handle(1, 1, vote_request(1))));
        assert!(
            !granted(&n.handle(1, 2, vote_request(1))),
            "already voted for 1"
        );
        assert!(
            granted(&n.handle(2, 1, vote_request(1))),
            "the same candidate asking again"
        );
        assert!(
            granted(&n.handle(3, 2, vote_request(2))),
            "a new term, a new vote"
        );
        assert_eq!((n.term, n.voted_for), (2, Some(2)));
        assert!(!granted(&n.handle(4, 1, vote_request(1))), "an old term");
    }

    fn a_stale_log_loses_the_vote() {
        let mut n = Node::new(0, 3, 1);
        n.last_log_term = 2;
        n.last_log_index = 5;
        let old = Msg::RequestVote {
            term: 3,
            last_log_term: 1,
            last_log_index: 9,
        };
        assert!(!granted(&n.handle(1, 1, old)));
        assert_eq!(
            n.term, 3,
            "the term is adopted even when the vote is refused"
        );
        let fresh = Msg::RequestVote {
            term: 3,
            last_log_term: 2,
            last_log_index: 5,
        };
        assert!(granted(&n.handle(1, 2, fresh)));
    }

    fn only_current_votes_count() {
        let mut n = Node::new(0, 5, 1);
        for t in 0..100 {
            n.tick(t);
        }
        assert_eq!(n.role, Role::Candidate);
        let term = n.term;
        n.handle(
            100,
            1,
            Msg::Vote {
                term: term - 1,
                granted: true,
            },
        );
        n.handle(
            100,
            2,
            Msg::Vote {
                term: term - 1,
                granted: true,
            },
        );
        assert_eq!(n.role, Role::Candidate, "votes from an old term");
        n.handle(
            100,
            3,
            Msg::Vote {
                term,
                granted: false,
            },
        );
        n.handle(
            100,
            1,
            Msg::Vote {
                term,
                granted: true,
            },
        );
        assert_eq!(n.role, Role::Candidate, "2 of 5");
        let out = n.handle(
            100,
            2,
            Msg::Vote {
                term,
                granted: true,
            },
        );
        assert_eq!(n.role, Role::Leader);
        assert_eq!(out.len(), 4, "a new leader announces itself at once");
        assert!(out.iter().all(|(_, m)| *m == Msg::Heartbeat { term }));
    }

    fn a_higher_term_dethrones_a_leader() {
        let mut n = Node::new(0, 1, 1);
        for t in 0..100 {
            n.tick(t);
        }
        assert_eq!(n.role, Role::Leader, "a cluster of one elects itself");
        let term = n.term;
        let out = n.handle(100, 1, Msg::Heartbeat { term: term - 1 });
        assert_eq!(
            out,
            vec![(1, Msg::HeartbeatReply { term })],
            "a stale leader is told"
        );
        assert_eq!(n.role, Role::Leader);
        n.handle(101, 1, Msg::HeartbeatReply { term: term + 1 });
        assert_eq!(
            (n.role, n.term, n.voted_for),
            (Role::Follower, term + 1, None)
        );
    }

    #[test]
    fn votes_follow_the_rules() {
        one_vote_per_term();
        a_stale_log_loses_the_vote();
    }

    #[test]
    fn terms_decide_what_counts() {
        only_current_votes_count();
        a_higher_term_dethrones_a_leader();
    }

    #[test]
    fn a_candidate_yields_to_a_leader_of_its_term() {
        let mut n = Node::new(0, 3, 1);
        for t in 0..100 {
            n.tick(t);
        }
        let term = n.term;
        assert_eq!(n.role, Role::Candidate);
        n.handle(100, 2, Msg::Heartbeat { term });
        assert_eq!(n.role, Role::Follower);
        assert!(n.tick(101).is_empty(), "the election timer was reset");
    }

    #[test]
    fn a_stable_cluster_elects_one_leader_and_keeps_it() {
        for seed in 1..=10 {
            let mut c = Cluster::new(5, seed);
            assert!(
                c.run_until(300, |c| c.leader().is_some()),
                "seed {seed}: no leader"
            );
            let first = c.leader().map(|n| (n.id, n.term));
            c.run(300);
            assert_eq!(c.leader().map(|n| (n.id, n.term)), first, "seed {seed}");
            c.assert_safe();
        }
    }

    #[test]
    fn an_isolated_leader_is_replaced_then_steps_down() {
        let mut c = Cluster::new(5, 7);
        assert!(c.run_until(300, |c| c.leader().is_some()));
        let old = c.leader().unwrap().id;
        let old_term = c.leader().unwrap().term;
        let rest: Vec<NodeId> = (0..5).filter(|&n| n != old).collect();
        c.partition(&[&[old], &rest]);
        assert!(
            c.run_until(400, |c| c
                .leader()
                .is_some_and(|n| n.id != old && n.term > old_term)),
            "the majority elects a new leader"
        );
        c.heal();
        c.run(100);
        assert_ne!(c.nodes[old].role, Role::Leader, "the old leader steps down");
        let leaders = c.nodes.iter().filter(|n| n.role == Role::Leader).count();
        assert_eq!(leaders, 1);
        c.assert_safe();
    }

    #[test]
    fn a_minority_never_elects() {
        let mut c = Cluster::new(5, 3);
        c.partition(&[&[0, 1], &[2, 3, 4]]);
        c.run(800);
        for leaders in c.leaders_by_term.values() {
            assert!(
                !leaders.contains(&0) && !leaders.contains(&1),
                "{leaders:?}"
            );
        }
        assert!(c.leader().is_some(), "the majority side has a leader");
        c.assert_safe();
    }

    #[test]
    fn never_two_leaders_in_a_term() {
        for seed in 1..=6 {
            let mut c = Cluster::new(5, seed);
            c.drop_per_mille = 200;
            let mut rng = Rng::new(seed);
            for _ in 0..30 {
                match rng.below(3) {
                    0 => c.heal(),
                    _ => {
                        let cut = 1 + rng.below(4) as usize;
                        let a: Vec<NodeId> = (0..cut).collect();
                        let b: Vec<NodeId> = (cut..5).collect();
                        c.partition(&[&a, &b]);
                    }
                }
                c.run(60);
            }
            c.assert_safe();
            assert!(
                c.leaders_by_term.len() > 3,
                "seed {seed}: elections happened"
            );
        }
    }

    #[test]
    fn the_simulation_is_deterministic() {
        let run = |seed| {
            let mut c = Cluster::new(5, seed);
            c.drop_per_mille = 100;
            c.run(500);
            (
                c.leader().map(|n| (n.id, n.term)),
                c.leaders_by_term.clone(),
            )
        };
        assert_eq!(run(11), run(11));
    }
}
