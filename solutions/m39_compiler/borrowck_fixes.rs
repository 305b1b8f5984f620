//! Borrow-checker errors, understood and fixed.
//!
//! Each function below is rejected by the borrow checker, which runs on MIR
//! and reasons about where each borrow is *live* (non-lexical lifetimes). Read
//! each error (`rustc --explain E0502` tells the story of a code), work out
//! which two uses overlap, and change the code so they no longer do.
//!
//! Rule: no `.clone()`, `.cloned()`, `.to_owned()`, `.to_vec()` and no
//! `unsafe`; the tutor checks this and runs extra tests on edge cases (empty
//! inputs). Copying a borrow away hides the problem instead of solving it.

use std::collections::HashMap;

/// E0502: appends twice every even number to `v`, in order.
/// `[1, 2, 4]` becomes `[1, 2, 4, 4, 8]`.
pub fn append_doubles(v: &mut Vec<i32>) {
    // The new elements are computed first, while `v` is only read; the
    // mutable borrow of `extend` starts after the shared one has ended.
    let doubles: Vec<i32> = v.iter().filter(|x| *x % 2 == 0).map(|x| x * 2).collect();
    v.extend(doubles);
}

/// E0499: swaps the first and the last element; empty and one-element slices
/// are left alone.
pub fn swap_ends(v: &mut [i32]) {
    // `split_first_mut` hands out two disjoint mutable borrows.
    if let Some((first, [.., last])) = v.split_first_mut() {
        std::mem::swap(first, last);
    }
}

pub struct Inbox {
    pub messages: Vec<String>,
}

/// E0505: moves `inbox` to the archive and returns the length of its first
/// message (0 when it has none).
pub fn archive(inbox: Inbox, archived: &mut Vec<Inbox>) -> usize {
    // Use the borrow before the move, and keep only the `usize`.
    let first_len = inbox.messages.first().map_or(0, |m| m.len());
    archived.push(inbox);
    first_len
}

/// E0716: the words of `line` in upper case, each followed by `!`.
pub fn shout_words(line: &str) -> Vec<String> {
    // The `String` must outlive the `&str`s that point into it.
    let upper = line.to_uppercase();
    let words: Vec<&str> = upper.split_whitespace().collect();
    words.iter().map(|w| format!("{w}!")).collect()
}

/// E0499, the famous "NLL problem case #3": returns the value of `key`,
/// inserting an empty string first if it is missing.
pub fn value_or_default(map: &mut HashMap<u32, String>, key: u32) -> &mut String {
    // The entry API does the lookup and the insertion with one borrow.
    map.entry(key).or_default()
}

fn main() {
    let mut v = vec![1, 2, 4];
    append_doubles(&mut v);
    swap_ends(&mut v);
    println!("{v:?}");
    println!("{:?}", shout_words("hello borrow checker"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_are_appended_in_order() {
        let mut v = vec![1, 2, 3, 4];
        append_doubles(&mut v);
        assert_eq!(v, [1, 2, 3, 4, 4, 8]);
    }

    #[test]
    fn ends_are_swapped() {
        let mut v = [1, 2, 3];
        swap_ends(&mut v);
        assert_eq!(v, [3, 2, 1]);
    }

    #[test]
    fn archiving_keeps_the_messages() {
        let mut archived = Vec::new();
        let inbox = Inbox {
            messages: vec!["hello".into(), "hi".into()],
        };
        assert_eq!(archive(inbox, &mut archived), 5);
        assert_eq!(archived[0].messages.len(), 2);
    }

    #[test]
    fn shouting() {
        assert_eq!(shout_words("  hi there "), ["HI!", "THERE!"]);
    }

    #[test]
    fn value_or_default_inserts_once() {
        let mut map = HashMap::new();
        value_or_default(&mut map, 1).push_str("one");
        value_or_default(&mut map, 1).push('!');
        assert_eq!(map[&1], "one!");
        assert_eq!(map.len(), 1);
    }
}
