//! Tutor-owned tests for `sqlite_repository`: atomicity, parameters, domain errors.

#[path = "../sqlite_repository.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::*;
    use rusqlite::Connection;

    #[test]
    fn hidden_migrate_is_idempotent_and_atomic() {
        let mut conn = Connection::open_in_memory().unwrap();
        for _ in 0..3 {
            assert_eq!(migrate(&mut conn).unwrap(), MIGRATIONS.len());
        }
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute_batch("CREATE VIEW transfers_from AS SELECT 1")
            .unwrap();
        assert!(migrate(&mut conn).is_err());
        assert_eq!(schema_version(&conn).unwrap(), 1);
        conn.execute_batch("DROP VIEW transfers_from").unwrap();
        assert_eq!(migrate(&mut conn).unwrap(), MIGRATIONS.len());
    }

    #[test]
    fn hidden_parameters_and_duplicates() {
        let repo = Repo::open_in_memory().unwrap();
        let odd = "a'b\"c;--@example.com";
        let acc = repo.create_account(odd).unwrap();
        assert_eq!(repo.find_by_email(odd).unwrap(), Some(acc));
        assert_eq!(repo.find_by_email("' OR 1=1 --").unwrap(), None);
        assert!(matches!(
            repo.create_account(odd),
            Err(RepoError::DuplicateEmail(e)) if e == odd
        ));
    }

    #[test]
    fn hidden_transfers_are_all_or_nothing() {
        let mut repo = Repo::open_in_memory().unwrap();
        let a = repo.create_account("a@x").unwrap().id;
        let b = repo.create_account("b@x").unwrap().id;
        repo.deposit(a, 50).unwrap();
        assert!(matches!(
            repo.transfer(a, b + 100, 10),
            Err(RepoError::NotFound(_))
        ));
        assert!(matches!(
            repo.transfer(a + 100, b, 10),
            Err(RepoError::NotFound(_))
        ));
        assert!(matches!(
            repo.transfer(a, b, 51),
            Err(RepoError::InsufficientFunds {
                needed: 51,
                available: 50
            })
        ));
        assert!(matches!(
            repo.transfer(a, b, -1),
            Err(RepoError::InvalidAmount(-1))
        ));
        assert_eq!(
            (repo.balance(a).unwrap(), repo.balance(b).unwrap()),
            (50, 0)
        );
        assert!(repo.history(a).unwrap().is_empty());
        repo.transfer(a, b, 50).unwrap();
        assert_eq!(
            (repo.balance(a).unwrap(), repo.balance(b).unwrap()),
            (0, 50)
        );
        assert_eq!(repo.history(b).unwrap().len(), 1);
    }
}
