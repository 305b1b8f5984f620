//! Misuse that must not compile: SQLite has no column type for a list. The
//! error must point at the field's type.

use pm_table::Table;

#[derive(Table)]
struct Post {
    #[table(primary_key)]
    id: i64,
    tags: Vec<String>,
}
