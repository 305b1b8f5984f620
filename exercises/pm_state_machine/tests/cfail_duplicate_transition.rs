//! Misuse that must not compile: `Closed` already has a transition on `open`,
//! so the machine would not be deterministic. The error must point at the
//! state of the second declaration.

use pm_state_machine::state_machine;

state_machine! {
    machine Door {
        states: Closed, Open, Ajar;
        open: Closed => Open;
        close: Open => Closed;
        open: Ajar | Closed => Ajar;
    }
}
