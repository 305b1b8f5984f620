//! A component with state: messages in, a view out, and only the changes sent to the page.
//!
//! Yew and Elm build a user interface from components: a model, messages that update it, and a
//! view computed from the model. After an update the framework computes the view again,
//! compares the new tree of nodes with the one it rendered last (a virtual DOM) and changes only
//! what differs in the page. This module is such a component, a todo list, driven by its host
//! instead of a browser. Its exports:
//!
//! - `dispatch(ptr, len) -> i32`: a message, as UTF-8 text: `add <text>`, `toggle <index>`,
//!   `remove <index>`, `clear_done`. Returns 1 when the model changed, 0 when it did not
//!   (blank text, no todo at that index, nothing done), -1 for a message it does not know.
//! - `render() -> u64`: the patches that turn the view rendered last into the current one,
//!   one per line (see [`Patch`]); the current view becomes the one rendered last.
//! - `html() -> u64`: the whole current view as HTML.
//!
//! Both return text packed as `(ptr << 32) | len`, kept by the module until the next call.
//!
//! The view, the HTML, the patches' text and the exports are written. Implement
//! [`Model::update`] and [`diff`]. The tests at the bottom check them on the host; the tutor
//! then builds the module for wasm32 and drives it: adding, toggling, removing in the middle,
//! text that needs escaping, and messages that change nothing.

use std::cell::RefCell;
use std::fmt;

/// A node of a view.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// An element with attributes and children.
    Element {
        tag: &'static str,
        attrs: Vec<(&'static str, String)>,
        children: Vec<Node>,
    },
    /// Text.
    Text(String),
}

/// A change to the page. A path lists child indices from the root: `/1/0` is the first child
/// of the root's second child, `/` is the root.
#[derive(Clone, Debug, PartialEq)]
pub enum Patch {
    /// Replace the node at `path` with `node`.
    Replace { path: Vec<usize>, node: Node },
    /// Set the text of the text node at `path`.
    SetText { path: Vec<usize>, text: String },
    /// Set (add or change) an attribute of the element at `path`.
    SetAttr {
        path: Vec<usize>,
        name: &'static str,
        value: String,
    },
    /// Remove an attribute of the element at `path`.
    RemoveAttr {
        path: Vec<usize>,
        name: &'static str,
    },
    /// Append `node` as the last child of the element at `path`.
    Append { path: Vec<usize>, node: Node },
    /// Remove the node at `path`.
    Remove { path: Vec<usize> },
}

/// The patches that turn `old` into `new`, in this order:
///
/// - two text nodes: `SetText` if their texts differ;
/// - two elements with the same tag: `SetAttr` for each attribute of `new` that `old` lacks or
///   has with another value (in `new`'s order), then `RemoveAttr` for each attribute of `old`
///   that `new` lacks (in `old`'s order); then the children, pairwise by index, recursively;
///   then `Append` for each extra child of `new`, in order; then `Remove` for each extra child
///   of `old`, from the last to the first (so that every path is still right when applied);
/// - anything else (different tags, text against element): `Replace`.
pub fn diff(old: &Node, new: &Node) -> Vec<Patch> {
    let mut patches = Vec::new();
    diff_at(&mut Vec::new(), old, new, &mut patches);
    patches
}

fn diff_at(path: &mut Vec<usize>, old: &Node, new: &Node, patches: &mut Vec<Patch>) {
    match (old, new) {
        (Node::Text(old_text), Node::Text(new_text)) => {
            if old_text != new_text {
                patches.push(Patch::SetText {
                    path: path.clone(),
                    text: new_text.clone(),
                });
            }
        }
        (
            Node::Element {
                tag: old_tag,
                attrs: old_attrs,
                children: old_children,
            },
            Node::Element {
                tag: new_tag,
                attrs: new_attrs,
                children: new_children,
            },
        ) if old_tag == new_tag => {
            for (name, value) in new_attrs {
                if attr(old_attrs, name) != Some(value) {
                    patches.push(Patch::SetAttr {
                        path: path.clone(),
                        name,
                        value: value.clone(),
                    });
                }
            }
            for (name, _) in old_attrs {
                if attr(new_attrs, name).is_none() {
                    patches.push(Patch::RemoveAttr {
                        path: path.clone(),
                        name,
                    });
                }
            }
            for (index, (old_child, new_child)) in old_children.iter().zip(new_children).enumerate()
            {
                path.push(index);
                diff_at(path, old_child, new_child, patches);
                path.pop();
            }
            for node in new_children.iter().skip(old_children.len()) {
                patches.push(Patch::Append {
                    path: path.clone(),
                    node: node.clone(),
                });
            }
            for index in (new_children.len()..old_children.len()).rev() {
                let mut child = path.clone();
                child.push(index);
                patches.push(Patch::Remove { path: child });
            }
        }
        _ => patches.push(Patch::Replace {
            path: path.clone(),
            node: new.clone(),
        }),
    }
}

