//! Data layout for the cache: hot/cold splitting and structure of arrays.
//!
//! A `Particle` is 128 bytes, and the hot loop, `kinetic_energy_above`, reads
//! 16 of them: the mass and the velocity. With a `Vec<Particle>` (an *array
//! of structures*), every particle drags a whole 64-byte cache line from
//! memory for those 16 bytes, and the loop waits on memory, not on
//! arithmetic.
//!
//! Change `World`'s layout (keep its methods): store the hot fields in their
//! own arrays (a *structure of arrays*: one `Vec` per field, or one `Vec` of
//! small hot structs), and the cold rest elsewhere. Then the loop streams
//! through 16 bytes per particle, and the compiler can vectorize it.
//!
//! The tests check the results and that `particle(i)` still gives back every
//! field. A tutor-owned harness times `kinetic_energy_above` on a million
//! particles against the array-of-structures version: yours must be at least
//! 2× faster. (Caching the answer will not help: the threshold changes on
//! every call.)

#[derive(Debug, Clone, PartialEq)]
#[repr(C)]
pub struct Particle {
    pub id: u64,
    pub name: [u8; 24],
    pub position: [f32; 3],
    pub color: [u8; 4],
    pub mass: u32,
    pub velocity: [i32; 3],
    pub created_at: u64,
    pub tags: [u32; 12],
}

// TODO: an array of structures. Split it.
pub struct World {
    particles: Vec<Particle>,
}

impl World {
    pub fn new(particles: &[Particle]) -> World {
        World {
            particles: particles.to_vec(),
        }
    }

    pub fn len(&self) -> usize {
        self.particles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.particles.is_empty()
    }

    pub fn particle(&self, i: usize) -> Particle {
        self.particles[i].clone()
    }

    /// Σ mass × |velocity|² over the particles of at least `min_mass`.
    pub fn kinetic_energy_above(&self, min_mass: u32) -> u64 {
        let mut total = 0;
        for p in &self.particles {
            if p.mass >= min_mass {
                let [x, y, z] = p.velocity.map(|v| i64::from(v) * i64::from(v));
                total += u64::from(p.mass) * (x + y + z) as u64;
            }
        }
        total
    }

    /// Multiplies every velocity by `factor`.
    pub fn boost(&mut self, factor: i32) {
        for p in &mut self.particles {
            p.velocity = p.velocity.map(|v| v * factor);
        }
    }
}

/// `n` particles with masses 1..=100 and velocities in -1000..1000.
pub fn sample(n: usize) -> Vec<Particle> {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..n)
        .map(|i| Particle {
            id: i as u64,
            name: [b'p'; 24],
            position: [i as f32, 0.0, 1.0],
            color: [255, 0, 0, 255],
            mass: (next() % 100) as u32 + 1,
            velocity: [0; 3].map(|_: i32| (next() % 2000) as i32 - 1000),
            created_at: next(),
            tags: [7; 12],
        })
        .collect()
}

fn main() {
    let world = World::new(&sample(100_000));
    println!(
        "{} particles, energy of the heavy half: {}",
        world.len(),
        world.kinetic_energy_above(51)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn particle(mass: u32, velocity: [i32; 3]) -> Particle {
        Particle {
            mass,
            velocity,
            ..sample(1).pop().unwrap()
        }
    }

    #[test]
    fn energy_of_a_few_particles() {
        let world = World::new(&[
            particle(2, [1, 2, 3]),   // 2 * 14 = 28
            particle(10, [-3, 0, 4]), // 10 * 25 = 250
            particle(1, [1000, 0, 0]),
        ]);
        assert_eq!(world.kinetic_energy_above(0), 28 + 250 + 1_000_000);
        assert_eq!(world.kinetic_energy_above(2), 278);
        assert_eq!(world.kinetic_energy_above(3), 250);
        assert_eq!(world.kinetic_energy_above(11), 0);
    }

    #[test]
    fn an_empty_world() {
        let world = World::new(&[]);
        assert!(world.is_empty());
        assert_eq!(world.kinetic_energy_above(0), 0);
    }

    #[test]
    fn particles_come_back_whole() {
        let particles = sample(1000);
        let world = World::new(&particles);
        assert_eq!(world.len(), 1000);
        for (i, p) in particles.iter().enumerate() {
            assert_eq!(&world.particle(i), p);
        }
    }

    #[test]
    fn boost_scales_the_energy() {
        let particles = sample(5000);
        let mut world = World::new(&particles);
        let before = world.kinetic_energy_above(40);
        world.boost(-3);
        assert_eq!(world.kinetic_energy_above(40), 9 * before);
        assert_eq!(
            world.particle(7).velocity,
            particles[7].velocity.map(|v| -3 * v)
        );
    }
}
