//! Behaviour of `#[derive(Builder)]`. Owned by the tutor: make these pass by
//! changing `src/lib.rs`.

use pm_builder::Builder;

#[derive(Builder, Debug, PartialEq)]
pub struct Command {
    executable: String,
    #[builder(each = "arg")]
    args: Vec<String>,
    #[builder(each = "env")]
    env: Vec<String>,
    current_dir: Option<String>,
}

#[test]
fn builds_with_every_field_set() {
    let command = Command::builder()
        .executable("cargo".to_string())
        .arg("build".to_string())
        .arg("--release".to_string())
        .env("RUST_LOG=debug".to_string())
        .current_dir("..".to_string())
        .build()
        .unwrap();
    assert_eq!(
        command,
        Command {
            executable: "cargo".into(),
            args: vec!["build".into(), "--release".into()],
            env: vec!["RUST_LOG=debug".into()],
            current_dir: Some("..".into()),
        }
    );
}

#[test]
fn optional_and_repeated_fields_may_be_left_out() {
    let command = Command::builder()
        .executable("ls".to_string())
        .build()
        .unwrap();
    assert_eq!(command.args, Vec::<String>::new());
    assert_eq!(command.env, Vec::<String>::new());
    assert_eq!(command.current_dir, None);
}

#[test]
fn a_missing_required_field_is_an_error_that_names_it() {
    let err = Command::builder().arg("x".to_string()).build().unwrap_err();
    assert_eq!(err.to_string(), "missing field `executable`");
}

#[test]
fn the_last_call_of_a_setter_wins() {
    let command = Command::builder()
        .executable("a".to_string())
        .executable("b".to_string())
        .build()
        .unwrap();
    assert_eq!(command.executable, "b");
}

#[derive(Builder, Debug)]
pub struct Request {
    #[builder(each = "header")]
    headers: Vec<(String, String)>,
    #[builder(each = "tags")]
    tags: Vec<u32>,
}

#[test]
fn each_works_for_any_element_type() {
    let req = Request::builder()
        .header(("Accept".to_string(), "*/*".to_string()))
        .header(("Host".to_string(), "example".to_string()))
        .build()
        .unwrap();
    assert_eq!(req.headers.len(), 2);
    assert_eq!(req.headers[1].0, "Host");
}

#[test]
fn when_each_has_the_fields_name_only_the_one_at_a_time_setter_exists() {
    let req = Request::builder().tags(1).tags(2).build().unwrap();
    assert_eq!(req.tags, vec![1, 2]);
}

#[derive(Builder, Debug)]
pub struct Flags {
    #[builder(each = "flag")]
    all: Vec<char>,
}

#[test]
fn when_each_has_another_name_both_setters_exist() {
    let flags = Flags::builder()
        .all(vec!['a', 'b'])
        .flag('c')
        .build()
        .unwrap();
    assert_eq!(flags.all, vec!['a', 'b', 'c']);
}

/// The generated code must not depend on what the caller's module calls
/// `Option`, `Some`, `None`, `Ok`, `Err`, `Vec`, `String`, `Box` or `Result`.
mod shadowed_prelude {
    #![allow(dead_code, non_snake_case)]
    use pm_builder::Builder;

    type Option = ();
    type Some = ();
    type None = ();
    type Result = ();
    type Box = ();
    type Vec = ();
    type String = ();
    fn Ok() {}
    fn Err() {}

    #[derive(Builder)]
    pub struct Job {
        pub name: ::std::string::String,
        #[builder(each = "step")]
        pub steps: ::std::vec::Vec<u8>,
        pub retries: ::std::option::Option<u8>,
    }
}

#[test]
fn generated_code_uses_absolute_paths() {
    let job = shadowed_prelude::Job::builder()
        .name("nightly".to_string())
        .step(1)
        .build()
        .unwrap();
    assert_eq!(job.name, "nightly");
    assert_eq!(job.steps, vec![1]);
    assert_eq!(job.retries, None);
}
