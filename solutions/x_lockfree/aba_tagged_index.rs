//! The ABA problem, shown on `pop`, and fixed with a tagged index.
//!
//! The stacks here take their nodes from a shared, fixed `Pool` and give them
//! back when popped: nodes are *recycled*, as with any allocator. Nodes are
//! named by a 32-bit index, and a stack's head is an `AtomicU64`.
//!
//! ABA happens in `pop`. Thread 1 reads `head = A` and `A.next = B`, and is
//! paused before its CAS. Meanwhile thread 2 pops A and B, gives B to another
//! stack and pushes a new value, which gets node A again, onto this stack:
//! the head is A once more, but `A.next` is now C. Thread 1 resumes, its
//! `CAS(head: A -> B)` succeeds because the head *is* A, and the stack now
//! starts at B, a node that belongs to another stack.
//!
//! `pop_begin` and `pop_commit` are the two halves of `pop`, so a test can
//! pause between them. The fix: pack a 32-bit tag next to the 32-bit index
//! (tag in the high half) and increment it on *every* change of a head, so a
//! stale CAS sees another value even when the index is the same. The pool's
//! free list is a stack too, and needs the same protection.
//!
//! (The book tags the low 16 bits of a pointer. That needs nodes aligned to
//! 64 KiB; a `Box`ed node is aligned to 8, which leaves 3 bits. An index into
//! a pool leaves room for a 32-bit tag, which wraps only after 4 billion
//! changes.)
//!
//! The tests replay the ABA interleaving step by step, check that a stale
//! attempt fails while a fresh one succeeds, and that `pack`/`unpack`
//! round-trip at the extremes. A tutor-owned stress test runs 4 threads on a
//! pool of 4 nodes.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

/// "No node": the end of a list.
pub const NIL: u32 = u32::MAX;

/// Packs a node index (low 32 bits) and a tag (high 32 bits).
pub fn pack(index: u32, tag: u32) -> u64 {
    (u64::from(tag) << 32) | u64::from(index)
}

/// The inverse of `pack`: `(index, tag)`.
pub fn unpack(word: u64) -> (u32, u32) {
    (word as u32, (word >> 32) as u32)
}

struct Node {
    value: AtomicU64,
    /// Atomic: a stale reader may read it while the node is being reused.
    next: AtomicU32,
}

pub struct Pool {
    nodes: Box<[Node]>,
    free: AtomicU64,
}

/// A `pop` stopped between its read and its CAS.
#[derive(Debug, Clone, Copy)]
pub struct PopAttempt {
    head: u64,
    next: u32,
}

/// Reads the head of a list and the next index after it.
fn read_head(pool: &Pool, list: &AtomicU64) -> Option<PopAttempt> {
    // Acquire: pairs with the Release of the CAS that installed this head,
    // so the node's `next` (and value) written before it are visible.
    let head = list.load(Ordering::Acquire);
    let (index, _) = unpack(head);
    if index == NIL {
        return None;
    }
    let next = pool.nodes[index as usize].next.load(Ordering::Relaxed);
    Some(PopAttempt { head, next })
}

/// Swings the head from the attempt's value to its `next`, with a new tag.
fn swing(list: &AtomicU64, attempt: PopAttempt) -> bool {
    let (_, tag) = unpack(attempt.head);
    let new = pack(attempt.next, tag.wrapping_add(1));
    list.compare_exchange(attempt.head, new, Ordering::AcqRel, Ordering::Relaxed)
        .is_ok()
}

/// Links node `index` in front of the list.
fn push_index(pool: &Pool, list: &AtomicU64, index: u32) {
    let mut head = list.load(Ordering::Relaxed);
    loop {
        let (top, tag) = unpack(head);
        pool.nodes[index as usize]
            .next
            .store(top, Ordering::Relaxed);
        // Release: the node's value and `next` are written before it is seen.
        match list.compare_exchange_weak(
            head,
            pack(index, tag.wrapping_add(1)),
            Ordering::Release,
            Ordering::Relaxed,
        ) {
            Ok(_) => return,
            Err(current) => head = current,
        }
    }
}

/// Unlinks the first node of the list.
fn pop_index(pool: &Pool, list: &AtomicU64) -> Option<u32> {
    loop {
        let attempt = read_head(pool, list)?;
        if swing(list, attempt) {
            return Some(unpack(attempt.head).0);
        }
    }
}

impl Pool {
    pub fn with_capacity(capacity: u32) -> Pool {
        assert!(capacity < NIL, "index {NIL} means no node");
        let nodes = (0..capacity)
            .map(|i| Node {
                value: AtomicU64::new(0),
                next: AtomicU32::new(if i + 1 < capacity { i + 1 } else { NIL }),
            })
            .collect();
        let first = if capacity == 0 { NIL } else { 0 };
        Pool {
            nodes,
            free: AtomicU64::new(pack(first, 0)),
        }
    }

    fn take(&self) -> Option<u32> {
        pop_index(self, &self.free)
    }

