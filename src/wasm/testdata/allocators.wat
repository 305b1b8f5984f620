;; Allocators that hand out memory the host cannot use.
(module
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 1024))
  ;; Always the same block: the second buffer of a call lands on the first.
  (func (export "stale_alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "null_alloc") (param i32) (result i32) (i32.const 0))
  (func (export "odd_alloc") (param i32 i32) (result i32)
    (global.set $next (i32.add (global.get $next) (i32.const 1)))
    (global.get $next))
  (func (export "far_alloc") (param i32) (result i32) (i32.const 70000))
  (func (export "pair") (param i32 i32 i32 i32) (result i32) (i32.const 0))
)
