//! Tutor-owned tests for the plugin registry: a stable order among many
//! priorities, plugins that share a name, and boxed plugins cloned on their
//! own, keeping their concrete type and their state.
#[path = "../dyn_plugins.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use std::any::Any;

    use crate::ex::{Case, Plugin, Registry};

    /// Appends its tag and counts its runs; its name and priority are data.
    #[derive(Clone)]
    struct Tagger {
        name: String,
        priority: i32,
        tag: String,
        runs: u32,
    }

    fn tagger(name: &str, priority: i32) -> Tagger {
        let mut t = Tagger::new();
        t.name = name.to_string();
        t.priority = priority;
        t.tag = name.to_string();
        t
    }

    impl Plugin for Tagger {
        fn new() -> Self {
            Tagger {
                name: "tagger".to_string(),
                priority: 0,
                tag: String::new(),
                runs: 0,
            }
        }

        fn name(&self) -> &str {
            &self.name
        }

        fn priority(&self) -> i32 {
            self.priority
        }

        fn configure(&mut self, key: &str, value: &str) -> bool {
            if key != "tag" {
                return false;
            }
            self.tag = value.to_string();
            true
        }

        fn apply(&mut self, text: &str) -> String {
            self.runs += 1;
            format!("{text}{}", self.tag)
        }

        fn as_any(&self) -> &dyn Any {
            self
        }
    }

    #[test]
    fn many_priorities_sort_stably() {
        let mut r = Registry::new();
        for (i, p) in [5, -3, 5, 0, -3, 5].into_iter().enumerate() {
            r.register(Box::new(tagger(&format!("p{i}"), p)));
        }
        assert_eq!(r.names(), ["p1", "p4", "p3", "p0", "p2", "p5"]);
        assert_eq!(r.run(">"), ">p1p4p3p0p2p5");
    }

    #[test]
    fn a_boxed_plugin_clones_as_itself() {
        let mut original: Box<dyn Plugin> = Box::new(tagger("t", 0));
        original.apply("");
        let mut copy = original.clone();
        copy.apply("");
        copy.configure("tag", "!");
        let runs = |p: &Box<dyn Plugin>| p.as_any().downcast_ref::<Tagger>().map(|t| t.runs);
        assert_eq!(runs(&original), Some(1));
        assert_eq!(runs(&copy), Some(2));
        assert_eq!(original.apply("a"), "at");
        assert_eq!(copy.apply("a"), "a!");
    }

    #[test]
    fn the_first_plugin_of_a_name_is_the_one_configured_and_got() {
        let mut r = Registry::new();
        r.register(Box::new(tagger("same", 2)));
        r.register(Box::new(tagger("same", 1)));
        assert!(r.configure("same", "tag", "[first]"));
        assert_eq!(r.run(""), "[first]same");
        let first = r.get::<Tagger>("same").unwrap();
        assert_eq!((first.priority, first.tag.as_str()), (1, "[first]"));
    }

    #[test]
    fn an_empty_registry_leaves_the_text_alone() {
        let mut r = Registry::new();
        assert_eq!(r.run("as is"), "as is");
        assert!(r.names().is_empty());
        assert!(r.get::<Case>("case").is_none());
        assert!(!r.configure("case", "mode", "upper"));
    }

    #[test]
    fn a_cloned_registry_can_grow_on_its_own() {
        let mut base = Registry::new();
        base.register(Box::new(Case::new()));
        let mut grown = base.clone();
        grown.register(Box::new(tagger("x", -1)));
        assert_eq!(base.names(), ["case"]);
        assert_eq!(grown.names(), ["x", "case"]);
        assert_eq!(grown.run("a"), "AX");
    }
}
