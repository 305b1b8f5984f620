//! Behaviour of `#[derive(Validate)]`: it already works on correct input and
//! must keep working while you rework its error reporting. Owned by the tutor.

use pm_validate::Validate;

#[derive(Validate)]
struct SignUp {
    #[validate(len(min = 3, max = 20))]
    name: String,
    #[validate(range(min = 18, max = 130))]
    age: u32,
    #[validate(len(max = 3))]
    tags: Vec<String>,
    #[allow(dead_code)]
    nickname: Option<String>,
}

fn valid() -> SignUp {
    SignUp {
        name: "ferris".into(),
        age: 30,
        tags: vec!["rust".into()],
        nickname: None,
    }
}

#[test]
fn a_valid_value_passes() {
    assert_eq!(valid().validate(), Ok(()));
}

#[test]
fn every_failure_is_reported_in_field_order() {
    let form = SignUp {
        name: "al".into(),
        age: 17,
        tags: vec![String::new(); 4],
        ..valid()
    };
    assert_eq!(
        form.validate(),
        Err(vec![
            "name: length 2 is not in 3..=20".to_string(),
            "age: 17 is not in 18..=130".to_string(),
            "tags: length 4 is not in 0..=3".to_string(),
        ])
    );
}

#[test]
fn bounds_are_inclusive() {
    let mut form = valid();
    form.age = 130;
    form.name = "abc".into();
    assert_eq!(form.validate(), Ok(()));
}
