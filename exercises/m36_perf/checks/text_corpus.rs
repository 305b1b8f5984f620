//! Tutor-owned: a deterministic text generator shared by the harnesses.

/// `words` words drawn with a skewed distribution from a vocabulary of
/// `vocabulary` made-up words, with capitals and punctuation sprinkled in.
pub fn corpus(words: usize, vocabulary: usize, seed: u64) -> String {
    let mut state = seed | 1;
    let mut next = move || {
        // xorshift64*: fast, deterministic, good enough for test data.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let syllables = [
        "ka", "ro", "mi", "tu", "sel", "an", "dor", "ve", "li", "qua",
    ];
    let vocab: Vec<String> = (0..vocabulary)
        .map(|mut i| {
            let mut w = String::new();
            loop {
                w.push_str(syllables[i % syllables.len()]);
                i /= syllables.len();
                if i == 0 {
                    break;
                }
            }
            w
        })
        .collect();
    let mut text = String::with_capacity(words * 8);
    for n in 0..words {
        // Squaring a uniform number skews the choice towards small indices.
        let r = (next() % 10_000) as f64 / 10_000.0;
        let word = &vocab[((r * r) * vocabulary as f64) as usize];
        let style = next() % 20;
        if style == 0 {
            let mut chars = word.chars();
            let first = chars.next().unwrap().to_ascii_uppercase();
            text.push(first);
            text.push_str(chars.as_str());
        } else if style == 1 {
            text.push_str(&word.to_uppercase());
        } else {
            text.push_str(word);
        }
        text.push_str(match next() % 12 {
            0 => ", ",
            1 => ". ",
            2 => "\n",
            3 => "; ",
            _ => " ",
        });
        if n % 97 == 96 {
            text.push_str("-- ");
        }
    }
    text
}
