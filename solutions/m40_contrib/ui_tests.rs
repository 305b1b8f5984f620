//! UI tests, the way rustc tests its own diagnostics.
//!
//! In the rust-lang/rust repository, `tests/ui/` holds thousands of small
//! programs that must fail to compile. Each expected diagnostic is written next
//! to the code as an annotation, and `./x test tests/ui/...` (the build tool is
//! `./x` today; older guides say `./x.py`) compares them with what the compiler
//! really says. `--bless` rewrites the `.stderr` snapshots beside them.
//!
//! An annotation is a comment made of `//`, a tilde, then `ERROR text`: it
//! expects an error on its line whose message contains `text`. A caret right
//! after the tilde points one line up (two carets, two lines up); a bar right
//! after the tilde means the line of the annotation before it. (This header
//! cannot show them whole: every line holding one is read as an annotation.)
//!
//! Every error must be annotated and every annotation must match an error. The
//! annotations below were written for an older compiler: fix them (not the
//! code: the tutor checks that each misuse is still there) until they match
//! what today's compiler says. Build this file to see its real errors.

mod thermo {
    pub struct Reading {
        value: f64,
    }

    impl Reading {
        pub fn new(value: f64) -> Self {
            Reading { value }
        }
    }
}

struct Celsius(f64);

fn takes(s: String) -> usize {
    s.len()
}

/// Borrow checking runs on a body only once it has type-checked, so the move
/// error lives in a function of its own.
fn moves() {
    let name = String::from("ferris");
    takes(name);
    println!("{name}");
    //~^ ERROR borrow of moved value: `name`
}

fn types() {
    let reading = thermo::Reading::new(20.5);
    let _v = reading.value; //~ ERROR field `value` of struct `Reading` is private
    let _c = Celsius(1.0) + Celsius(2.0); //~ ERROR cannot add `Celsius` to `Celsius`
    let _p = (takes(1), takes(true));
    //~^ ERROR mismatched types
    //~| ERROR mismatched types
    let _ok: i32 = 5;
}

fn main() {
    moves();
    types();
}