    fn give_back(&self, index: u32) {
        push_index(self, &self.free, index);
    }
}

pub struct Stack<'p> {
    pool: &'p Pool,
    head: AtomicU64,
}

impl<'p> Stack<'p> {
    pub fn new(pool: &'p Pool) -> Stack<'p> {
        Stack {
            pool,
            head: AtomicU64::new(pack(NIL, 0)),
        }
    }

    /// Pushes `value`, or gives it back when the pool has no free node.
    pub fn push(&self, value: u64) -> Result<(), u64> {
        let Some(index) = self.pool.take() else {
            return Err(value);
        };
        self.pool.nodes[index as usize]
            .value
            .store(value, Ordering::Relaxed);
        push_index(self.pool, &self.head, index);
        Ok(())
    }

    /// The first half of `pop`: read the head and its `next`.
    pub fn pop_begin(&self) -> Option<PopAttempt> {
        read_head(self.pool, &self.head)
    }

    /// The second half: unlink the head read by `pop_begin`, if it is still
    /// the head. On success the node's value is returned and the node goes
    /// back to the pool.
    pub fn pop_commit(&self, attempt: PopAttempt) -> Result<u64, PopAttempt> {
        if !swing(&self.head, attempt) {
            return Err(attempt);
        }
        let index = unpack(attempt.head).0;
        // The CAS made this node ours until we give it back.
        let value = self.pool.nodes[index as usize]
            .value
            .load(Ordering::Relaxed);
        self.pool.give_back(index);
        Ok(value)
    }

    pub fn pop(&self) -> Option<u64> {
        loop {
            if let Ok(value) = self.pop_commit(self.pop_begin()?) {
                return Some(value);
            }
        }
    }
}

fn main() {
    let pool = Pool::with_capacity(3);
    let (a, b) = (Stack::new(&pool), Stack::new(&pool));
    a.push(1).unwrap();
    a.push(2).unwrap();
    let stale = a.pop_begin().unwrap();
    a.pop();
    a.pop();
    b.push(10).unwrap();
    a.push(3).unwrap();
    println!(
        "stale pop: {:?}; a: {:?}, {:?}; b: {:?}",
        a.pop_commit(stale).map_err(|_| "retry"),
        a.pop(),
        a.pop(),
        b.pop()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_and_unpack_round_trip() {
        for (index, tag) in [(0, 0), (NIL, 0), (7, u32::MAX), (NIL - 1, 12345)] {
            assert_eq!(unpack(pack(index, tag)), (index, tag));
        }
        assert_eq!(pack(1, 2), (2 << 32) | 1);
    }

    #[test]
    fn a_stack_is_last_in_first_out() {
        let pool = Pool::with_capacity(4);
        let s = Stack::new(&pool);
        for v in [10, 20, 30] {
            s.push(v).unwrap();
        }
        assert_eq!(s.pop(), Some(30));
        assert_eq!(s.pop(), Some(20));
        s.push(40).unwrap();
        assert_eq!(s.pop(), Some(40));
        assert_eq!(s.pop(), Some(10));
        assert_eq!(s.pop(), None);
    }

    #[test]
    fn a_full_pool_gives_the_value_back() {
        let pool = Pool::with_capacity(2);
        let s = Stack::new(&pool);
        s.push(1).unwrap();
        s.push(2).unwrap();
        assert_eq!(s.push(3), Err(3));
        s.pop();
        assert_eq!(s.push(3), Ok(()));
    }

    #[test]
    fn a_fresh_attempt_commits() {
        let pool = Pool::with_capacity(2);
        let s = Stack::new(&pool);
        s.push(5).unwrap();
        let attempt = s.pop_begin().unwrap();
        assert_eq!(s.pop_commit(attempt).ok(), Some(5));
        assert!(s.pop_begin().is_none());
    }

    #[test]
    fn the_aba_interleaving_is_detected() {
        let pool = Pool::with_capacity(3);
        let (s, other) = (Stack::new(&pool), Stack::new(&pool));
        s.push(1).unwrap(); // node C
        s.push(2).unwrap(); // node B
        s.push(3).unwrap(); // node A: s = A(3) -> B(2) -> C(1)

        // Thread 1 reads head = A, next = B, and pauses.
        let stale = s.pop_begin().unwrap();

        // Thread 2: pops A and B; B goes to another stack; A comes back.
        assert_eq!(s.pop(), Some(3));
        assert_eq!(s.pop(), Some(2));
        other.push(20).unwrap(); // takes node B
        s.push(30).unwrap(); // takes node A: s = A(30) -> C(1)

        // Thread 1 resumes: the head is A again, but it is not the same head.
        assert!(
            s.pop_commit(stale).is_err(),
            "ABA: the stale CAS succeeded and linked the head to node B"
        );
        assert_eq!(s.pop(), Some(30));
        assert_eq!(s.pop(), Some(1));
        assert_eq!(s.pop(), None);
        assert_eq!(other.pop(), Some(20));
        assert_eq!(other.pop(), None);
    }
}
