//! A repository over SQLite: migrations, parameters, transactions, domain errors.
//!
//! The seed names Diesel and SQLx; the course uses rusqlite (with a bundled
//! SQLite): the same lessons, a fraction of the build time, and no database
//! server. Never put rusqlite and sqlx in one dependency graph: both link
//! `sqlite3`, and cargo refuses two crates that link the same native library.
//!
//! `Repo` works, mostly. Make it correct:
//! - `migrate` applies only the migrations the database has not seen yet
//!   (`PRAGMA user_version` records how many ran), each one atomically;
//! - no SQL is built with `format!`: emails such as `o'brien@example.com`
//!   must work, and hostile input must be stored, not executed;
//! - a second account with the same email is `RepoError::DuplicateEmail`;
//! - `transfer` is all or nothing: on any error (unknown account, not enough
//!   money) no balance changes and no transfer is recorded.

use rusqlite::{Connection, OptionalExtension, params};

/// Migration `i` brings the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    "CREATE TABLE accounts (
        id      INTEGER PRIMARY KEY,
        email   TEXT NOT NULL UNIQUE,
        balance INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0)
    );",
    "CREATE TABLE transfers (
        id      INTEGER PRIMARY KEY,
        from_id INTEGER NOT NULL REFERENCES accounts(id),
        to_id   INTEGER NOT NULL REFERENCES accounts(id),
        amount  INTEGER NOT NULL CHECK (amount > 0)
    );
    CREATE INDEX transfers_from ON transfers(from_id);",
];

#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub balance: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Transfer {
    pub from: i64,
    pub to: i64,
    pub amount: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    #[error("the email {0} is already registered")]
    DuplicateEmail(String),
    #[error("account {0} does not exist")]
    NotFound(i64),
    #[error("not enough money: {needed} needed, {available} available")]
    InsufficientFunds { needed: i64, available: i64 },
    #[error("amounts must be positive, got {0}")]
    InvalidAmount(i64),
    #[error("database error")]
    Db(#[from] rusqlite::Error),
}

pub type Result<T> = std::result::Result<T, RepoError>;

/// The schema version recorded in the database.
pub fn schema_version(conn: &Connection) -> Result<usize> {
    let v: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    Ok(v as usize)
}

/// Applies the migrations the database has not seen; returns the new version.
pub fn migrate(conn: &mut Connection) -> Result<usize> {
    let current = schema_version(conn)?;
    for (version, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (version + 1) as i64)?;
        tx.commit()?;
    }
    schema_version(conn)
}

pub struct Repo {
    conn: Connection,
}

impl Repo {
    pub fn new(mut conn: Connection) -> Result<Repo> {
        conn.pragma_update(None, "foreign_keys", true)?;
        migrate(&mut conn)?;
        Ok(Repo { conn })
    }

    pub fn open_in_memory() -> Result<Repo> {
        Repo::new(Connection::open_in_memory()?)
    }

    pub fn create_account(&self, email: &str) -> Result<Account> {
        let inserted = self
            .conn
            .execute("INSERT INTO accounts (email) VALUES (?1)", params![email]);
        match inserted {
            Ok(_) => Ok(Account {
                id: self.conn.last_insert_rowid(),
                email: email.to_string(),
                balance: 0,
            }),
            Err(err)
                if err.sqlite_extended_error_code()
                    == Some(rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE) =>
            {
                Err(RepoError::DuplicateEmail(email.to_string()))
            }
            Err(err) => Err(err.into()),
        }
    }

    pub fn find_by_email(&self, email: &str) -> Result<Option<Account>> {
        let account = self
            .conn
            .query_row(
                "SELECT id, email, balance FROM accounts WHERE email = ?1",
                params![email],
                |row| {
                    Ok(Account {
                        id: row.get(0)?,
                        email: row.get(1)?,
                        balance: row.get(2)?,
                    })
                },
            )
            .optional()?;
        Ok(account)
    }

