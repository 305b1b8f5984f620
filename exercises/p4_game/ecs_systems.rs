//! Entity-component-system with hecs: components are plain structs, systems
//! are plain functions over queries.
//!
//! The seed names Bevy; its ECS (bevy_ecs) takes a long time to build on a
//! small machine, so the course uses hecs, a small ECS with the same model:
//! a `World` of entities, each a bag of components, and queries over them.
//!
//! Write the systems of a small top-down shooter:
//! - `movement`: `Position += Velocity * dt` for everything that has both;
//! - `expire`: count down `Lifetime` and despawn what reached zero; returns
//!   how many were despawned;
//! - `collisions`: a `Bullet` that overlaps an `Enemy` (circles of `Radius`)
//!   takes `damage` from the nearest such enemy's `Health` and disappears;
//!   enemies at zero health or below are despawned. Returns the enemies killed.
//!   Bullets never hit the `Player`;
//! - `step`: movement, then collisions, then expiry.
//!
//! The first thing to fix is a borrow error in `expire`: a world cannot be
//! changed while a query is iterating over it.

#[allow(unused_imports)]
use hecs::{CommandBuffer, Entity, World};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    pub x: f32,
    pub y: f32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Velocity {
    pub x: f32,
    pub y: f32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Radius(pub f32);

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Health(pub i32);

/// Seconds left before the entity disappears.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lifetime(pub f32);

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bullet {
    pub damage: i32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Enemy;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Player;

pub fn movement(world: &mut World, dt: f32) {
    todo!(
        "move everything that has a velocity by {dt} s in {} entities",
        world.len()
    )
}

pub fn expire(world: &mut World, dt: f32) -> usize {
    let mut expired = 0;
    for (entity, life) in world.query_mut::<(Entity, &mut Lifetime)>() {
        life.0 -= dt;
        if life.0 <= 0.0 {
            world.despawn(entity).unwrap();
            expired += 1;
        }
    }
    expired
}

pub fn collisions(world: &mut World) -> usize {
    todo!("bullets against enemies, in {} entities", world.len())
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct StepReport {
    pub killed: usize,
    pub expired: usize,
}

pub fn step(world: &mut World, dt: f32) -> StepReport {
    movement(world, dt);
    let killed = collisions(world);
    let expired = expire(world, dt);
    StepReport { killed, expired }
}

fn main() {
    let mut world = World::new();
    world.spawn((Enemy, Position { x: 10.0, y: 0.0 }, Radius(1.0), Health(2)));
    for _ in 0..2 {
        world.spawn((
            Bullet { damage: 1 },
            Position { x: 0.0, y: 0.0 },
            Velocity { x: 20.0, y: 0.0 },
            Radius(0.1),
            Lifetime(2.0),
        ));
    }
    for tick in 0..60 {
        let report = step(&mut world, 1.0 / 60.0);
        if report != StepReport::default() {
            println!("tick {tick}: {report:?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(x: f32, y: f32) -> Position {
        Position { x, y }
    }

    fn bullet(world: &mut World, x: f32, damage: i32) -> Entity {
        world.spawn((Bullet { damage }, pos(x, 0.0), Radius(0.5), Lifetime(1.0)))
    }

    fn enemy(world: &mut World, x: f32, hp: i32) -> Entity {
        world.spawn((Enemy, pos(x, 0.0), Radius(1.0), Health(hp)))
    }

    #[test]
    fn movement_moves_only_what_has_a_velocity() {
        let mut world = World::new();
        let moving = world.spawn((pos(1.0, 1.0), Velocity { x: 2.0, y: -4.0 }));
        let still = world.spawn((pos(5.0, 5.0),));
        movement(&mut world, 0.5);
        assert_eq!(*world.get::<&Position>(moving).unwrap(), pos(2.0, -1.0));
        assert_eq!(*world.get::<&Position>(still).unwrap(), pos(5.0, 5.0));
    }

    #[test]
    fn expire_despawns_exactly_the_expired() {
        let mut world = World::new();
        let short = world.spawn((Lifetime(0.1),));
        let exact = world.spawn((Lifetime(0.25),));
        let long = world.spawn((Lifetime(1.0),));
        let forever = world.spawn((pos(0.0, 0.0),));
        assert_eq!(expire(&mut world, 0.25), 2);
        assert!(!world.contains(short) && !world.contains(exact));
        assert!(world.contains(long) && world.contains(forever));
        assert_eq!(world.get::<&Lifetime>(long).unwrap().0, 0.75);
        assert_eq!(expire(&mut world, 0.25), 0);
    }

    #[test]
    fn a_bullet_damages_the_enemy_it_overlaps_and_disappears() {
        let mut world = World::new();
        let e = enemy(&mut world, 1.0, 3);
        let hit = bullet(&mut world, 0.0, 1);
        let miss = bullet(&mut world, 10.0, 1);
        assert_eq!(collisions(&mut world), 0);
        assert_eq!(world.get::<&Health>(e).unwrap().0, 2);
        assert!(!world.contains(hit));
        assert!(world.contains(miss));
    }

    #[test]
    fn enemies_die_at_zero_health() {
        let mut world = World::new();
        let e = enemy(&mut world, 0.0, 2);
        bullet(&mut world, 0.0, 1);
        bullet(&mut world, 0.2, 1);
        bullet(&mut world, -0.2, 1);
        assert_eq!(collisions(&mut world), 1);
        assert!(!world.contains(e));
        assert_eq!(world.len(), 0, "every overlapping bullet is used up");
    }

    #[test]
    fn a_bullet_hits_only_the_nearest_enemy() {
        let mut world = World::new();
        let near = enemy(&mut world, 0.8, 5);
        let far = enemy(&mut world, -1.2, 5);
        bullet(&mut world, 0.0, 2);
        collisions(&mut world);
        assert_eq!(world.get::<&Health>(near).unwrap().0, 3);
        assert_eq!(world.get::<&Health>(far).unwrap().0, 5);
    }

    #[test]
    fn players_are_not_targets() {
        let mut world = World::new();
        let player = world.spawn((Player, pos(0.0, 0.0), Radius(1.0), Health(1)));
        let b = bullet(&mut world, 0.0, 1);
        assert_eq!(collisions(&mut world), 0);
        assert_eq!(world.get::<&Health>(player).unwrap().0, 1);
        assert!(world.contains(b));
    }

    #[test]
    fn a_full_step() {
        let mut world = World::new();
        let e = enemy(&mut world, 3.0, 1);
        world.spawn((
            Bullet { damage: 1 },
            pos(0.0, 0.0),
            Velocity { x: 2.0, y: 0.0 },
            Radius(0.5),
            Lifetime(0.5),
        ));
        world.spawn((Lifetime(0.3),));
        // After 0.5 s the bullet is at x = 1.0, out of reach (3.0 - 1.0 > 1.5).
        assert_eq!(
            step(&mut world, 0.5),
            StepReport {
                killed: 0,
                expired: 2
            }
        );
        world.spawn((
            Bullet { damage: 1 },
            pos(0.0, 0.0),
            Velocity { x: 4.0, y: 0.0 },
            Radius(0.5),
            Lifetime(0.5),
        ));
        // This one reaches x = 2.0 first, then the collision, then expiry.
        assert_eq!(
            step(&mut world, 0.5),
            StepReport {
                killed: 1,
                expired: 0
            }
        );
        assert!(!world.contains(e));
        assert_eq!(world.len(), 0);
    }
}
