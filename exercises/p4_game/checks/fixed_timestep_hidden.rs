//! Tutor-owned tests for `fixed_timestep`: other levels, other frame times.

#[path = "../fixed_timestep.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::*;

    fn level() -> Level {
        Level {
            solids: vec![
                Aabb {
                    min: v(-50.0, -2.0),
                    max: v(50.0, 0.0),
                },
                Aabb {
                    min: v(-4.0, 0.0),
                    max: v(-3.0, 10.0),
                },
                Aabb {
                    min: v(1.0, 2.0),
                    max: v(6.0, 2.5),
                },
            ],
        }
    }

    #[test]
    fn hidden_walls_on_the_left() {
        let mut sim = Sim::new(Body::at(0.0, 0.0), level());
        let left = Input {
            left: true,
            right: false,
            jump: false,
        };
        while sim.ticks < 200 {
            sim.advance(0.013, left);
        }
        assert_eq!(sim.body.pos.x, -3.0);
        assert!(sim.body.on_ground);
    }

    #[test]
    fn hidden_replay_and_rates() {
        let mut a = Sim::new(Body::at(-2.0, 6.0), level());
        let mut b = Sim::new(Body::at(-2.0, 6.0), level());
        let mut i = 0u32;
        let input = |t: u64| Input {
            left: t % 40 < 5,
            right: t % 40 >= 5,
            jump: t % 60 == 30,
        };
        while a.ticks < 300 {
            let t = a.ticks;
            a.advance(DT * 3.0, input(t));
            i += 1;
        }
        assert_eq!(a.ticks, 300);
        assert!(i >= 100);
        let replayed = replay(Body::at(-2.0, 6.0), &b.level, &a.log);
        assert_eq!(replayed, a.body);
        for inp in a.log.clone() {
            b.advance(DT, inp);
        }
        assert_eq!(b.body, a.body);
        assert_eq!(
            b.advance(DT * MAX_STEPS as f32 * 2.5, Input::default()),
            MAX_STEPS
        );
        assert!((0.0..1.0).contains(&b.alpha()));
    }
}
