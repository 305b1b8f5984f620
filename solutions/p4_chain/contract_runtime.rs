//! A smart-contract runtime: WebAssembly contracts, gas, and storage that
//! reverts when a call fails.
//!
//! Contracts are wasm modules (written here in WAT, the text format) that
//! export `run(arg: i64) -> i64` and may import two host functions:
//! `env.storage_get(key: i64) -> i64` (0 for a missing key) and
//! `env.storage_set(key: i64, value: i64)`. The host is wasmi, an interpreter
//! that builds quickly (wasmtime, the seed's choice, takes minutes). Its *fuel*
//! is the gas: every instruction burns some, and a call that runs out stops.
//!
//! Implement `Chain::call`:
//! - an invalid module, a missing or mistyped `run`, or an import the host
//!   does not provide is `InvalidContract`;
//! - the call gets `gas_limit` fuel; host functions cost extra
//!   (`STORAGE_GET_GAS`, `STORAGE_SET_GAS`), charged before they act;
//! - running out is `OutOfGas`, any other trap is `Trap`;
//! - writes go to a journal that the contract reads through, and reach
//!   `Chain::storage` only if the call succeeds: a failed call changes nothing;
//! - the receipt reports the result and the gas used.

use std::collections::BTreeMap;
use wasmi::{Caller, Config, Engine, Linker, Module, Store, TrapCode};

pub const STORAGE_GET_GAS: u64 = 100;
pub const STORAGE_SET_GAS: u64 = 1_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Receipt {
    pub result: i64,
    pub gas_used: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExecError {
    InvalidContract(String),
    OutOfGas,
    Trap(String),
}

/// What the host functions of one call see.
struct CallState {
    committed: BTreeMap<i64, i64>,
    writes: BTreeMap<i64, i64>,
}

impl CallState {
    fn get(&self, key: i64) -> i64 {
        self.writes
            .get(&key)
            .or_else(|| self.committed.get(&key))
            .copied()
            .unwrap_or(0)
    }
}

/// Burns `gas` fuel, or fails the call as out of gas.
fn charge(caller: &mut Caller<'_, CallState>, gas: u64) -> Result<(), wasmi::Error> {
    let left = caller.get_fuel()?;
    if left < gas {
        caller.set_fuel(0)?;
        return Err(TrapCode::OutOfFuel.into());
    }
    caller.set_fuel(left - gas)
}

pub struct Chain {
    engine: Engine,
    storage: BTreeMap<i64, i64>,
}

impl Default for Chain {
    fn default() -> Self {
        Chain::new()
    }
}

impl Chain {
    pub fn new() -> Chain {
        let mut config = Config::default();
        config.consume_fuel(true);
        Chain {
            engine: Engine::new(&config),
            storage: BTreeMap::new(),
        }
    }

    pub fn storage(&self, key: i64) -> Option<i64> {
        self.storage.get(&key).copied()
    }

    pub fn call(
        &mut self,
        contract: &[u8],
        arg: i64,
        gas_limit: u64,
    ) -> Result<Receipt, ExecError> {
        let invalid = |e: wasmi::Error| ExecError::InvalidContract(e.to_string());
        let module = Module::new(&self.engine, contract).map_err(invalid)?;
        let state = CallState {
            committed: self.storage.clone(),
            writes: BTreeMap::new(),
        };
        let mut store = Store::new(&self.engine, state);
        store.set_fuel(gas_limit).expect("fuel metering is enabled");
        let mut linker = Linker::<CallState>::new(&self.engine);
        linker
            .func_wrap(
                "env",
                "storage_get",
                |mut caller: Caller<'_, CallState>, key: i64| -> Result<i64, wasmi::Error> {
                    charge(&mut caller, STORAGE_GET_GAS)?;
                    Ok(caller.data().get(key))
                },
            )
            .expect("a fresh linker");
        linker
            .func_wrap(
                "env",
                "storage_set",
                |mut caller: Caller<'_, CallState>,
                 key: i64,
                 value: i64|
                 -> Result<(), wasmi::Error> {
                    charge(&mut caller, STORAGE_SET_GAS)?;
                    caller.data_mut().writes.insert(key, value);
                    Ok(())
                },
            )
            .expect("a fresh linker");
        let instance = linker
            .instantiate_and_start(&mut store, &module)
            .map_err(invalid)?;
        let run = instance
            .get_typed_func::<i64, i64>(&store, "run")
            .map_err(invalid)?;
        match run.call(&mut store, arg) {
            Ok(result) => {
                let gas_used = gas_limit - store.get_fuel().expect("fuel metering is enabled");
                let writes = std::mem::take(&mut store.data_mut().writes);
                self.storage.extend(writes);
                Ok(Receipt { result, gas_used })
            }
            Err(e) if e.as_trap_code() == Some(TrapCode::OutOfFuel) => Err(ExecError::OutOfGas),
            Err(e) => Err(ExecError::Trap(e.to_string())),
        }
    }
}