fn attr<'a>(attrs: &'a [(&'static str, String)], name: &str) -> Option<&'a String> {
    attrs.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
}

/// One todo.
#[derive(Clone, Debug, PartialEq)]
pub struct Todo {
    pub text: String,
    pub done: bool,
}

/// The component's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    pub todos: Vec<Todo>,
}

/// What the host can ask.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// Add a todo with this text, trimmed; blank text changes nothing.
    Add(String),
    /// Mark the todo at this index done, or not done again.
    Toggle(usize),
    /// Remove the todo at this index.
    Remove(usize),
    /// Remove every todo that is done.
    ClearDone,
}

impl Msg {
    /// `add <text>`, `toggle <index>`, `remove <index>` or `clear_done`.
    pub fn parse(text: &str) -> Option<Msg> {
        let (word, rest) = text.split_once(' ').unwrap_or((text, ""));
        match word {
            "add" => Some(Msg::Add(rest.to_owned())),
            "toggle" => rest.trim().parse().ok().map(Msg::Toggle),
            "remove" => rest.trim().parse().ok().map(Msg::Remove),
            "clear_done" if rest.trim().is_empty() => Some(Msg::ClearDone),
            _ => None,
        }
    }
}

impl Model {
    /// Applies `msg`; returns whether the model changed (the view must be rendered again).
    pub fn update(&mut self, msg: Msg) -> bool {
        match msg {
            Msg::Add(text) => {
                let text = text.trim();
                if text.is_empty() {
                    return false;
                }
                self.todos.push(Todo {
                    text: text.to_owned(),
                    done: false,
                });
                true
            }
            Msg::Toggle(index) => match self.todos.get_mut(index) {
                Some(todo) => {
                    todo.done = !todo.done;
                    true
                }
                None => false,
            },
            Msg::Remove(index) => {
                if index < self.todos.len() {
                    self.todos.remove(index);
                    true
                } else {
                    false
                }
            }
            Msg::ClearDone => {
                let before = self.todos.len();
                self.todos.retain(|todo| !todo.done);
                self.todos.len() != before
            }
        }
    }

    /// The view of the model.
    pub fn view(&self) -> Node {
        let left = self.todos.iter().filter(|todo| !todo.done).count();
        let items = self
            .todos
            .iter()
            .map(|todo| Node::Element {
                tag: "li",
                attrs: vec![("class", if todo.done { "done" } else { "todo" }.to_owned())],
                children: vec![Node::Text(todo.text.clone())],
            })
            .collect();
        Node::Element {
            tag: "div",
            attrs: vec![("class", "todos".to_owned())],
            children: vec![
                Node::Element {
                    tag: "h1",
                    attrs: Vec::new(),
                    children: vec![Node::Text(format!("Todos ({left} left)"))],
                },
                Node::Element {
                    tag: "ul",
                    attrs: Vec::new(),
                    children: items,
                },
            ],
        }
    }
}

// ------------------------------------------------------------------------- text of the view

/// Writes `text` with the characters that HTML gives a meaning escaped.
fn escape(text: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    for c in text.chars() {
        match c {
            '&' => f.write_str("&amp;")?,
            '<' => f.write_str("&lt;")?,
            '>' => f.write_str("&gt;")?,
            '"' => f.write_str("&quot;")?,
            c => write!(f, "{c}")?,
        }
    }
    Ok(())
}

