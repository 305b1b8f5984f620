//! A plugin system with trait objects.
//!
//! Plugins transform text; a `Registry` holds any number of them, of any
//! type, as `Box<dyn Plugin>`, and runs them in order of priority (lowest
//! first; equal priorities in the order they were registered). It can also
//! configure a plugin by name, hand back a plugin as its concrete type, and
//! be cloned, plugins and their state included.
//!
//! As shipped, `Plugin` is not *dyn compatible* (error E0038), so there can
//! be no `dyn Plugin`. A trait object has one vtable with one entry per
//! method, so the trait cannot require `Self: Sized` (as `Clone` does), have
//! generic methods (one entry per type argument?) or return `Self` by value.
//! Fix the trait without losing what the tests use:
//!
//! - constructors may stay, for concrete types only;
//! - `configure` must be callable on a `dyn Plugin`;
//! - cloning a registry clones each plugin (`clone_box`);
//! - `Registry::get::<T>(name)` returns the plugin as `&T` (through `Any`).

use std::any::Any;

/// A text transformation.
pub trait Plugin: PluginClone + Any {
    /// A plugin with its default settings. Not part of the vtable.
    fn new() -> Self
    where
        Self: Sized;

    fn name(&self) -> &str;

    /// Lower runs first.
    fn priority(&self) -> i32 {
        0
    }

    /// Sets `key` to `value`; `false` if the plugin has no such setting.
    fn configure(&mut self, key: &str, value: &str) -> bool;

    fn apply(&mut self, text: &str) -> String;

    /// The plugin as `Any`, to get back its concrete type.
    fn as_any(&self) -> &dyn Any;
}

/// Cloning into a box, for every `Plugin` that is `Clone`. A supertrait of
/// `Plugin` with a blanket impl: plugin authors only derive `Clone`.
pub trait PluginClone {
    fn clone_box(&self) -> Box<dyn Plugin>;
}

impl<T: Plugin + Clone> PluginClone for T {
    fn clone_box(&self) -> Box<dyn Plugin> {
        Box::new(self.clone())
    }
}

impl Clone for Box<dyn Plugin> {
    fn clone(&self) -> Self {
        // `(**self)`: call it on the plugin, not on the box (the box is a
        // `Plugin + Clone` too, which would recurse forever).
        (**self).clone_box()
    }
}

/// Plugins in order of priority.
#[derive(Clone, Default)]
pub struct Registry {
    plugins: Vec<Box<dyn Plugin>>,
}

impl Registry {
    pub fn new() -> Registry {
        Registry::default()
    }

    pub fn register(&mut self, plugin: Box<dyn Plugin>) {
        // After every plugin of the same or lower priority: stable order.
        let at = self
            .plugins
            .partition_point(|p| p.priority() <= plugin.priority());
        self.plugins.insert(at, plugin);
    }

    /// Runs every plugin on the text, in order.
    pub fn run(&mut self, text: &str) -> String {
        let mut text = text.to_string();
        for plugin in &mut self.plugins {
            text = plugin.apply(&text);
        }
        text
    }

    /// Configures the plugin called `name`; `false` if there is none or it
    /// refused.
    pub fn configure(&mut self, name: &str, key: &str, value: &str) -> bool {
        self.plugins
            .iter_mut()
            .find(|p| p.name() == name)
            .is_some_and(|p| p.configure(key, value))
    }

    /// The plugin called `name`, if it is a `T`.
    pub fn get<T: Plugin>(&self, name: &str) -> Option<&T> {
        self.plugins
            .iter()
            .find(|p| p.name() == name)
            .and_then(|p| p.as_any().downcast_ref::<T>())
    }

    pub fn names(&self) -> Vec<&str> {
        self.plugins.iter().map(|p| p.name()).collect()
    }
}

/// Upper- or lowercases the text.
#[derive(Clone)]
pub struct Case {
    upper: bool,
}

impl Plugin for Case {
    fn new() -> Self {
        Case { upper: true }
    }

    fn name(&self) -> &str {
        "case"
    }

    fn configure(&mut self, key: &str, value: &str) -> bool {
        match (key, value) {
            ("mode", "upper") => self.upper = true,
            ("mode", "lower") => self.upper = false,
            _ => return false,
        }
        true
    }

