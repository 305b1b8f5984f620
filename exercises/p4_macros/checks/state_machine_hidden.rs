//! Tutor-owned: a machine in which every state has a transition of the same
//! name, and one in another module with its own state names.
#![allow(dead_code)]
#[path = "../state_machine.rs"]
#[allow(dead_code)]
mod ex;

mod light {
    crate::state_machine! {
        pub machine TrafficLight {
            states { Red, Green, Yellow }
            initial Red;
            transitions {
                next: Red => Green,
                next: Green => Yellow,
                next: Yellow => Red,
                emergency: Green => Red,
                emergency: Yellow => Red,
            }
        }
    }
}

mod job {
    // A private machine, next to names the expansion must not rely on.
    #[allow(dead_code)]
    struct PhantomData;
    #[allow(dead_code)]
    mod core {}

    crate::state_machine! {
        machine Job {
            states { Queued, Running, Done, Failed, }
            initial Queued;
            transitions {
                start: Queued => Running,
                finish: Running => Done,
                fail: Running => Failed,
                retry: Failed => Queued,
            }
        }
    }

    pub fn run(fail_first: bool) -> &'static str {
        let running = Job::new().start();
        if fail_first {
            running.fail().retry().start().finish().state()
        } else {
            running.finish().state()
        }
    }
}

fn main() {
    let light = light::TrafficLight::new().next().next().next();
    println!("{}", light.state());
}

#[cfg(test)]
mod hidden_tests {
    use super::light::TrafficLight;

    #[test]
    fn same_transition_from_every_state() {
        let red = TrafficLight::new();
        let green = red.next();
        assert_eq!(green.state(), "Green");
        let yellow = green.next();
        assert_eq!(yellow.state(), "Yellow");
        assert_eq!(yellow.next().state(), "Red");
        assert_eq!(yellow.emergency().state(), "Red");
        assert_eq!(green.emergency().state(), "Red");
    }

    #[test]
    fn machines_in_other_modules() {
        assert_eq!(super::job::run(false), "Done");
        assert_eq!(super::job::run(true), "Done");
    }
}
