//! A platformer's physics: a fixed time step, AABB collisions, replays.
//!
//! Frames take whatever time they take (16 ms, 7 ms, a 300 ms hiccup), but
//! physics that integrates with the frame time behaves differently at every
//! frame rate and cannot be replayed. The fix is a fixed time step: frame time
//! goes into an accumulator, and the simulation advances in steps of exactly
//! `DT` while the accumulator holds at least `DT`.
//!
//! Implement:
//! - `Sim::advance(frame_time, input)`: run as many `DT` steps as the
//!   accumulated time allows, but at most `MAX_STEPS` per frame (a slow
//!   machine must not fall further and further behind: drop the backlog,
//!   keeping less than one step); log the input of every step; return the
//!   number of steps;
//! - `Sim::alpha()`: how far the accumulator is into the next step (0..1),
//!   which a renderer uses to interpolate between two states;
//! - `move_and_collide`: move along x and resolve collisions on x, then the
//!   same along y: a wall stops horizontal motion, a floor stops a fall and
//!   sets `on_ground`, a ceiling stops a jump;
//! - `replay`: from the same start and the same inputs, the same end, to the bit.

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Vec2 {
    pub x: f32,
    pub y: f32,
}

pub const fn v(x: f32, y: f32) -> Vec2 {
    Vec2 { x, y }
}

/// An axis-aligned box. Boxes that only touch do not overlap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Aabb {
    pub min: Vec2,
    pub max: Vec2,
}

impl Aabb {
    pub fn overlaps(&self, other: &Aabb) -> bool {
        self.min.x < other.max.x
            && other.min.x < self.max.x
            && self.min.y < other.max.y
            && other.min.y < self.max.y
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Input {
    pub left: bool,
    pub right: bool,
    pub jump: bool,
}

/// The player: `pos` is the bottom-left corner; y points up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Body {
    pub pos: Vec2,
    pub vel: Vec2,
    pub size: Vec2,
    pub on_ground: bool,
}

impl Body {
    pub fn at(x: f32, y: f32) -> Body {
        Body {
            pos: v(x, y),
            vel: Vec2::default(),
            size: v(1.0, 1.0),
            on_ground: false,
        }
    }

    pub fn aabb(&self) -> Aabb {
        Aabb {
            min: self.pos,
            max: v(self.pos.x + self.size.x, self.pos.y + self.size.y),
        }
    }
}

pub struct Level {
    pub solids: Vec<Aabb>,
}

pub const DT: f32 = 1.0 / 60.0;
pub const MAX_STEPS: u32 = 5;
pub const GRAVITY: f32 = -30.0;
pub const RUN_SPEED: f32 = 6.0;
pub const JUMP_SPEED: f32 = 12.0;
/// At most half a tile per step: nothing falls through a half-tile platform.
pub const MAX_FALL_SPEED: f32 = 30.0;

/// One fixed step of `DT` (given).
pub fn step(body: &mut Body, level: &Level, input: Input) {
    body.vel.x = match (input.left, input.right) {
        (true, false) => -RUN_SPEED,
        (false, true) => RUN_SPEED,
        _ => 0.0,
    };
    if input.jump && body.on_ground {
        body.vel.y = JUMP_SPEED;
    }
    body.vel.y = (body.vel.y + GRAVITY * DT).max(-MAX_FALL_SPEED);
    move_and_collide(body, level, DT);
}

pub fn move_and_collide(body: &mut Body, level: &Level, dt: f32) {
    body.pos.x += body.vel.x * dt;
    for solid in &level.solids {
        if body.aabb().overlaps(solid) {
            if body.vel.x > 0.0 {
                body.pos.x = solid.min.x - body.size.x;
            } else if body.vel.x < 0.0 {
                body.pos.x = solid.max.x;
            }
            body.vel.x = 0.0;
        }
    }
    body.on_ground = false;
    body.pos.y += body.vel.y * dt;
    for solid in &level.solids {
        if body.aabb().overlaps(solid) {
            if body.vel.y < 0.0 {
                body.pos.y = solid.max.y;
                body.on_ground = true;
            } else if body.vel.y > 0.0 {
                body.pos.y = solid.min.y - body.size.y;
            }
            body.vel.y = 0.0;
        }
    }
}

pub struct Sim {
    pub body: Body,
    pub level: Level,
    pub ticks: u64,
    /// The input of every step, in order.
    pub log: Vec<Input>,
    accumulator: f32,
}

impl Sim {
    pub fn new(body: Body, level: Level) -> Sim {
        Sim {
            body,
            level,
            ticks: 0,
            log: Vec::new(),
            accumulator: 0.0,
        }
    }

