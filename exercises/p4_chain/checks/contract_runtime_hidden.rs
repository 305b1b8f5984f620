//! Tutor-owned tests for `contract_runtime`: other contracts, exact gas.

#[path = "../contract_runtime.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::*;

    fn contract(body: &str) -> Vec<u8> {
        wat::parse_str(format!(
            r#"(module
                (import "env" "storage_get" (func $get (param i64) (result i64)))
                (import "env" "storage_set" (func $set (param i64 i64)))
                {body})"#
        ))
        .unwrap()
    }

    #[test]
    fn hidden_swap_and_revert() {
        let mut chain = Chain::new();
        let init = contract(
            r#"(func (export "run") (param $n i64) (result i64)
                (call $set (i64.const 1) (local.get $n))
                (call $set (i64.const 2) (i64.mul (local.get $n) (i64.const 2)))
                (i64.const 0))"#,
        );
        chain.call(&init, 21, 1_000_000).unwrap();
        let swap_then_fail = contract(
            r#"(func (export "run") (param $fail i64) (result i64)
                (local $a i64)
                (local.set $a (call $get (i64.const 1)))
                (call $set (i64.const 1) (call $get (i64.const 2)))
                (call $set (i64.const 2) (local.get $a))
                (if (i64.ne (local.get $fail) (i64.const 0)) (then unreachable))
                (call $get (i64.const 1)))"#,
        );
        assert!(matches!(
            chain.call(&swap_then_fail, 1, 1_000_000),
            Err(ExecError::Trap(_))
        ));
        assert_eq!((chain.storage(1), chain.storage(2)), (Some(21), Some(42)));
        let receipt = chain.call(&swap_then_fail, 0, 1_000_000).unwrap();
        assert_eq!(receipt.result, 42);
        assert_eq!((chain.storage(1), chain.storage(2)), (Some(42), Some(21)));
        assert!(receipt.gas_used >= 3 * STORAGE_GET_GAS + 2 * STORAGE_SET_GAS);
        let exact = receipt.gas_used;
        assert_eq!(
            chain.call(&swap_then_fail, 0, exact).unwrap().gas_used,
            exact
        );
        assert_eq!(
            chain.call(&swap_then_fail, 0, exact - 1),
            Err(ExecError::OutOfGas)
        );
        assert_eq!((chain.storage(1), chain.storage(2)), (Some(21), Some(42)));
    }

    #[test]
    fn hidden_pure_contracts_and_limits() {
        let mut chain = Chain::new();
        let pure = wat::parse_str(
            r#"(module (func (export "run") (param $n i64) (result i64)
                (i64.mul (local.get $n) (local.get $n))))"#,
        )
        .unwrap();
        let r = chain.call(&pure, 12, 1_000).unwrap();
        assert_eq!(r.result, 144);
        assert!(r.gas_used > 0 && r.gas_used < STORAGE_GET_GAS);
        let recurse = wat::parse_str(
            r#"(module (func $f (export "run") (param $n i64) (result i64)
                (call $f (local.get $n))))"#,
        )
        .unwrap();
        assert!(
            chain.call(&recurse, 0, 100_000_000).is_err(),
            "stack exhaustion or gas"
        );
        assert_eq!(chain.call(&pure, 3, 0), Err(ExecError::OutOfGas));
    }
}
