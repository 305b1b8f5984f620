//! Tutor-owned tests for `signed_ledger`: a longer history and replays.

#[path = "../signed_ledger.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::*;
    use ed25519_dalek::SigningKey;

    #[test]
    fn hidden_history_and_replays() {
        let keys: Vec<SigningKey> = (10..13).map(|s| SigningKey::from_bytes(&[s; 32])).collect();
        let acct: Vec<Account> = keys.iter().map(|k| k.verifying_key().to_bytes()).collect();
        let mut ledger = Ledger::new(99, &[(acct[0], 1000)]);
        let mut history = Vec::new();
        for n in 0..5 {
            let tx = sign(
                &keys[0],
                99,
                Transfer {
                    from: acct[0],
                    to: acct[1 + n % 2],
                    amount: 100,
                    nonce: n as u64,
                },
            );
            assert_eq!(ledger.apply(&tx), Ok(()));
            history.push(tx);
        }
        for tx in &history {
            assert!(matches!(
                ledger.apply(tx),
                Err(LedgerError::BadNonce { expected: 5, .. })
            ));
        }
        let mut bumped = history[0].clone();
        bumped.transfer.nonce = 5;
        assert_eq!(ledger.apply(&bumped), Err(LedgerError::BadSignature));
        assert_eq!(ledger.balance(&acct[0]), 500);
        assert_eq!(ledger.balance(&acct[1]), 300);
        assert_eq!(ledger.balance(&acct[2]), 200);
        let other_chain = sign(
            &keys[0],
            98,
            Transfer {
                from: acct[0],
                to: acct[1],
                amount: 1,
                nonce: 5,
            },
        );
        assert_eq!(ledger.apply(&other_chain), Err(LedgerError::BadSignature));
        let broke = sign(
            &keys[2],
            99,
            Transfer {
                from: acct[2],
                to: acct[0],
                amount: 201,
                nonce: 0,
            },
        );
        assert!(matches!(
            ledger.apply(&broke),
            Err(LedgerError::InsufficientFunds { .. })
        ));
        assert_eq!(ledger.next_nonce(&acct[2]), 0);
        let ok = sign(
            &keys[2],
            99,
            Transfer {
                from: acct[2],
                to: acct[0],
                amount: 200,
                nonce: 0,
            },
        );
        assert_eq!(ledger.apply(&ok), Ok(()));
        assert_eq!(ledger.balance(&acct[2]), 0);
    }
}
