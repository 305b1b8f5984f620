//! Tutor-owned copy of the shipped `top_words`: the baseline of the gate.

pub fn top_words(text: &str, k: usize) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for raw in text.split(|c: char| !c.is_alphanumeric()) {
        if raw.is_empty() {
            continue;
        }
        let word = raw.to_lowercase();
        match counts.iter_mut().find(|(w, _)| *w == word) {
            Some((_, n)) => *n += 1,
            None => counts.push((word, 1)),
        }
    }
    // Most frequent first, then alphabetical.
    let len = counts.len();
    for i in 0..len {
        for j in 0..len.saturating_sub(i + 1) {
            let (a, b) = (&counts[j], &counts[j + 1]);
            if b.1 > a.1 || (b.1 == a.1 && b.0 < a.0) {
                counts.swap(j, j + 1);
            }
        }
    }
    counts.truncate(k);
    counts
}
