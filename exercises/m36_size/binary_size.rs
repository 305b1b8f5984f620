//! Shrink a binary: profile settings first, then the code that weighs most.
//!
//! This program reads an inventory as CSV lines (`name,category,price,
//! quantity`, prices with at most two decimals) and prints a report per
//! category. Its `release` binary is the baseline. Make yours at most 60% of
//! it, keeping the report exactly as it is (the tests pin it).
//!
//! 1. Profile settings. Edit `binary_size.config.toml` beside this file: it
//!    defines the profile `size-ex` the tutor builds this program with
//!    (`--config exercises/m36_size/binary_size.config.toml --profile
//!    size-ex`). Write what each setting costs next to it.
//! 2. Code. Profiles alone get to about two thirds: what is left is code
//!    that a release build keeps whatever its settings. Find what is heavy
//!    (try `cargo bloat`, or compare sizes after each change) and replace it
//!    with something smaller that prints the same report: floating point
//!    parsing and formatting are large; so are Unicode case tables.
//!
//! Why not half, as the classic exercise asks? About 280 KiB of any program
//! that uses `std` is the standard library's runtime (panics, backtraces,
//! I/O), compiled in advance; on stable Rust no setting removes it. Halving a
//! program this small takes nightly's `-Z build-std` with
//! `panic_immediate_abort`, or `#![no_std]`.
//!
//! The check builds a tutor-owned copy of the shipped program with `release`
//! and yours with `size-ex`, and compares the two files. (This exercise has a
//! package of its own, with no dependencies: a new profile rebuilds every
//! dependency of the package.)

use std::collections::BTreeMap;
use std::io::{self, Read, Write};

struct Totals {
    items: usize,
    units: u64,
    value: f64,
}

/// The report for `input`.
pub fn report(input: &str) -> String {
    let mut out = String::new();
    let mut categories: BTreeMap<String, Totals> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut items = 0;
    for (i, line) in input.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let [_name, category, price, quantity] = fields[..] else {
            errors.push(format!(
                "line {}: expected 4 fields, found {}",
                i + 1,
                fields.len()
            ));
            continue;
        };
        let (Ok(price), Ok(quantity)) = (price.parse::<f64>(), quantity.parse::<u32>()) else {
            errors.push(format!("line {}: bad number", i + 1));
            continue;
        };
        items += 1;
        let totals = categories.entry(category.to_lowercase()).or_insert(Totals {
            items: 0,
            units: 0,
            value: 0.0,
        });
        totals.items += 1;
        totals.units += u64::from(quantity);
        totals.value += price * f64::from(quantity);
    }
    out.push_str(&format!("{items} items, {} categories\n", categories.len()));
    let mut ranked: Vec<(&String, &Totals)> = categories.iter().collect();
    ranked.sort_by(|a, b| b.1.value.total_cmp(&a.1.value).then(a.0.cmp(b.0)));
    for (name, t) in ranked {
        out.push_str(&format!(
            "{name}: {} items, {} units, {:.2} total\n",
            t.items, t.units, t.value
        ));
    }
    for e in errors {
        out.push_str(&e);
        out.push('\n');
    }
    out
}

fn main() -> io::Result<()> {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input)?;
    io::stdout().write_all(report(&input).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const INVENTORY: &str = "\
apple, Fruit, 1.50, 10
pear,fruit,2.25,3
bolt,Hardware,0.10,500
nut,HARDWARE,0.05,1000

broken line
saw,hardware,19.99,2
melon,fruit,x,1
tea,Drinks,4.00,0
";

    #[test]
    fn the_report_is_unchanged() {
        assert_eq!(
            report(INVENTORY),
            "\
6 items, 3 categories
hardware: 3 items, 1502 units, 139.98 total
fruit: 2 items, 13 units, 21.75 total
drinks: 1 items, 0 units, 0.00 total
line 6: expected 4 fields, found 1
line 8: bad number
"
        );
    }

    #[test]
    fn an_empty_inventory() {
        assert_eq!(report(""), "0 items, 0 categories\n");
    }

    #[test]
    fn cents_add_up_exactly() {
        let input = "a,x,0.10,3\nb,x,0.20,1\nc,y,1234567.89,100\n";
        assert_eq!(
            report(input),
            "3 items, 2 categories\ny: 1 items, 100 units, 123456789.00 total\nx: 2 items, 4 units, 0.50 total\n"
        );
    }
}
