//! Tutor-owned copy of the shipped array-of-structures `World`.

use super::ex::Particle;

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