    fn apply(&mut self, text: &str) -> String {
        if self.upper {
            text.to_uppercase()
        } else {
            text.to_lowercase()
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Counts the words it has seen; leaves the text alone. Runs last.
#[derive(Clone)]
pub struct WordCount {
    total: usize,
}

impl WordCount {
    pub fn total(&self) -> usize {
        self.total
    }
}

impl Plugin for WordCount {
    fn new() -> Self {
        WordCount { total: 0 }
    }

    fn name(&self) -> &str {
        "count"
    }

    fn priority(&self) -> i32 {
        100
    }

    fn configure(&mut self, _key: &str, _value: &str) -> bool {
        false
    }

    fn apply(&mut self, text: &str) -> String {
        self.total += text.split_whitespace().count();
        text.to_string()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn main() {
    let mut registry = Registry::new();
    registry.register(Box::new(WordCount::new()));
    registry.register(Box::new(Case::new()));
    println!("{}", registry.run("hello plugins"));
    let words = registry.get::<WordCount>("count").map(WordCount::total);
    println!("{words:?} words so far");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plugin from "another crate": only the public trait is used.
    #[derive(Clone)]
    struct Replace {
        from: String,
        to: String,
        priority: i32,
    }

    impl Plugin for Replace {
        fn new() -> Self {
            Replace {
                from: String::new(),
                to: String::new(),
                priority: 0,
            }
        }

        fn name(&self) -> &str {
            "replace"
        }

        fn priority(&self) -> i32 {
            self.priority
        }

        fn configure(&mut self, key: &str, value: &str) -> bool {
            match key {
                "from" => self.from = value.to_string(),
                "to" => self.to = value.to_string(),
                _ => return false,
            }
            true
        }

        fn apply(&mut self, text: &str) -> String {
            if self.from.is_empty() {
                text.to_string()
            } else {
                text.replace(&self.from, &self.to)
            }
        }

        fn as_any(&self) -> &dyn Any {
            self
        }
    }

    fn registry() -> Registry {
        let mut r = Registry::new();
        r.register(Box::new(WordCount::new()));
        r.register(Box::new(Case::new()));
        let mut replace = Replace::new();
        replace.priority = -1;
        replace.configure("from", "cat");
        replace.configure("to", "dog");
        r.register(Box::new(replace));
        r
    }

    #[test]
    fn runs_in_priority_order() {
        let mut r = registry();
        assert_eq!(r.names(), ["replace", "case", "count"]);
        // Replace runs before Case: "cat" is still lowercase when replaced.
        assert_eq!(r.run("my cat sat"), "MY DOG SAT");
    }

    #[test]
    fn equal_priorities_keep_registration_order() {
        let mut r = Registry::new();
        r.register(Box::new(Case::new()));
        let mut replace = Replace::new();
        replace.configure("from", "A");
        replace.configure("to", "b");
        r.register(Box::new(replace));
        assert_eq!(r.names(), ["case", "replace"]);
        assert_eq!(r.run("a"), "b");
    }

    #[test]
    fn configures_through_the_trait_object() {
        let mut r = registry();
        assert!(r.configure("case", "mode", "lower"));
        assert!(!r.configure("case", "mode", "sideways"));
        assert!(!r.configure("count", "anything", "1"));
        assert!(!r.configure("missing", "mode", "lower"));
        assert_eq!(r.run("My cat"), "my dog");
    }

    #[test]
    fn gets_a_plugin_back_as_its_own_type() {
        let mut r = registry();
        r.run("one two three");
        r.run("four");
        assert_eq!(r.get::<WordCount>("count").map(WordCount::total), Some(4));
        assert!(r.get::<Case>("count").is_none(), "wrong type");
        assert!(r.get::<WordCount>("nope").is_none());
        assert_eq!(
            r.get::<Replace>("replace").map(|p| p.to.as_str()),
            Some("dog")
        );
    }

    #[test]
    fn clones_are_independent() {
        let mut original = registry();
        original.run("a b");
        let mut copy = original.clone();
        copy.run("c d e");
        copy.configure("case", "mode", "lower");
        assert_eq!(original.get::<WordCount>("count").unwrap().total(), 2);
        assert_eq!(copy.get::<WordCount>("count").unwrap().total(), 5);
        assert_eq!(original.run("x"), "X");
        assert_eq!(copy.run("X"), "x");
    }
}