/// HTML.
impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Text(text) => escape(text, f),
            Node::Element {
                tag,
                attrs,
                children,
            } => {
                write!(f, "<{tag}")?;
                for (name, value) in attrs {
                    write!(f, " {name}=\"")?;
                    escape(value, f)?;
                    f.write_str("\"")?;
                }
                f.write_str(">")?;
                for child in children {
                    write!(f, "{child}")?;
                }
                write!(f, "</{tag}>")
            }
        }
    }
}

struct PathText<'a>(&'a [usize]);

impl fmt::Display for PathText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("/");
        }
        for index in self.0 {
            write!(f, "/{index}")?;
        }
        Ok(())
    }
}

/// One line: `text /0/0 "Todos (1 left)"`, `append /1 <li class="todo">Milk</li>`, ...
impl fmt::Display for Patch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Patch::Replace { path, node } => write!(f, "replace {} {node}", PathText(path)),
            Patch::SetText { path, text } => write!(f, "text {} {text:?}", PathText(path)),
            Patch::SetAttr { path, name, value } => {
                write!(f, "attr {} {name} {value:?}", PathText(path))
            }
            Patch::RemoveAttr { path, name } => write!(f, "unattr {} {name}", PathText(path)),
            Patch::Append { path, node } => write!(f, "append {} {node}", PathText(path)),
            Patch::Remove { path } => write!(f, "remove {}", PathText(path)),
        }
    }
}

// ------------------------------------------------------------------------------ the exports

/// The component, the view rendered last, and the text of the last result.
struct App {
    model: Model,
    rendered: Node,
    out: String,
}

thread_local! {
    static APP: RefCell<App> = RefCell::new({
        let model = Model::default();
        let rendered = model.view();
        App { model, rendered, out: String::new() }
    });
}

/// Keeps `text` as the last result and returns it packed as `(ptr << 32) | len`.
fn share(app: &mut App, text: String) -> u64 {
    app.out = text;
    ((app.out.as_ptr() as usize as u64) << 32) | app.out.len() as u64
}

/// Applies a message; see the module's documentation.
///
/// # Safety
///
/// `ptr` must point to `len` initialised bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn dispatch(ptr: *const u8, len: usize) -> i32 {
    // SAFETY: guaranteed by the caller.
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len) };
    let Some(msg) = std::str::from_utf8(bytes).ok().and_then(Msg::parse) else {
        return -1;
    };
    APP.with_borrow_mut(|app| i32::from(app.model.update(msg)))
}

/// The patches since the last render, one per line.
#[unsafe(no_mangle)]
pub extern "C" fn render() -> u64 {
    APP.with_borrow_mut(|app| {
        let view = app.model.view();
        let patches: Vec<String> = diff(&app.rendered, &view)
            .iter()
            .map(Patch::to_string)
            .collect();
        app.rendered = view;
        share(app, patches.join("\n"))
    })
}

/// The whole view as HTML.
#[unsafe(no_mangle)]
pub extern "C" fn html() -> u64 {
    APP.with_borrow_mut(|app| {
        let html = app.model.view().to_string();
        share(app, html)
    })
}

/// Allocates `size` bytes aligned to `align` for the host (for `dispatch`'s text).
#[unsafe(no_mangle)]
pub extern "C" fn alloc(size: usize, align: usize) -> *mut u8 {
    let Ok(layout) = std::alloc::Layout::from_size_align(size, align) else {
        return std::ptr::null_mut();
    };
    if layout.size() == 0 {
        return std::ptr::without_provenance_mut(layout.align());
    }
    // SAFETY: the layout has a non-zero size.
    unsafe { std::alloc::alloc(layout) }
}

