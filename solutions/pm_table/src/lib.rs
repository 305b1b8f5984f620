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

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use quote::quote;
use syn::{
    Attribute, Data, DeriveInput, Fields, GenericArgument, Ident, LitStr, PathArguments, Type,
    parse_macro_input,
};

#[proc_macro_derive(Table, attributes(table))]
pub fn derive_table(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(err) => err.to_compile_error().into(),
    }
}

struct Column<'a> {
    field: &'a Ident,
    ty: &'a Type,
    name: String,
    sql_type: &'static str,
    nullable: bool,
}

fn expand(input: &DeriveInput) -> syn::Result<TokenStream2> {
    let name = &input.ident;
    let fields = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => &named.named,
            _ => return Err(syn::Error::new_spanned(name, "Table needs named fields")),
        },
        _ => return Err(syn::Error::new_spanned(name, "Table needs a struct")),
    };

    let mut table = snake_case(&name.to_string());
    for attr in table_attrs(&input.attrs) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("name") {
                table = meta.value()?.parse::<LitStr>()?.value();
                Ok(())
            } else {
                Err(meta.error("expected `name = \"...\"`"))
            }
        })?;
    }

    let mut columns = Vec::new();
    let mut key: Option<usize> = None;
    for field in fields {
        let ident = field.ident.as_ref().expect("named field");
        let mut column = ident.to_string();
        for attr in table_attrs(&field.attrs) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("column") {
                    column = meta.value()?.parse::<LitStr>()?.value();
                } else if meta.path.is_ident("primary_key") {
                    if key.is_some() {
                        return Err(meta.error("a table has only one primary key"));
                    }
                    key = Some(columns.len());
                } else {
                    return Err(meta.error("expected `column = \"...\"` or `primary_key`"));
                }
                Ok(())
            })?;
        }
        let (sql_type, nullable) = sql_type(&field.ty)?;
        columns.push(Column {
            field: ident,
            ty: &field.ty,
            name: column,
            sql_type,
            nullable,
        });
    }
    let key = key.ok_or_else(|| {
        syn::Error::new_spanned(name, "Table needs one field marked `#[table(primary_key)]`")
    })?;

    let definitions: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| match (i == key, c.nullable) {
            (true, _) => format!("{} {} PRIMARY KEY", c.name, c.sql_type),
            (false, true) => format!("{} {}", c.name, c.sql_type),
            (false, false) => format!("{} {} NOT NULL", c.name, c.sql_type),
        })
        .collect();
    let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
    let key_column = &columns[key];

    let create_sql = format!("CREATE TABLE {table} ({})", definitions.join(", "));
    let insert_sql = format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        names.join(", "),
        placeholders.join(", ")
    );
    let select_sql = format!(
        "SELECT {} FROM {table} ORDER BY {}",
        names.join(", "),
        key_column.name
    );
    let find_sql = format!(
        "SELECT {} FROM {table} WHERE {} = ?1",
        names.join(", "),
        key_column.name
    );

    let field_idents: Vec<&Ident> = columns.iter().map(|c| c.field).collect();
    let indices = 0..columns.len();
    let key_ty = key_column.ty;

    Ok(quote! {
        impl #name {
            pub const TABLE: &'static str = #table;
            pub const CREATE_SQL: &'static str = #create_sql;
            pub const INSERT_SQL: &'static str = #insert_sql;
            pub const SELECT_SQL: &'static str = #select_sql;

            pub fn create_table(conn: &::rusqlite::Connection) -> ::rusqlite::Result<()> {
                conn.execute(Self::CREATE_SQL, []).map(|_| ())
            }

            pub fn insert(&self, conn: &::rusqlite::Connection) -> ::rusqlite::Result<()> {
                conn.execute(Self::INSERT_SQL, ::rusqlite::params![#(self.#field_idents),*])
                    .map(|_| ())
            }

            pub fn select_all(
                conn: &::rusqlite::Connection,
            ) -> ::rusqlite::Result<::std::vec::Vec<Self>> {
                let mut stmt = conn.prepare(Self::SELECT_SQL)?;
                let rows = stmt.query_map([], Self::from_row)?;
                rows.collect()
            }

            pub fn find(
                conn: &::rusqlite::Connection,
                key: #key_ty,
            ) -> ::rusqlite::Result<::core::option::Option<Self>> {
                use ::rusqlite::OptionalExtension as _;
                conn.query_row(#find_sql, [key], Self::from_row).optional()
            }

            fn from_row(row: &::rusqlite::Row<'_>) -> ::rusqlite::Result<Self> {
                ::core::result::Result::Ok(Self {
                    #(#field_idents: row.get(#indices)?,)*
                })
            }
        }
    })
}

fn table_attrs(attrs: &[Attribute]) -> impl Iterator<Item = &Attribute> {
    attrs.iter().filter(|a| a.path().is_ident("table"))
}

/// The SQLite column type of a field, and whether it may be NULL.
fn sql_type(ty: &Type) -> syn::Result<(&'static str, bool)> {
    if let Some(inner) = single_argument(ty, "Option") {
        return Ok((sql_type(inner)?.0, true));
    }
    let unsupported = || syn::Error::new_spanned(ty, "unsupported column type");
    if single_argument(ty, "Vec").is_some_and(|item| is_named(item, "u8")) {
        return Ok(("BLOB", false));
    }
    let Type::Path(path) = ty else {
        return Err(unsupported());
    };
    let last = path.path.segments.last().ok_or_else(unsupported)?;
    let sql = match last.ident.to_string().as_str() {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "bool" => "INTEGER",
        "f32" | "f64" => "REAL",
        "String" => "TEXT",
        _ => return Err(unsupported()),
    };
    Ok((sql, false))
}

fn is_named(ty: &Type, name: &str) -> bool {
    matches!(ty, Type::Path(p) if p.path.is_ident(name))
}

fn single_argument<'a>(ty: &'a Type, wrapper: &str) -> Option<&'a Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != wrapper {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(inner) if args.args.len() == 1 => Some(inner),
        _ => None,
    }
}

/// `OrderLine` → `order_line`.
fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
