// A minimal reproducer.
//
// This program does not compile, and the error is hard to see among
// everything else. Before you report it (or ask for help), cut the program
// down to the smallest one that still fails with the same error: error[E0277]
// "... cannot be sent between threads safely", about an `Rc`. Delete whatever
// the error does not need: the configuration, the statistics, the formatting,
// the generic pool, the `RefCell`, the `Vec`.
//
// The tutor checks that this file still fails with that error, and that it
// has at most 15 lines of code (blank lines and comments do not count).

use std::rc::Rc;

fn main() {
    let shared = Rc::new(0);
    std::thread::spawn(move || drop(shared));
}