/// Frees memory returned by [`alloc`].
///
/// # Safety
///
/// `ptr` must come from `alloc(size, align)` and not have been freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn dealloc(ptr: *mut u8, size: usize, align: usize) {
    if let Ok(layout) = std::alloc::Layout::from_size_align(size, align)
        && layout.size() != 0
    {
        // SAFETY: guaranteed by the caller.
        unsafe { std::alloc::dealloc(ptr, layout) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Node {
        Node::Text(s.to_owned())
    }

    fn el(tag: &'static str, attrs: &[(&'static str, &str)], children: Vec<Node>) -> Node {
        Node::Element {
            tag,
            attrs: attrs.iter().map(|&(n, v)| (n, v.to_owned())).collect(),
            children,
        }
    }

    fn lines(patches: &[Patch]) -> Vec<String> {
        patches.iter().map(Patch::to_string).collect()
    }

    #[test]
    fn same_tree_needs_no_patch() {
        let tree = el(
            "ul",
            &[("class", "x")],
            vec![el("li", &[], vec![text("a")])],
        );
        assert_eq!(diff(&tree, &tree.clone()), vec![]);
    }

    #[test]
    fn changed_text_is_set_in_place() {
        let old = el("p", &[], vec![text("a"), el("b", &[], vec![text("b")])]);
        let new = el("p", &[], vec![text("a"), el("b", &[], vec![text("B")])]);
        assert_eq!(lines(&diff(&old, &new)), ["text /1/0 \"B\""]);
    }

    #[test]
    fn attributes_are_set_then_removed() {
        let old = el("li", &[("class", "todo"), ("title", "t")], vec![]);
        let new = el("li", &[("id", "7"), ("class", "done")], vec![]);
        assert_eq!(
            lines(&diff(&old, &new)),
            ["attr / id \"7\"", "attr / class \"done\"", "unattr / title"]
        );
    }

    #[test]
    fn extra_children_are_appended_in_order() {
        let old = el("ul", &[], vec![el("li", &[], vec![text("a")])]);
        let new = el(
            "ul",
            &[],
            vec![
                el("li", &[], vec![text("a")]),
                el("li", &[], vec![text("b")]),
                el("li", &[], vec![text("<c>")]),
            ],
        );
        assert_eq!(
            lines(&diff(&old, &new)),
            ["append / <li>b</li>", "append / <li>&lt;c&gt;</li>"]
        );
    }

    #[test]
    fn missing_children_are_removed_last_first() {
        let old = el("ul", &[], vec![text("a"), text("b"), text("c")]);
        let new = el("ul", &[], vec![text("a")]);
        assert_eq!(lines(&diff(&old, &new)), ["remove /2", "remove /1"]);
    }

    #[test]
    fn removing_in_the_middle_shifts_the_rest() {
        let old = el("ul", &[], vec![text("a"), text("b"), text("c")]);
        let new = el("ul", &[], vec![text("a"), text("c")]);
        assert_eq!(lines(&diff(&old, &new)), ["text /1 \"c\"", "remove /2"]);
    }

    #[test]
    fn another_tag_or_kind_is_replaced() {
        let old = el("div", &[], vec![el("b", &[], vec![text("x")]), text("y")]);
        let new = el(
            "div",
            &[],
            vec![el("i", &[], vec![text("x")]), el("br", &[], vec![])],
        );
        assert_eq!(
            lines(&diff(&old, &new)),
            ["replace /0 <i>x</i>", "replace /1 <br></br>"]
        );
    }

    #[test]
    fn update_reports_whether_the_model_changed() {
        let mut model = Model::default();
        assert!(model.update(Msg::Add("  Milk ".into())));
        assert!(!model.update(Msg::Add("   ".into())), "blank text");
        assert_eq!(model.todos[0].text, "Milk");
        assert!(!model.update(Msg::ClearDone), "nothing is done");
        assert!(model.update(Msg::Toggle(0)));
        assert!(model.todos[0].done);
        assert!(!model.update(Msg::Toggle(1)), "no todo 1");
        assert!(!model.update(Msg::Remove(1)), "no todo 1");
        assert!(model.update(Msg::ClearDone));
        assert!(model.todos.is_empty());
    }

    #[test]
    fn remove_keeps_the_order_of_the_rest() {
        let mut model = Model::default();
        for text in ["a", "b", "c"] {
            model.update(Msg::Add(text.into()));
        }
        assert!(model.update(Msg::Remove(1)));
        let texts: Vec<&str> = model.todos.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["a", "c"]);
    }
}
