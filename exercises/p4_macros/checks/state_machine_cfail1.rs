//! Tutor-owned: a closed door has no `unlock` transition, so calling it must
//! not compile.
#[path = "../state_machine.rs"]
#[allow(dead_code)]
mod ex;

fn main() {
    let door = ex::door::Door::new();
    let door = door.unlock();
    println!("{}", door.state());
}
