//! Misuse that must not compile: a table has one primary key. The error must
//! point at the second `primary_key`.

use pm_table::Table;

#[derive(Table)]
struct Pair {
    #[table(primary_key)]
    left: i64,
    #[table(primary_key)]
    right: i64,
}
