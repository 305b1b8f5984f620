//! Tutor-owned copy of the shipped `binary_size` program: the baseline,
//! built with the `release` profile.

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
