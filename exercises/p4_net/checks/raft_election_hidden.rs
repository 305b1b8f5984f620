//! Tutor-owned tests for `raft_election`: other cluster sizes, more loss.

#[path = "../raft_election.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::sim::Cluster;
    use super::ex::*;

    #[test]
    fn hidden_sizes_and_loss() {
        for (size, seed) in [(3, 21), (4, 22), (7, 23)] {
            let mut c = Cluster::new(size, seed);
            assert!(c.run_until(400, |c| c.leader().is_some()), "size {size}");
            c.drop_per_mille = 300;
            c.run(1500);
            c.assert_safe();
        }
    }

    #[test]
    fn hidden_even_split_elects_nobody() {
        let mut c = Cluster::new(4, 5);
        c.partition(&[&[0, 1], &[2, 3]]);
        c.run(600);
        assert!(c.leaders_by_term.is_empty(), "{:?}", c.leaders_by_term);
        c.heal();
        assert!(c.run_until(400, |c| c.leader().is_some()));
        c.assert_safe();
    }

    #[test]
    fn hidden_vote_rules() {
        let mut n = Node::new(2, 5, 9);
        let ask = |term, lt, li| Msg::RequestVote {
            term,
            last_log_term: lt,
            last_log_index: li,
        };
        n.last_log_term = 4;
        n.last_log_index = 10;
        let out = n.handle(5, 0, ask(6, 4, 9));
        assert_eq!(
            out,
            vec![(
                0,
                Msg::Vote {
                    term: 6,
                    granted: false
                }
            )]
        );
        let out = n.handle(5, 1, ask(6, 5, 0));
        assert_eq!(
            out,
            vec![(
                1,
                Msg::Vote {
                    term: 6,
                    granted: true
                }
            )]
        );
        let out = n.handle(5, 3, ask(6, 9, 9));
        assert_eq!(
            out,
            vec![(
                3,
                Msg::Vote {
                    term: 6,
                    granted: false
                }
            )]
        );
        assert_eq!(n.voted_for, Some(1));
    }
}