    pub fn advance(&mut self, frame_time: f32, input: Input) -> u32 {
        self.accumulator += frame_time;
        let mut steps = 0;
        while self.accumulator >= DT && steps < MAX_STEPS {
            step(&mut self.body, &self.level, input);
            self.log.push(input);
            self.ticks += 1;
            self.accumulator -= DT;
            steps += 1;
        }
        if self.accumulator >= DT {
            // Too far behind: give up on the backlog instead of spiralling.
            self.accumulator %= DT;
        }
        steps
    }

    pub fn alpha(&self) -> f32 {
        self.accumulator / DT
    }
}

pub fn replay(start: Body, level: &Level, log: &[Input]) -> Body {
    let mut body = start;
    for &input in log {
        step(&mut body, level, input);
    }
    body
}

fn main() {
    let level = Level {
        solids: vec![Aabb {
            min: v(-10.0, -1.0),
            max: v(10.0, 0.0),
        }],
    };
    let mut sim = Sim::new(Body::at(0.0, 5.0), level);
    for frame in 0..120 {
        let input = Input {
            right: frame > 60,
            ..Input::default()
        };
        sim.advance(1.0 / 60.0, input);
    }
    println!("{:?} after {} ticks", sim.body, sim.ticks);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solid(x0: f32, y0: f32, x1: f32, y1: f32) -> Aabb {
        Aabb {
            min: v(x0, y0),
            max: v(x1, y1),
        }
    }

    fn floor() -> Level {
        Level {
            solids: vec![solid(-100.0, -1.0, 100.0, 0.0)],
        }
    }

    const IDLE: Input = Input {
        left: false,
        right: false,
        jump: false,
    };
    const RIGHT: Input = Input {
        left: false,
        right: true,
        jump: false,
    };
    const JUMP: Input = Input {
        left: false,
        right: false,
        jump: true,
    };

    fn run_ticks(sim: &mut Sim, frame: f32, input: Input, ticks: u64) {
        while sim.ticks < ticks {
            sim.advance(frame, input);
        }
    }

    #[test]
    fn the_accumulator_runs_whole_steps() {
        let mut sim = Sim::new(Body::at(0.0, 0.0), floor());
        assert_eq!(sim.advance(0.010, IDLE), 0, "steps run by a 10 ms frame");
        assert!((sim.alpha() - 0.6).abs() < 1e-4, "{}", sim.alpha());
        assert_eq!(
            sim.advance(0.010, IDLE),
            1,
            "steps run by the next 10 ms frame"
        );
        assert!((sim.alpha() - 0.2).abs() < 1e-4, "{}", sim.alpha());
        assert_eq!(sim.advance(3.0 * DT, IDLE), 3);
        assert_eq!(sim.ticks, 4);
        assert_eq!(sim.log.len(), 4);
    }

    #[test]
    fn a_long_frame_does_not_spiral() {
        let mut sim = Sim::new(Body::at(0.0, 0.0), floor());
        assert_eq!(
            sim.advance(10.0, IDLE),
            MAX_STEPS,
            "steps run by a 10 s frame"
        );
        assert!(sim.alpha() < 1.0, "the backlog is dropped: {}", sim.alpha());
        assert!(sim.advance(DT, IDLE) <= 2);
    }

    #[test]
    fn falls_and_lands_on_the_floor() {
        let mut sim = Sim::new(Body::at(0.0, 5.0), floor());
        run_ticks(&mut sim, DT, IDLE, 120);
        assert_eq!(sim.body.pos.y, 0.0);
        assert_eq!(sim.body.vel.y, 0.0);
        assert!(sim.body.on_ground);
    }

    #[test]
    fn walls_stop_horizontal_motion() {
        let mut level = floor();
        level.solids.push(solid(3.0, 0.0, 4.0, 3.0));
        let mut sim = Sim::new(Body::at(0.0, 0.0), level);
        run_ticks(&mut sim, DT, RIGHT, 120);
        assert_eq!(sim.body.pos.x, 2.0, "flush against the wall");
        assert_eq!(sim.body.pos.y, 0.0, "still on the floor, not on the wall");
        assert!(sim.body.on_ground);
    }

    #[test]
    fn jumps_start_only_from_the_ground() {
        let mut sim = Sim::new(Body::at(0.0, 0.0), floor());
        run_ticks(&mut sim, DT, IDLE, 2);
        let mut apex: f32 = 0.0;
        for _ in 0..90 {
            sim.advance(DT, JUMP);
            apex = apex.max(sim.body.pos.y);
            if sim.body.on_ground {
                break;
            }
        }
        // v²/2g = 144 / 60 = 2.4, give or take the discrete steps.
        assert!((2.2..2.6).contains(&apex), "apex {apex}");
    }

    #[test]
    fn ceilings_stop_a_jump() {
        let mut level = floor();
        level.solids.push(solid(-5.0, 1.5, 5.0, 2.5));
        let mut sim = Sim::new(Body::at(0.0, 0.0), level);
        run_ticks(&mut sim, DT, IDLE, 2);
        let mut highest: f32 = 0.0;
        for i in 0..40 {
            sim.advance(DT, if i < 5 { JUMP } else { IDLE });
            highest = highest.max(sim.body.pos.y);
        }
        assert_eq!(highest, 0.5, "the head stops at the ceiling");
        assert!(sim.body.on_ground, "and falls back down");
    }

    #[test]
    fn fast_falls_do_not_tunnel_through_thin_platforms() {
        let level = Level {
            solids: vec![solid(-2.0, 0.0, 2.0, 0.5)],
        };
        let mut sim = Sim::new(Body::at(0.0, 200.0), level);
        run_ticks(&mut sim, DT, IDLE, 600);
        assert_eq!(sim.body.pos.y, 0.5);
    }

    #[test]
    fn the_frame_rate_does_not_change_the_physics() {
        let mut slow = Sim::new(Body::at(0.0, 3.0), floor());
        let mut fast = Sim::new(Body::at(0.0, 3.0), floor());
        run_ticks(&mut slow, 2.0 * DT, RIGHT, 90);
        run_ticks(&mut fast, DT / 2.0, RIGHT, 90);
        assert_eq!(slow.ticks, fast.ticks);
        assert_eq!(slow.body, fast.body);
    }

    #[test]
    fn a_replay_ends_where_the_game_ended() {
        let start = Body::at(-3.0, 4.0);
        let mut level = floor();
        level.solids.push(solid(2.0, 0.0, 3.0, 1.0));
        let mut sim = Sim::new(start, level);
        let frames = [0.016, 0.007, 0.033, 0.3, 0.011, 0.016, 0.021];
        for i in 0..200 {
            let input = Input {
                left: i % 50 > 40,
                right: i % 7 != 0,
                jump: i % 23 == 0,
            };
            sim.advance(frames[i % frames.len()], input);
        }
        assert_eq!(sim.log.len() as u64, sim.ticks);
        assert_eq!(replay(start, &sim.level, &sim.log), sim.body);
    }
}
