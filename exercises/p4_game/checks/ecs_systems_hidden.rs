//! Tutor-owned tests for `ecs_systems`: a crowded step.

#[path = "../ecs_systems.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::*;
    use hecs::World;

    #[test]
    fn hidden_crowd() {
        let mut world = World::new();
        let tough = world.spawn((Enemy, Position { x: 0.0, y: 0.0 }, Radius(1.0), Health(10)));
        let weak = world.spawn((Enemy, Position { x: 0.0, y: 5.0 }, Radius(1.0), Health(1)));
        let player = world.spawn((Player, Position { x: 0.0, y: 2.5 }, Radius(1.0), Health(3)));
        for y in [0.5, 4.5, 2.5, 20.0] {
            world.spawn((
                Bullet { damage: 4 },
                Position { x: 0.0, y },
                Radius(0.1),
                Lifetime(0.1),
            ));
        }
        let report = step(&mut world, 0.05);
        assert_eq!(
            report,
            StepReport {
                killed: 1,
                expired: 0
            }
        );
        assert_eq!(world.get::<&Health>(tough).unwrap().0, 6);
        assert!(!world.contains(weak));
        assert_eq!(world.get::<&Health>(player).unwrap().0, 3);
        assert_eq!(
            world.len(),
            4,
            "tough, player and the two bullets that hit nothing"
        );
        let report = step(&mut world, 0.05);
        assert_eq!(
            report,
            StepReport {
                killed: 0,
                expired: 2
            }
        );
        assert_eq!(world.len(), 2);
    }

    #[test]
    fn hidden_movement_and_expiry() {
        let mut world = World::new();
        let e = world.spawn((
            Position { x: 1.0, y: 1.0 },
            Velocity { x: -1.0, y: 0.5 },
            Lifetime(1.0),
        ));
        for _ in 0..3 {
            movement(&mut world, 0.25);
            assert_eq!(expire(&mut world, 0.25), 0);
        }
        assert_eq!(
            *world.get::<&Position>(e).unwrap(),
            Position { x: 0.25, y: 1.375 }
        );
        assert_eq!(expire(&mut world, 0.25), 1);
        assert!(world.is_empty());
    }
}