fn main() {
    let counter = wat::parse_str(
        r#"(module
            (import "env" "storage_get" (func $get (param i64) (result i64)))
            (import "env" "storage_set" (func $set (param i64 i64)))
            (func (export "run") (param $n i64) (result i64)
                (call $set (i64.const 0) (i64.add (call $get (i64.const 0)) (local.get $n)))
                (call $get (i64.const 0))))"#,
    )
    .expect("valid WAT");
    let mut chain = Chain::new();
    println!("{:?}", chain.call(&counter, 5, 10_000));
    println!("{:?}", chain.call(&counter, 5, 10));
    println!("storage[0] = {:?}", chain.storage(0));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contract(body: &str) -> Vec<u8> {
        wat::parse_str(format!(
            r#"(module
                (import "env" "storage_get" (func $get (param i64) (result i64)))
                (import "env" "storage_set" (func $set (param i64 i64)))
                {body})"#
        ))
        .expect("valid WAT")
    }

    fn counter() -> Vec<u8> {
        contract(
            r#"(func (export "run") (param $n i64) (result i64)
                (call $set (i64.const 0) (i64.add (call $get (i64.const 0)) (local.get $n)))
                (call $get (i64.const 0)))"#,
        )
    }

    #[test]
    fn a_counter_keeps_its_state_between_calls() {
        let mut chain = Chain::new();
        assert_eq!(chain.call(&counter(), 5, 100_000).unwrap().result, 5);
        assert_eq!(chain.call(&counter(), 7, 100_000).unwrap().result, 12);
        assert_eq!(chain.storage(0), Some(12));
        assert_eq!(chain.storage(1), None);
    }

    #[test]
    fn gas_is_measured_and_enforced() {
        let mut chain = Chain::new();
        let used = chain.call(&counter(), 1, 100_000).unwrap().gas_used;
        assert!(
            used > 2 * STORAGE_GET_GAS + STORAGE_SET_GAS,
            "host calls cost gas: {used}"
        );
        assert_eq!(chain.call(&counter(), 1, used).unwrap().gas_used, used);
        assert_eq!(chain.storage(0), Some(2));
        assert_eq!(
            chain.call(&counter(), 1, used - 1),
            Err(ExecError::OutOfGas)
        );
        assert_eq!(
            chain.storage(0),
            Some(2),
            "an out-of-gas call changes nothing"
        );
    }

    #[test]
    fn an_endless_loop_runs_out_of_gas() {
        let mut chain = Chain::new();
        let spin = contract(
            r#"(func (export "run") (param i64) (result i64) (loop $l (br $l)) (i64.const 0))"#,
        );
        assert_eq!(chain.call(&spin, 0, 50_000), Err(ExecError::OutOfGas));
    }

    #[test]
    fn a_trap_reverts_the_writes() {
        let mut chain = Chain::new();
        chain.call(&counter(), 3, 100_000).unwrap();
        let rogue = contract(
            r#"(func (export "run") (param i64) (result i64)
                (call $set (i64.const 0) (i64.const 1000))
                (call $set (i64.const 9) (i64.const 9))
                unreachable)"#,
        );
        let err = chain.call(&rogue, 0, 100_000).unwrap_err();
        assert!(
            matches!(&err, ExecError::Trap(msg) if msg.contains("unreachable")),
            "{err:?}"
        );
        assert_eq!((chain.storage(0), chain.storage(9)), (Some(3), None));
        let divide = contract(
            r#"(func (export "run") (param $n i64) (result i64)
                (call $set (i64.const 5) (i64.const 5))
                (i64.div_s (i64.const 1) (local.get $n)))"#,
        );
        assert!(matches!(
            chain.call(&divide, 0, 100_000),
            Err(ExecError::Trap(_))
        ));
        assert_eq!(chain.call(&divide, 1, 100_000).unwrap().result, 1);
        assert_eq!(chain.storage(5), Some(5));
    }

    #[test]
    fn writes_are_charged_before_they_happen() {
        let mut chain = Chain::new();
        let writer = contract(
            r#"(func (export "run") (param $n i64) (result i64)
                (local $i i64)
                (loop $l
                    (call $set (local.get $i) (local.get $i))
                    (local.set $i (i64.add (local.get $i) (i64.const 1)))
                    (br_if $l (i64.lt_s (local.get $i) (local.get $n))))
                (local.get $i))"#,
        );
        assert_eq!(
            chain.call(&writer, 10, 5 * STORAGE_SET_GAS + 500),
            Err(ExecError::OutOfGas)
        );
        assert_eq!(chain.storage(0), None, "no write of a failed call is kept");
        assert_eq!(
            chain
                .call(&writer, 10, 20 * STORAGE_SET_GAS)
                .unwrap()
                .result,
            10
        );
        assert_eq!(chain.storage(9), Some(9));
    }

    #[test]
    fn a_contract_reads_its_own_pending_writes() {
        let mut chain = Chain::new();
        let rw = contract(
            r#"(func (export "run") (param $n i64) (result i64)
                (call $set (i64.const 1) (local.get $n))
                (call $get (i64.const 1)))"#,
        );
        assert_eq!(chain.call(&rw, 42, 100_000).unwrap().result, 42);
    }

    #[test]
    fn invalid_contracts_are_rejected() {
        let mut chain = Chain::new();
        let cases = [
            b"not wasm at all".to_vec(),
            contract(r#"(func (export "start") (result i64) (i64.const 1))"#),
            contract(r#"(func (export "run") (param i32) (result i32) (i32.const 1))"#),
            wat::parse_str(
                r#"(module (import "env" "steal" (func (param i64)))
                   (func (export "run") (param i64) (result i64) (i64.const 0)))"#,
            )
            .unwrap(),
        ];
        for (i, wasm) in cases.iter().enumerate() {
            let res = chain.call(wasm, 0, 100_000);
            assert!(
                matches!(res, Err(ExecError::InvalidContract(_))),
                "case {i}: {res:?}"
            );
        }
    }
}
