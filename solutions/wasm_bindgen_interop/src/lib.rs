//! wasm-bindgen: the glue you wrote by hand, generated.
//!
//! `#[wasm_bindgen]` writes the boundary code of the previous exercises for you, and
//! `wasm-bindgen-cli` then writes the JavaScript side. The tutor loads the module as rustc
//! built it, before the CLI runs, so it sees what the macro generated:
//!
//! - each exported function under its name and a hash (`greet_bb14803e0022bdca`);
//! - `__wbindgen_malloc(size, align)` and `__wbindgen_free(ptr, size, align)`: the `alloc` and
//!   `dealloc` of `wasm_strings_abi`. A `&str` argument is written through `__wbindgen_malloc`
//!   and freed by the Rust side after the call; a returned `String` comes back through a
//!   pointer to `(ptr, len)` passed as a hidden first parameter, and the caller frees it;
//! - imports from the module `__wbindgen_placeholder__`, which the CLI later wires to
//!   JavaScript: `console.log` becomes `__wbg_log_<hash>(ptr, len)`.
//!
//! This is the WebAssembly book's first example, with its syntax fixed. Make the checks pass:
//!
//! - `fibonacci(n)` for `n` up to 47 (the largest whose result fits in a `u32`), within the
//!   fuel the tutor gives each call;
//! - `greet(name)` logs `Hello, <name>!` through `console.log`;
//! - `shout(text) -> String`, to add: the text in upper case followed by `!`.
//!
//! The checks call them through the generated exports, with text in several scripts, and
//! watch the calls to `console.log`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console)]
    fn log(s: &str);
}

#[wasm_bindgen]
pub fn greet(name: &str) {
    log(&format!("Hello, {name}!"));
}

/// The `n`th Fibonacci number, in `n` steps instead of the `fibonacci(n)` calls of the
/// recursive definition.
#[wasm_bindgen]
pub fn fibonacci(n: u32) -> u32 {
    let (mut current, mut next) = (0u32, 1u32);
    for _ in 0..n {
        (current, next) = (next, current.wrapping_add(next));
    }
    current
}

/// The text in upper case, followed by `!`.
#[wasm_bindgen]
pub fn shout(text: &str) -> String {
    let mut loud = text.to_uppercase();
    loud.push('!');
    loud
}
