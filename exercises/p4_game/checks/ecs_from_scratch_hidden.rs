//! Tutor-owned tests for `ecs_from_scratch`: many random operations checked
//! against a plain map.

#[path = "../ecs_from_scratch.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::*;
    use std::collections::HashMap;

    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn hidden_random_operations_match_a_model() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut world = World::new();
        let mut model: HashMap<Entity, (Option<u32>, Option<i64>)> = HashMap::new();
        let mut dead: Vec<Entity> = Vec::new();
        for step in 0..3000u32 {
            let live: Vec<Entity> = model.keys().copied().collect();
            match rng.next() % 6 {
                0 | 1 => {
                    let e = world.spawn();
                    assert!(!model.contains_key(&e), "a handle was handed out twice");
                    model.insert(e, (None, None));
                }
                2 if !live.is_empty() => {
                    let e = live[(rng.next() % live.len() as u64) as usize];
                    assert!(world.despawn(e));
                    model.remove(&e);
                    dead.push(e);
                }
                3 if !live.is_empty() => {
                    let e = live[(rng.next() % live.len() as u64) as usize];
                    let old = world.insert(e, step).unwrap();
                    assert_eq!(old, model.get(&e).unwrap().0);
                    model.get_mut(&e).unwrap().0 = Some(step);
                }
                4 if !live.is_empty() => {
                    let e = live[(rng.next() % live.len() as u64) as usize];
                    world.insert(e, -(step as i64)).unwrap();
                    model.get_mut(&e).unwrap().1 = Some(-(step as i64));
                }
                5 if !live.is_empty() => {
                    let e = live[(rng.next() % live.len() as u64) as usize];
                    assert_eq!(world.remove::<u32>(e), model.get(&e).unwrap().0);
                    model.get_mut(&e).unwrap().0 = None;
                }
                _ => {}
            }
        }
        for (e, (a, b)) in &model {
            assert_eq!(world.get::<u32>(*e).copied(), *a);
            assert_eq!(world.get::<i64>(*e).copied(), *b);
        }
        for e in dead.iter().rev().take(50) {
            assert!(!world.is_alive(*e));
            assert_eq!(world.get::<u32>(*e), None);
            assert!(!world.despawn(*e));
        }
        assert_eq!(
            world.count::<u32>(),
            model.values().filter(|v| v.0.is_some()).count()
        );
        let mut visited = 0;
        world.for_each2::<u32, i64>(|e, a, b| {
            assert_eq!(model[&e], (Some(*a), Some(*b)));
            *a += 1;
            visited += 1;
        });
        assert_eq!(
            visited,
            model
                .values()
                .filter(|v| v.0.is_some() && v.1.is_some())
                .count()
        );
    }
}
