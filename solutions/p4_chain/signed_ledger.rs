//! A ledger of ed25519-signed transfers, safe against replays.
//!
//! Anyone can submit a `SignedTransfer`; the ledger applies it only if the
//! owner of the `from` account signed exactly this transfer, for this ledger,
//! once. What makes that true is *what the signature covers*:
//! - every field of the transfer, the nonce included (or an attacker replays
//!   an old transfer with a new nonce);
//! - the ledger's `chain_id` and a domain tag (or a transfer signed for a test
//!   network can be replayed on the real one, or a signature made for another
//!   purpose be passed off as a transfer).
//!
//! Then `apply`: check the signature with `verify_strict`, then the nonce
//! (each account's transfers are numbered 0, 1, 2, ...), then the amount and
//! the balances, and only when everything holds, change anything. A rejected
//! transfer consumes nothing, not even its nonce.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use std::collections::HashMap;

pub type Account = [u8; 32];

#[derive(Debug, Clone, PartialEq)]
pub struct Transfer {
    pub from: Account,
    pub to: Account,
    pub amount: u64,
    pub nonce: u64,
}

#[derive(Debug, Clone)]
pub struct SignedTransfer {
    pub transfer: Transfer,
    pub signature: Signature,
}

#[derive(Debug, PartialEq)]
pub enum LedgerError {
    BadSignature,
    BadNonce { expected: u64, got: u64 },
    ZeroAmount,
    InsufficientFunds { balance: u64, amount: u64 },
    Overflow,
}

const DOMAIN: &[u8] = b"tutor-ledger/transfer/v1";

/// The exact bytes a signature covers.
pub fn signing_bytes(chain_id: u32, t: &Transfer) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(DOMAIN.len() + 4 + 32 + 32 + 8 + 8);
    bytes.extend_from_slice(DOMAIN);
    bytes.extend_from_slice(&chain_id.to_le_bytes());
    bytes.extend_from_slice(&t.from);
    bytes.extend_from_slice(&t.to);
    bytes.extend_from_slice(&t.amount.to_le_bytes());
    bytes.extend_from_slice(&t.nonce.to_le_bytes());
    bytes
}

pub fn sign(key: &SigningKey, chain_id: u32, transfer: Transfer) -> SignedTransfer {
    let signature = key.sign(&signing_bytes(chain_id, &transfer));
    SignedTransfer {
        transfer,
        signature,
    }
}

pub struct Ledger {
    pub chain_id: u32,
    balances: HashMap<Account, u64>,
    nonces: HashMap<Account, u64>,
}

impl Ledger {
    pub fn new(chain_id: u32, genesis: &[(Account, u64)]) -> Ledger {
        Ledger {
            chain_id,
            balances: genesis.iter().copied().collect(),
            nonces: HashMap::new(),
        }
    }

    pub fn balance(&self, account: &Account) -> u64 {
        self.balances.get(account).copied().unwrap_or(0)
    }

    /// The nonce the next transfer from `account` must carry.
    pub fn next_nonce(&self, account: &Account) -> u64 {
        self.nonces.get(account).copied().unwrap_or(0)
    }

    pub fn apply(&mut self, tx: &SignedTransfer) -> Result<(), LedgerError> {
        let t = &tx.transfer;
        let key = VerifyingKey::from_bytes(&t.from).map_err(|_| LedgerError::BadSignature)?;
        key.verify_strict(&signing_bytes(self.chain_id, t), &tx.signature)
            .map_err(|_| LedgerError::BadSignature)?;
        let expected = self.next_nonce(&t.from);
        if t.nonce != expected {
            return Err(LedgerError::BadNonce {
                expected,
                got: t.nonce,
            });
        }
        if t.amount == 0 {
            return Err(LedgerError::ZeroAmount);
        }
        let balance = self.balance(&t.from);
        if balance < t.amount {
            return Err(LedgerError::InsufficientFunds {
                balance,
                amount: t.amount,
            });
        }
        if t.to != t.from {
            let credited = self
                .balance(&t.to)
                .checked_add(t.amount)
                .ok_or(LedgerError::Overflow)?;
            self.balances.insert(t.from, balance - t.amount);
            self.balances.insert(t.to, credited);
        }
        self.nonces.insert(t.from, expected + 1);
        Ok(())
    }
}

