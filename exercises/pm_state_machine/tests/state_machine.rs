//! Behaviour of `state_machine!`. Owned by the tutor: make these pass by
//! changing `src/lib.rs`.

use pm_state_machine::state_machine;

state_machine! {
    pub machine Door {
        states: Closed, Open, Locked, Broken;
        open: Closed => Open;
        close: Open => Closed;
        lock: Closed => Locked;
        unlock: Locked => Closed;
        kick_in: Closed | Locked => Broken;
    }
}

mod traffic {
    use pm_state_machine::state_machine;

    // Not `pub`: the generated types keep the visibility written here.
    state_machine! {
        machine Light {
            states: Red, Green, Yellow;
            tick: Red => Green;
            tick: Green => Yellow;
            tick: Yellow => Red;
            emergency: Green | Yellow => Red;
        }
    }

    pub fn cycle(n: usize) -> Vec<String> {
        let mut light = Light::INITIAL;
        let mut seen = vec![format!("{light:?}")];
        for _ in 0..n {
            light = light.next(LightEvent::Tick).unwrap();
            seen.push(format!("{light:?}"));
        }
        seen
    }

    pub fn emergency_from(light: &str) -> Option<String> {
        let from = match light {
            "Green" => Light::Green,
            "Yellow" => Light::Yellow,
            _ => Light::Red,
        };
        from.next(LightEvent::Emergency).map(|l| format!("{l:?}"))
    }
}

#[test]
fn the_first_state_is_the_initial_one() {
    assert_eq!(Door::INITIAL, Door::Closed);
    assert_eq!(Door::default(), Door::Closed);
}

#[test]
fn declared_transitions_happen() {
    assert_eq!(Door::Closed.next(DoorEvent::Open), Some(Door::Open));
    assert_eq!(Door::Open.next(DoorEvent::Close), Some(Door::Closed));
    assert_eq!(Door::Closed.next(DoorEvent::Lock), Some(Door::Locked));
    assert_eq!(Door::Locked.next(DoorEvent::Unlock), Some(Door::Closed));
}

#[test]
fn undeclared_transitions_are_refused() {
    assert_eq!(Door::Open.next(DoorEvent::Lock), None);
    assert_eq!(Door::Locked.next(DoorEvent::Open), None);
    assert_eq!(Door::Broken.next(DoorEvent::Close), None);
}

#[test]
fn one_transition_from_several_states() {
    assert_eq!(Door::Closed.next(DoorEvent::KickIn), Some(Door::Broken));
    assert_eq!(Door::Locked.next(DoorEvent::KickIn), Some(Door::Broken));
    assert_eq!(Door::Open.next(DoorEvent::KickIn), None);
}

#[test]
fn events_accepted_by_a_state_in_declaration_order() {
    assert_eq!(
        Door::Closed.events(),
        &[DoorEvent::Open, DoorEvent::Lock, DoorEvent::KickIn]
    );
    assert_eq!(Door::Broken.events(), &[] as &[DoorEvent]);
}

#[test]
fn one_event_name_on_several_lines() {
    assert_eq!(
        traffic::cycle(4),
        ["Red", "Green", "Yellow", "Red", "Green"]
    );
    assert_eq!(traffic::emergency_from("Yellow").as_deref(), Some("Red"));
    assert_eq!(traffic::emergency_from("Red"), None);
}
