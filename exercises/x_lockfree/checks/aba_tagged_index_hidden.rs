//! Tutor-owned stress test for `aba_tagged_index`: four threads move values
//! between two stacks that share a pool of four nodes, so nodes are recycled
//! all the time. Nothing may be lost or duplicated.
#![allow(dead_code)]

#[path = "../aba_tagged_index.rs"]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::{Pool, Stack};

    #[test]
    fn hidden_values_survive_heavy_recycling() {
        let pool = Pool::with_capacity(4);
        let (a, b) = (Stack::new(&pool), Stack::new(&pool));
        for v in 1..=3 {
            a.push(v).unwrap();
        }
        std::thread::scope(|s| {
            for t in 0..4 {
                let (a, b) = (&a, &b);
                s.spawn(move || {
                    let (from, to) = if t % 2 == 0 { (a, b) } else { (b, a) };
                    for _ in 0..20_000 {
                        if let Some(v) = from.pop() {
                            // Three values and four nodes: a push always finds one.
                            to.push(v).expect("a node was lost");
                        }
                    }
                });
            }
        });
        let mut values: Vec<u64> = std::iter::from_fn(|| a.pop())
            .chain(std::iter::from_fn(|| b.pop()))
            .collect();
        values.sort_unstable();
        assert_eq!(values, [1, 2, 3], "values were lost or duplicated");
        // And all four nodes are free again.
        let c = Stack::new(&pool);
        for v in 0..4 {
            c.push(v).expect("a node leaked");
        }
        assert!(c.push(4).is_err());
    }
}
