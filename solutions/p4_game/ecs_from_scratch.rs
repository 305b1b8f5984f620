//! An ECS from scratch: generational entities and sparse-set storage.
//!
//! What hecs and Bevy do underneath, in one file:
//! - an `Entity` is an index plus a generation. Despawning frees the index for
//!   reuse and bumps its generation, so an old handle can never reach the
//!   entity that reuses its slot;
//! - each component type has its own `SparseSet<T>`: a dense `Vec<T>` (fast to
//!   iterate), the entity index of each dense slot, and a sparse table from
//!   entity index to dense slot. Removing swaps the last element into the hole
//!   and fixes its sparse entry;
//! - the `World` keeps one storage per `TypeId` as `Box<dyn Storage>`, and
//!   downcasts it back to `SparseSet<T>` when it knows `T`.
//!
//! Fix and finish `SparseSet::remove`, `World::despawn` (stale handles, and
//! every component of the entity goes with it), the generation checks, and
//! `World::for_each2`, which visits every entity that has both an `A` and a
//! `B`, iterating over the smaller of the two sets.

use std::any::{Any, TypeId};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Entity {
    pub index: u32,
    pub generation: u32,
}

pub struct SparseSet<T> {
    /// Entity index → position in `dense`.
    sparse: Vec<Option<usize>>,
    /// The entity index of each element of `dense`.
    owners: Vec<u32>,
    dense: Vec<T>,
}

impl<T> Default for SparseSet<T> {
    fn default() -> Self {
        SparseSet {
            sparse: Vec::new(),
            owners: Vec::new(),
            dense: Vec::new(),
        }
    }
}

impl<T> SparseSet<T> {
    pub fn len(&self) -> usize {
        self.dense.len()
    }

    pub fn is_empty(&self) -> bool {
        self.dense.is_empty()
    }

    pub fn contains(&self, index: u32) -> bool {
        self.slot(index).is_some()
    }

    fn slot(&self, index: u32) -> Option<usize> {
        self.sparse.get(index as usize).copied().flatten()
    }

    /// Stores `value` for `index`; returns the value it replaces.
    pub fn insert(&mut self, index: u32, value: T) -> Option<T> {
        if let Some(slot) = self.slot(index) {
            return Some(std::mem::replace(&mut self.dense[slot], value));
        }
        let i = index as usize;
        if self.sparse.len() <= i {
            self.sparse.resize(i + 1, None);
        }
        self.sparse[i] = Some(self.dense.len());
        self.owners.push(index);
        self.dense.push(value);
        None
    }

    pub fn get(&self, index: u32) -> Option<&T> {
        self.slot(index).map(|slot| &self.dense[slot])
    }

    pub fn get_mut(&mut self, index: u32) -> Option<&mut T> {
        self.slot(index).map(|slot| &mut self.dense[slot])
    }

    pub fn remove(&mut self, index: u32) -> Option<T> {
        let slot = self.slot(index)?;
        self.sparse[index as usize] = None;
        let last = self.dense.len() - 1;
        if slot != last {
            // The last element moves into the hole: its sparse entry follows.
            let moved = self.owners[last];
            self.sparse[moved as usize] = Some(slot);
        }
        self.owners.swap_remove(slot);
        Some(self.dense.swap_remove(slot))
    }

    /// The entity indices and values, in storage order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &T)> {
        self.owners.iter().copied().zip(self.dense.iter())
    }
}