    pub fn balance(&self, id: i64) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT balance FROM accounts WHERE id = ?1",
                params![id],
                |row| row.get(0),
            )
            .optional()?
            .ok_or(RepoError::NotFound(id))
    }

    pub fn deposit(&self, id: i64, amount: i64) -> Result<()> {
        if amount <= 0 {
            return Err(RepoError::InvalidAmount(amount));
        }
        let updated = self.conn.execute(
            "UPDATE accounts SET balance = balance + ?1 WHERE id = ?2",
            params![amount, id],
        )?;
        if updated == 0 {
            return Err(RepoError::NotFound(id));
        }
        Ok(())
    }

    /// Moves `amount` from `from` to `to`, and records it; all or nothing.
    pub fn transfer(&mut self, from: i64, to: i64, amount: i64) -> Result<()> {
        if amount <= 0 {
            return Err(RepoError::InvalidAmount(amount));
        }
        // Dropping a `Transaction` without `commit` rolls it back, so every
        // early return below (including `?`) undoes what was done before.
        let tx = self.conn.transaction()?;
        let available: i64 = tx
            .query_row(
                "SELECT balance FROM accounts WHERE id = ?1",
                params![from],
                |row| row.get(0),
            )
            .optional()?
            .ok_or(RepoError::NotFound(from))?;
        if available < amount {
            return Err(RepoError::InsufficientFunds {
                needed: amount,
                available,
            });
        }
        tx.execute(
            "UPDATE accounts SET balance = balance - ?1 WHERE id = ?2",
            params![amount, from],
        )?;
        let credited = tx.execute(
            "UPDATE accounts SET balance = balance + ?1 WHERE id = ?2",
            params![amount, to],
        )?;
        if credited == 0 {
            return Err(RepoError::NotFound(to));
        }
        tx.execute(
            "INSERT INTO transfers (from_id, to_id, amount) VALUES (?1, ?2, ?3)",
            params![from, to, amount],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Transfers out of or into `id`, oldest first.
    pub fn history(&self, id: i64) -> Result<Vec<Transfer>> {
        let mut stmt = self.conn.prepare(
            "SELECT from_id, to_id, amount FROM transfers
             WHERE from_id = ?1 OR to_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![id], |row| {
            Ok(Transfer {
                from: row.get(0)?,
                to: row.get(1)?,
                amount: row.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn main() -> std::result::Result<(), RepoError> {
    let mut repo = Repo::open_in_memory()?;
    let a = repo.create_account("ada@example.com")?;
    let b = repo.create_account("bob@example.com")?;
    repo.deposit(a.id, 100)?;
    repo.transfer(a.id, b.id, 30)?;
    println!("{:?}", repo.history(a.id)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo_with_two() -> (Repo, i64, i64) {
        let repo = Repo::open_in_memory().unwrap();
        let a = repo.create_account("a@example.com").unwrap().id;
        let b = repo.create_account("b@example.com").unwrap().id;
        repo.deposit(a, 100).unwrap();
        (repo, a, b)
    }

    #[test]
    fn migrations_run_once_and_record_the_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(migrate(&mut conn).unwrap(), MIGRATIONS.len());
        assert_eq!(migrate(&mut conn).unwrap(), MIGRATIONS.len());
        assert_eq!(schema_version(&conn).unwrap(), MIGRATIONS.len());
    }

    #[test]
    fn migrations_continue_from_the_recorded_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.execute(
            "INSERT INTO accounts (email) VALUES ('old@example.com')",
            [],
        )
        .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        assert_eq!(migrate(&mut conn).unwrap(), MIGRATIONS.len());
        let repo = Repo::new(conn).unwrap();
        assert!(repo.find_by_email("old@example.com").unwrap().is_some());
    }

    #[test]
    fn a_failing_migration_leaves_no_trace() {
        let mut conn = Connection::open_in_memory().unwrap();
        // Something already named like the index of migration 2: it fails
        // half-way, after creating the `transfers` table.
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute_batch("CREATE TABLE transfers_from (x)")
            .unwrap();
        assert!(migrate(&mut conn).is_err());
        assert_eq!(schema_version(&conn).unwrap(), 1);
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'transfers'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 0, "the half-applied migration must be rolled back");
    }

    #[test]
    fn emails_are_parameters_not_sql() {
        let repo = Repo::open_in_memory().unwrap();
        let tricky = "o'brien@example.com";
        let created = repo.create_account(tricky).unwrap();
        assert_eq!(repo.find_by_email(tricky).unwrap(), Some(created));
        let hostile = "x' OR '1'='1";
        assert_eq!(repo.find_by_email(hostile).unwrap(), None);
        repo.create_account("z'); DROP TABLE accounts; --").unwrap();
        assert!(repo.find_by_email(tricky).unwrap().is_some());
    }

    #[test]
    fn duplicate_email_is_a_domain_error() {
        let repo = Repo::open_in_memory().unwrap();
        repo.create_account("dup@example.com").unwrap();
        let err = repo.create_account("dup@example.com").unwrap_err();
        assert!(
            matches!(&err, RepoError::DuplicateEmail(e) if e == "dup@example.com"),
            "{err:?}"
        );
    }

    #[test]
    fn transfer_moves_money_and_records_it() {
        let (mut repo, a, b) = repo_with_two();
        repo.transfer(a, b, 30).unwrap();
        repo.transfer(b, a, 5).unwrap();
        assert_eq!(repo.balance(a).unwrap(), 75);
        assert_eq!(repo.balance(b).unwrap(), 25);
        assert_eq!(
            repo.history(a).unwrap(),
            vec![
                Transfer {
                    from: a,
                    to: b,
                    amount: 30
                },
                Transfer {
                    from: b,
                    to: a,
                    amount: 5
                },
            ]
        );
    }

    #[test]
    fn insufficient_funds_changes_nothing() {
        let (mut repo, a, b) = repo_with_two();
        let err = repo.transfer(a, b, 101).unwrap_err();
        assert!(
            matches!(
                err,
                RepoError::InsufficientFunds {
                    needed: 101,
                    available: 100
                }
            ),
            "{err:?}"
        );
        assert_eq!(repo.balance(a).unwrap(), 100);
        assert_eq!(repo.balance(b).unwrap(), 0);
        assert!(repo.history(a).unwrap().is_empty());
    }

    #[test]
    fn transfer_to_a_missing_account_is_rolled_back() {
        let (mut repo, a, _) = repo_with_two();
        let err = repo.transfer(a, 999, 40).unwrap_err();
        assert!(matches!(err, RepoError::NotFound(999)), "{err:?}");
        assert_eq!(repo.balance(a).unwrap(), 100, "the debit must be undone");
        assert!(repo.history(a).unwrap().is_empty());
    }

    #[test]
    fn amounts_must_be_positive() {
        let (mut repo, a, b) = repo_with_two();
        assert!(matches!(
            repo.transfer(a, b, 0),
            Err(RepoError::InvalidAmount(0))
        ));
        assert!(matches!(
            repo.transfer(a, b, -5),
            Err(RepoError::InvalidAmount(-5))
        ));
        assert!(matches!(
            repo.deposit(b, -1),
            Err(RepoError::InvalidAmount(-1))
        ));
        assert!(matches!(repo.deposit(42, 1), Err(RepoError::NotFound(42))));
        assert_eq!(repo.balance(a).unwrap(), 100);
    }
}
