//! Misuse that must not compile: `Opne` is not a declared state. The error
//! must point at `Opne` itself, not at the macro call.

use pm_state_machine::state_machine;

state_machine! {
    machine Door {
        states: Closed, Open;
        open: Closed => Opne;
        close: Open => Closed;
    }
}
