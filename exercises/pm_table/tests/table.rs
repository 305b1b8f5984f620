//! Behaviour of `#[derive(Table)]`, run against a real in-memory SQLite
//! database. Owned by the tutor: make these pass by changing `src/lib.rs`.

use pm_table::Table;
use rusqlite::Connection;

#[derive(Table, Debug, PartialEq, Clone)]
#[table(name = "users")]
struct User {
    #[table(primary_key)]
    id: i64,
    name: String,
    email: Option<String>,
    #[table(column = "is_admin")]
    admin: bool,
    score: f64,
}

#[derive(Table, Debug, PartialEq)]
struct OrderLine {
    quantity: u32,
    #[table(primary_key)]
    sku: String,
    note: Option<String>,
    payload: Vec<u8>,
}

fn db() -> Connection {
    Connection::open_in_memory().unwrap()
}

fn ann() -> User {
    User {
        id: 1,
        name: "Ann".into(),
        email: Some("ann@example.org".into()),
        admin: true,
        score: 9.5,
    }
}

fn bob() -> User {
    User {
        id: 2,
        name: "Bob".into(),
        email: None,
        admin: false,
        score: -1.25,
    }
}

#[test]
fn the_generated_sql() {
    assert_eq!(User::TABLE, "users");
    assert_eq!(
        User::CREATE_SQL,
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, \
         is_admin INTEGER NOT NULL, score REAL NOT NULL)"
    );
    assert_eq!(
        User::INSERT_SQL,
        "INSERT INTO users (id, name, email, is_admin, score) VALUES (?1, ?2, ?3, ?4, ?5)"
    );
    assert_eq!(
        User::SELECT_SQL,
        "SELECT id, name, email, is_admin, score FROM users ORDER BY id"
    );
}

#[test]
fn the_default_table_name_is_the_snake_case_type_name() {
    assert_eq!(OrderLine::TABLE, "order_line");
}

#[test]
fn rows_round_trip() {
    let conn = db();
    User::create_table(&conn).unwrap();
    bob().insert(&conn).unwrap();
    ann().insert(&conn).unwrap();
    assert_eq!(User::select_all(&conn).unwrap(), vec![ann(), bob()]);
}

#[test]
fn find_by_primary_key() {
    let conn = db();
    User::create_table(&conn).unwrap();
    ann().insert(&conn).unwrap();
    assert_eq!(User::find(&conn, 1).unwrap(), Some(ann()));
    assert_eq!(User::find(&conn, 7).unwrap(), None);
}

#[test]
fn a_duplicate_primary_key_is_rejected_by_the_database() {
    let conn = db();
    User::create_table(&conn).unwrap();
    ann().insert(&conn).unwrap();
    assert!(ann().insert(&conn).is_err());
}

#[test]
fn values_are_bound_as_parameters_not_pasted_into_the_sql() {
    let conn = db();
    User::create_table(&conn).unwrap();
    let mut evil = bob();
    evil.name = "Robert'); DROP TABLE users;--".into();
    evil.insert(&conn).unwrap();
    assert_eq!(User::select_all(&conn).unwrap(), vec![evil]);
}

#[test]
fn column_types_nullability_and_key_in_the_schema() {
    let conn = db();
    OrderLine::create_table(&conn).unwrap();
    let mut stmt = conn
        .prepare("SELECT name, type, \"notnull\", pk FROM pragma_table_info('order_line')")
        .unwrap();
    let columns: Vec<(String, String, bool, bool)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let expected = [
        ("quantity", "INTEGER", true, false),
        ("sku", "TEXT", false, true),
        ("note", "TEXT", false, false),
        ("payload", "BLOB", true, false),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|&(n, t, nn, pk)| (n.to_string(), t.to_string(), nn, pk))
        .collect();
    assert_eq!(columns, expected);
}

#[test]
fn any_primary_key_type_works() {
    let conn = db();
    OrderLine::create_table(&conn).unwrap();
    let line = OrderLine {
        quantity: 3,
        sku: "A-1".into(),
        note: None,
        payload: vec![0, 255],
    };
    line.insert(&conn).unwrap();
    assert_eq!(
        OrderLine::find(&conn, "A-1".to_string()).unwrap(),
        Some(line)
    );
}
