//! `#[derive(Table)]`: a tiny ORM over rusqlite.
//!
//! For a struct with named fields the derive generates:
//!
//! * `TABLE`: the `#[table(name = "...")]` of the struct, or its name in
//!   snake_case (`OrderLine` → `order_line`);
//! * `CREATE_SQL`, `INSERT_SQL` (numbered parameters `?1, ?2, ...`) and
//!   `SELECT_SQL` (every column, `ORDER BY` the primary key), columns in field
//!   order; `#[table(column = "...")]` renames a column;
//! * `create_table(&Connection)`, `insert(&self, &Connection)`,
//!   `select_all(&Connection) -> Result<Vec<Self>>` and
//!   `find(&Connection, key) -> Result<Option<Self>>`, where `key` has the type
//!   of the one field marked `#[table(primary_key)]`.
//!
//! Column types: integers and `bool` are `INTEGER`, `f32`/`f64` are `REAL`,
//! `String` is `TEXT`, `Vec<u8>` is `BLOB`, all `NOT NULL`; `Option<T>` is the
//! type of `T` without `NOT NULL`; the primary key column is
//! `<type> PRIMARY KEY`. Any other type is an error on that type, and so is a
//! second primary key (on its attribute).
//!
//! The tests are in `tests/table.rs` and `tests/cfail_*.rs`.
//!
//! The version below has the right shape and does nothing yet.

use proc_macro::TokenStream;
use quote::quote;
use syn::{DeriveInput, parse_macro_input};

#[proc_macro_derive(Table, attributes(table))]
pub fn derive_table(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    let name = &input.ident;

    // TODO: read `#[table(...)]` on the struct and on its fields, map each
    // field's type to a column type, and build the SQL strings here, while
    // the macro runs.
    let table = "TODO";
    let create_sql = "TODO";
    let insert_sql = "TODO";
    let select_sql = "TODO";

    quote! {
        impl #name {
            pub const TABLE: &'static str = #table;
            pub const CREATE_SQL: &'static str = #create_sql;
            pub const INSERT_SQL: &'static str = #insert_sql;
            pub const SELECT_SQL: &'static str = #select_sql;

            pub fn create_table(conn: &::rusqlite::Connection) -> ::rusqlite::Result<()> {
                conn.execute(Self::CREATE_SQL, []).map(|_| ())
            }

            pub fn insert(&self, conn: &::rusqlite::Connection) -> ::rusqlite::Result<()> {
                // TODO: bind every field as a parameter.
                conn.execute(Self::INSERT_SQL, []).map(|_| ())
            }

            pub fn select_all(
                conn: &::rusqlite::Connection,
            ) -> ::rusqlite::Result<::std::vec::Vec<Self>> {
                todo!("run SELECT_SQL and map each row to a value")
            }

            // TODO: the key's type is the type of the primary key field.
            pub fn find(
                conn: &::rusqlite::Connection,
                key: impl ::rusqlite::ToSql,
            ) -> ::rusqlite::Result<::core::option::Option<Self>> {
                todo!("select the row whose primary key is `key`")
            }
        }
    }
    .into()
}