fn main() {
    let alice = SigningKey::from_bytes(&[1; 32]);
    let bob = SigningKey::from_bytes(&[2; 32]);
    let (a, b) = (
        alice.verifying_key().to_bytes(),
        bob.verifying_key().to_bytes(),
    );
    let mut ledger = Ledger::new(1, &[(a, 100)]);
    let tx = sign(
        &alice,
        1,
        Transfer {
            from: a,
            to: b,
            amount: 30,
            nonce: 0,
        },
    );
    println!("{:?}", ledger.apply(&tx));
    println!("replayed: {:?}", ledger.apply(&tx));
    println!("alice {} bob {}", ledger.balance(&a), ledger.balance(&b));
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHAIN: u32 = 7;

    fn key(seed: u8) -> (SigningKey, Account) {
        let key = SigningKey::from_bytes(&[seed; 32]);
        let account = key.verifying_key().to_bytes();
        (key, account)
    }

    fn transfer(from: Account, to: Account, amount: u64, nonce: u64) -> Transfer {
        Transfer {
            from,
            to,
            amount,
            nonce,
        }
    }

    #[test]
    fn a_signed_transfer_moves_money_once() {
        let (alice, a) = key(1);
        let (_, b) = key(2);
        let mut ledger = Ledger::new(CHAIN, &[(a, 100)]);
        let tx = sign(&alice, CHAIN, transfer(a, b, 30, 0));
        assert_eq!(ledger.apply(&tx), Ok(()));
        assert_eq!((ledger.balance(&a), ledger.balance(&b)), (70, 30));
        assert_eq!(ledger.next_nonce(&a), 1);
        assert_eq!(
            ledger.apply(&tx),
            Err(LedgerError::BadNonce {
                expected: 1,
                got: 0
            })
        );
        assert_eq!((ledger.balance(&a), ledger.balance(&b)), (70, 30));
    }

    #[test]
    fn the_signature_covers_every_field() {
        let (alice, a) = key(1);
        let (_, b) = key(2);
        let (_, c) = key(3);
        let mut ledger = Ledger::new(CHAIN, &[(a, 100)]);
        let good = sign(&alice, CHAIN, transfer(a, b, 10, 0));
        let mut forged = Vec::new();
        for edit in 0..3 {
            let mut tx = good.clone();
            match edit {
                0 => tx.transfer.amount = 99,
                1 => tx.transfer.to = c,
                _ => tx.transfer.nonce = 1,
            }
            forged.push(tx);
        }
        for tx in &forged {
            assert_eq!(
                ledger.apply(tx),
                Err(LedgerError::BadSignature),
                "{:?}",
                tx.transfer
            );
        }
        assert_eq!(ledger.apply(&good), Ok(()));
        // An attacker re-submits the old transfer with the next nonce.
        let mut replay = good.clone();
        replay.transfer.nonce = 1;
        assert_eq!(ledger.apply(&replay), Err(LedgerError::BadSignature));
        assert_eq!(ledger.balance(&a), 90);
    }

    #[test]
    fn only_the_owner_can_sign() {
        let (_, a) = key(1);
        let (mallory, m) = key(66);
        let mut ledger = Ledger::new(CHAIN, &[(a, 100)]);
        let theft = sign(&mallory, CHAIN, transfer(a, m, 100, 0));
        assert_eq!(ledger.apply(&theft), Err(LedgerError::BadSignature));
        assert_eq!(ledger.balance(&a), 100);
    }

    #[test]
    fn signatures_are_bound_to_one_chain() {
        let (alice, a) = key(1);
        let (_, b) = key(2);
        let mut testnet = Ledger::new(1, &[(a, 100)]);
        let mut mainnet = Ledger::new(2, &[(a, 100)]);
        let tx = sign(&alice, 1, transfer(a, b, 50, 0));
        assert_eq!(testnet.apply(&tx), Ok(()));
        assert_eq!(mainnet.apply(&tx), Err(LedgerError::BadSignature));
    }

    #[test]
    fn signatures_are_bound_to_transfers() {
        // A signature over these bytes was made for another protocol.
        let (alice, a) = key(1);
        let (_, b) = key(2);
        let t = transfer(a, b, 5, 0);
        let mut raw = Vec::new();
        raw.extend_from_slice(&CHAIN.to_le_bytes());
        raw.extend_from_slice(&t.from);
        raw.extend_from_slice(&t.to);
        raw.extend_from_slice(&t.amount.to_le_bytes());
        raw.extend_from_slice(&t.nonce.to_le_bytes());
        let tx = SignedTransfer {
            transfer: t,
            signature: alice.sign(&raw),
        };
        let mut ledger = Ledger::new(CHAIN, &[(a, 100)]);
        assert_eq!(ledger.apply(&tx), Err(LedgerError::BadSignature));
    }

    #[test]
    fn nonces_must_come_in_order() {
        let (alice, a) = key(1);
        let (_, b) = key(2);
        let mut ledger = Ledger::new(CHAIN, &[(a, 100)]);
        let early = sign(&alice, CHAIN, transfer(a, b, 1, 1));
        assert_eq!(
            ledger.apply(&early),
            Err(LedgerError::BadNonce {
                expected: 0,
                got: 1
            })
        );
        assert_eq!(
            ledger.apply(&sign(&alice, CHAIN, transfer(a, b, 1, 0))),
            Ok(())
        );
        assert_eq!(ledger.apply(&early), Ok(()));
    }

    #[test]
    fn rejected_transfers_change_nothing() {
        let (alice, a) = key(1);
        let (bob, b) = key(2);
        let mut ledger = Ledger::new(CHAIN, &[(a, 10), (b, u64::MAX)]);
        let too_much = sign(&alice, CHAIN, transfer(a, b, 11, 0));
        assert_eq!(
            ledger.apply(&too_much),
            Err(LedgerError::InsufficientFunds {
                balance: 10,
                amount: 11
            })
        );
        let zero = sign(&alice, CHAIN, transfer(a, b, 0, 0));
        assert_eq!(ledger.apply(&zero), Err(LedgerError::ZeroAmount));
        let overflow = sign(&alice, CHAIN, transfer(a, b, 10, 0));
        assert_eq!(ledger.apply(&overflow), Err(LedgerError::Overflow));
        assert_eq!(ledger.next_nonce(&a), 0, "no nonce consumed");
        assert_eq!((ledger.balance(&a), ledger.balance(&b)), (10, u64::MAX));
        let back = sign(&bob, CHAIN, transfer(b, a, 5, 0));
        assert_eq!(ledger.apply(&back), Ok(()));
        assert_eq!(ledger.balance(&a), 15);
    }

    #[test]
    fn a_transfer_to_oneself_keeps_the_balance() {
        let (alice, a) = key(1);
        let mut ledger = Ledger::new(CHAIN, &[(a, 10)]);
        assert_eq!(
            ledger.apply(&sign(&alice, CHAIN, transfer(a, a, 10, 0))),
            Ok(())
        );
        assert_eq!(ledger.balance(&a), 10);
        assert_eq!(ledger.next_nonce(&a), 1);
    }
}