/// What the world needs from a storage whose component type it does not know.
pub trait Storage: Any {
    fn remove_index(&mut self, index: u32);
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl<T: 'static> Storage for SparseSet<T> {
    fn remove_index(&mut self, index: u32) {
        self.remove(index);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

#[derive(Default)]
pub struct World {
    /// The current generation of each index.
    generations: Vec<u32>,
    alive: Vec<bool>,
    free: Vec<u32>,
    storages: HashMap<TypeId, Box<dyn Storage>>,
}

impl World {
    pub fn new() -> World {
        World::default()
    }

    pub fn spawn(&mut self) -> Entity {
        if let Some(index) = self.free.pop() {
            self.alive[index as usize] = true;
            return Entity {
                index,
                generation: self.generations[index as usize],
            };
        }
        let index = self.generations.len() as u32;
        self.generations.push(0);
        self.alive.push(true);
        Entity {
            index,
            generation: 0,
        }
    }

    pub fn is_alive(&self, e: Entity) -> bool {
        let i = e.index as usize;
        i < self.alive.len() && self.alive[i] && self.generations[i] == e.generation
    }

    /// Returns false for a handle that is stale or was never spawned.
    pub fn despawn(&mut self, e: Entity) -> bool {
        if !self.is_alive(e) {
            return false;
        }
        for storage in self.storages.values_mut() {
            storage.remove_index(e.index);
        }
        let i = e.index as usize;
        self.alive[i] = false;
        self.generations[i] += 1;
        self.free.push(e.index);
        true
    }

    fn storage<T: 'static>(&self) -> Option<&SparseSet<T>> {
        self.storages.get(&TypeId::of::<T>()).map(|s| {
            s.as_any()
                .downcast_ref()
                .expect("storages match their TypeId")
        })
    }

    fn storage_mut<T: 'static>(&mut self) -> &mut SparseSet<T> {
        self.storages
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Box::new(SparseSet::<T>::default()))
            .as_any_mut()
            .downcast_mut()
            .expect("storages match their TypeId")
    }

    /// Adds or replaces the `T` of a live entity; a stale handle is an error
    /// that gives the value back.
    pub fn insert<T: 'static>(&mut self, e: Entity, value: T) -> Result<Option<T>, T> {
        if !self.is_alive(e) {
            return Err(value);
        }
        Ok(self.storage_mut::<T>().insert(e.index, value))
    }

    pub fn get<T: 'static>(&self, e: Entity) -> Option<&T> {
        if !self.is_alive(e) {
            return None;
        }
        self.storage::<T>()?.get(e.index)
    }

    pub fn get_mut<T: 'static>(&mut self, e: Entity) -> Option<&mut T> {
        if !self.is_alive(e) {
            return None;
        }
        self.storage_mut::<T>().get_mut(e.index)
    }

    pub fn remove<T: 'static>(&mut self, e: Entity) -> Option<T> {
        if !self.is_alive(e) {
            return None;
        }
        self.storage_mut::<T>().remove(e.index)
    }

    /// How many entities have a `T`.
    pub fn count<T: 'static>(&self) -> usize {
        self.storage::<T>().map_or(0, SparseSet::len)
    }

    /// Calls `f` for every entity that has both an `A` and a `B`. Panics if
    /// `A` and `B` are the same type (that would be two `&mut` to one value).
    pub fn for_each2<A: 'static, B: 'static>(&mut self, mut f: impl FnMut(Entity, &mut A, &B)) {
        assert_ne!(
            TypeId::of::<A>(),
            TypeId::of::<B>(),
            "for_each2 needs two different component types"
        );
        self.storage_mut::<A>();
        self.storage_mut::<B>();
        let generations = &self.generations;
        let [Some(a), Some(b)] = self
            .storages
            .get_disjoint_mut([&TypeId::of::<A>(), &TypeId::of::<B>()])
        else {
            unreachable!("both storages were just created");
        };
        let a: &mut SparseSet<A> = a.as_any_mut().downcast_mut().expect("A's storage");
        let b: &SparseSet<B> = b.as_any().downcast_ref().expect("B's storage");
        let entity = |index: u32| Entity {
            index,
            generation: generations[index as usize],
        };
        if a.len() <= b.len() {
            for (slot, &index) in a.owners.iter().enumerate() {
                if let Some(bv) = b.get(index) {
                    f(entity(index), &mut a.dense[slot], bv);
                }
            }
        } else {
            for (index, bv) in b.iter() {
                if let Some(av) = a.get_mut(index) {
                    f(entity(index), av, bv);
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Position(f32, f32);

#[derive(Debug, Clone, Copy, PartialEq)]
struct Velocity(f32, f32);

fn main() {
    let mut world = World::new();
    for i in 0..3 {
        let e = world.spawn();
        world.insert(e, Position(0.0, i as f32)).unwrap();
        if i != 1 {
            world.insert(e, Velocity(1.0, 0.0)).unwrap();
        }
    }
    world.for_each2::<Position, Velocity>(|e, p, v| {
        p.0 += v.0;
        println!("{e:?} -> {p:?}");
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_set_remove_keeps_the_others_reachable() {
        let mut set = SparseSet::default();
        for i in [5, 1, 9, 3] {
            set.insert(i, i * 10);
        }
        assert_eq!(set.remove(1), Some(10));
        assert_eq!(set.remove(1), None);
        assert_eq!(set.len(), 3);
        for i in [5, 9, 3] {
            assert_eq!(set.get(i), Some(&(i * 10)), "index {i}");
        }
        assert_eq!(set.remove(3), Some(30), "removing the last element");
        assert_eq!(set.remove(5), Some(50));
        assert_eq!(set.get(9), Some(&90));
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![(9, &90)]);
    }

    #[test]
    fn insert_replaces() {
        let mut set = SparseSet::default();
        assert_eq!(set.insert(2, "a"), None);
        assert_eq!(set.insert(2, "b"), Some("a"));
        assert_eq!(set.len(), 1);
        assert_eq!(set.get(2), Some(&"b"));
    }

    #[test]
    fn indices_are_reused_with_a_new_generation() {
        let mut world = World::new();
        let a = world.spawn();
        let b = world.spawn();
        assert!(world.despawn(a));
        let c = world.spawn();
        assert_eq!(c.index, a.index);
        assert_ne!(c.generation, a.generation);
        assert!(!world.is_alive(a));
        assert!(world.is_alive(b) && world.is_alive(c));
    }

    #[test]
    fn stale_handles_reach_nothing() {
        let mut world = World::new();
        let old = world.spawn();
        world.insert(old, Position(1.0, 1.0)).unwrap();
        world.despawn(old);
        let new = world.spawn();
        world.insert(new, Position(2.0, 2.0)).unwrap();
        assert_eq!(world.get::<Position>(old), None);
        assert_eq!(
            world.insert(old, Position(9.0, 9.0)),
            Err(Position(9.0, 9.0))
        );
        assert_eq!(world.remove::<Position>(old), None);
        assert!(!world.despawn(old), "despawning twice");
        assert_eq!(world.get::<Position>(new), Some(&Position(2.0, 2.0)));
    }

    #[test]
    fn despawn_removes_every_component() {
        let mut world = World::new();
        let e = world.spawn();
        world.insert(e, Position(0.0, 0.0)).unwrap();
        world.insert(e, Velocity(1.0, 1.0)).unwrap();
        world.insert(e, "name").unwrap();
        world.despawn(e);
        assert_eq!(world.count::<Position>(), 0);
        assert_eq!(world.count::<Velocity>(), 0);
        assert_eq!(world.count::<&str>(), 0);
        let reused = world.spawn();
        assert_eq!(reused.index, e.index);
        assert_eq!(world.get::<Velocity>(reused), None, "no ghost components");
    }

    #[test]
    fn for_each2_visits_exactly_the_entities_with_both() {
        let mut world = World::new();
        let mut both = Vec::new();
        for i in 0..10 {
            let e = world.spawn();
            world.insert(e, Position(i as f32, 0.0)).unwrap();
            if i % 3 == 0 {
                world.insert(e, Velocity(1.0, 2.0)).unwrap();
                both.push(e);
            }
        }
        let lonely = world.spawn();
        world.insert(lonely, Velocity(5.0, 5.0)).unwrap();
        let mut seen = Vec::new();
        world.for_each2::<Position, Velocity>(|e, p, v| {
            p.0 += v.0;
            p.1 += v.1;
            seen.push(e);
        });
        seen.sort_by_key(|e| e.index);
        assert_eq!(seen, both);
        assert_eq!(world.get::<Position>(both[1]), Some(&Position(4.0, 2.0)));
        assert_eq!(
            world.get::<Position>(Entity {
                index: 1,
                generation: 0
            }),
            Some(&Position(1.0, 0.0))
        );
        // The other way round iterates the other set first: same result.
        let mut count = 0;
        world.for_each2::<Velocity, Position>(|_, v, _| {
            v.0 = 0.0;
            count += 1;
        });
        assert_eq!(count, both.len());
    }

    #[test]
    fn for_each2_hands_out_current_handles() {
        let mut world = World::new();
        let first = world.spawn();
        world.despawn(first);
        let e = world.spawn();
        world.insert(e, Position(0.0, 0.0)).unwrap();
        world.insert(e, Velocity(0.0, 0.0)).unwrap();
        world.for_each2::<Position, Velocity>(|got, _, _| assert_eq!(got, e));
    }

    #[test]
    #[should_panic(expected = "two different component types")]
    fn for_each2_refuses_one_type_twice() {
        let mut world = World::new();
        world.for_each2::<Position, Position>(|_, _, _| {});
    }
}
