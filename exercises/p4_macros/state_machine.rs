//! A macro that generates a typestate machine.
//!
//! `state_machine!` turns a table of transitions into types: each state is a
//! unit struct, the machine is `Door<S>`, generic over its current state, and
//! each transition is a method that consumes the machine and returns it in
//! the target state. Holding a `Door<Locked>` then *proves* the door is
//! locked, and the machine takes no memory at all.
//!
//! The version below compiles and the tests pass, but it is not a state
//! machine yet: every transition exists in every state, so
//! `Door::new().unlock()` compiles although a closed door cannot be unlocked.
//! The tutor checks that such a call does not compile, and runs a second
//! machine in which several states share the name of a transition (a traffic
//! light whose `next` goes from each light to the following one).
//!
//! Fix the expansion so a transition exists only in its source state. The
//! expansion must keep working in any module (use full paths).

#[macro_export]
macro_rules! state_machine {
    (
        $(#[$meta:meta])*
        $vis:vis machine $machine:ident {
            states { $($state:ident),+ $(,)? }
            initial $initial:ident;
            transitions {
                $($event:ident : $from:ident => $to:ident),* $(,)?
            }
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        $vis struct $machine<S> {
            state: ::core::marker::PhantomData<S>,
        }

        $(
            #[derive(Debug, Clone, Copy, PartialEq, Eq)]
            $vis struct $state;

            impl $machine<$state> {
                /// The name of the current state.
                $vis const fn state(&self) -> &'static str {
                    ::core::stringify!($state)
                }
            }
        )+

        impl $machine<$initial> {
            /// A machine in its initial state.
            $vis const fn new() -> Self {
                $machine { state: ::core::marker::PhantomData }
            }
        }

        impl ::core::default::Default for $machine<$initial> {
            fn default() -> Self {
                Self::new()
            }
        }

        // TODO: a transition must exist only in its source state.
        impl<S> $machine<S> {
            $(
                #[must_use]
                $vis const fn $event(self) -> $machine<$to> {
                    $machine { state: ::core::marker::PhantomData }
                }
            )*
        }
    };
}

pub mod door {
    state_machine! {
        /// A door with a lock. A broken door stays broken.
        pub machine Door {
            states { Closed, Open, Locked, Broken }
            initial Closed;
            transitions {
                open: Closed => Open,
                close: Open => Closed,
                lock: Closed => Locked,
                unlock: Locked => Closed,
                kick: Locked => Broken,
            }
        }
    }
}

fn main() {
    let door = door::Door::new();
    let door = door.open().close().lock();
    println!("the door is {}", door.state());
}

#[cfg(test)]
mod tests {
    use super::door::{Broken, Closed, Door, Locked, Open};
    use std::mem::size_of;

    #[test]
    fn starts_in_the_initial_state() {
        assert_eq!(Door::new().state(), "Closed");
    }

    #[test]
    fn transitions_change_the_type() {
        let open: Door<Open> = Door::new().open();
        assert_eq!(open.state(), "Open");
        let locked: Door<Locked> = open.close().lock();
        assert_eq!(locked.state(), "Locked");
        let closed: Door<Closed> = locked.unlock();
        assert_eq!(closed.state(), "Closed");
        let broken: Door<Broken> = closed.lock().kick();
        assert_eq!(broken.state(), "Broken");
    }

    #[test]
    fn the_machine_is_zero_sized() {
        assert_eq!(size_of::<Door<Closed>>(), 0);
        assert_eq!(size_of::<Door<Broken>>(), 0);
    }

    #[test]
    fn usable_in_constants() {
        const START: Door<Closed> = Door::new();
        assert_eq!(START.state(), "Closed");
    }
}
